package io.infer.engine;

import io.infer.backend.ForwardPass;
import io.infer.model.Qwen3Config;
import io.infer.sampling.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * A deterministic stand-in for a model, for scheduler tests: it keeps each sequence's tokens like a KV cache and
 * makes {@code script[(seqFirstToken + position + 1) % script.length]} the most likely next token (logit 10; the
 * token after it in the script gets 5, everything else 0). So each request's continuation depends on its own
 * cached history: a scheduler that mixed up slots or positions produces visibly wrong output.
 */
final class ScriptedForwardPass implements ForwardPass {

    private final Qwen3Config config;
    private final int maxSequences;
    private final int contextLength;
    private final int[] script;
    private final int[][] history;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    volatile int maxBatch;
    /** When set, every decode call takes a permit first: tests step the engine one token at a time. */
    volatile Semaphore decodePermits;
    /** When set, decode throws this once. */
    volatile RuntimeException failNextDecode;
    /** Whether this fake claims to select the top-k on its device (decodeTopK then records "topk N"). */
    volatile boolean topKOnDevice;

    ScriptedForwardPass(int vocab, int maxSequences, int contextLength, int[] script) {
        this.config = new Qwen3Config("qwen3", 1, 8, 8, 1, 1, 8, 8, 1e-6f, 1e6f, contextLength, vocab, true);
        this.maxSequences = maxSequences;
        this.contextLength = contextLength;
        this.script = script;
        this.history = new int[maxSequences][contextLength];
    }

    /** The token this fake favours after a sequence whose first token is {@code first} fed position {@code pos}. */
    int favoured(int first, int pos) {
        return script[Math.floorMod(first + pos + 1, script.length)];
    }

    int second(int first, int pos) {
        return script[Math.floorMod(first + pos + 2, script.length)];
    }

    /** What greedy decoding of {@code prompt} must produce, token by token. */
    int[] expected(int[] prompt, int n) {
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = favoured(prompt[0], prompt.length - 1 + k);
        }
        return out;
    }

    @Override
    public void prepareDecode(int batch) {
        calls.add("prepare " + batch);
    }

    @Override
    public Qwen3Config config() {
        return config;
    }

    @Override
    public int maxSequences() {
        return maxSequences;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public void prefill(int seq, int[] tokens, int count, int startPos, float[] out, boolean allLogits) {
        calls.add("prefill seq=" + seq + " pos=" + startPos + " n=" + count);
        for (int i = 0; i < count; i++) {
            history[seq][startPos + i] = tokens[i];
        }
        if (allLogits) {
            for (int i = 0; i < count; i++) {
                row(seq, startPos + i, out, i);
            }
        } else {
            row(seq, startPos + count - 1, out, 0);
        }
    }

    @Override
    public void decode(int batch, int[] seqs, int[] tokens, int[] positions, float[] out) {
        step(batch);
        calls.add("decode " + batch);
        for (int i = 0; i < batch; i++) {
            if (positions[i] >= contextLength) {
                throw new IllegalArgumentException("position " + positions[i]);
            }
            history[seqs[i]][positions[i]] = tokens[i];
            row(seqs[i], positions[i], out, i);
        }
    }

    @Override
    public int decodeGreedy(int seq, int token, int position) {
        step(1);
        calls.add("greedy");
        history[seq][position] = token;
        return favoured(history[seq][0], position);
    }

    @Override
    public void decodeGreedy(int batch, int[] seqs, int[] tokens, int[] positions, int[] out) {
        step(batch);
        calls.add("greedy " + batch);
        for (int i = 0; i < batch; i++) {
            history[seqs[i]][positions[i]] = tokens[i];
            out[i] = favoured(history[seqs[i]][0], positions[i]);
        }
    }

    @Override
    public boolean selectsTopKOnDevice() {
        return topKOnDevice;
    }

    @Override
    public void decodeTopK(int batch, int[] seqs, int[] tokens, int[] positions, float[] values, int[] ids) {
        step(batch);
        calls.add("topk " + batch);
        int v = config.vocabSize();
        float[] logits = new float[v];
        for (int i = 0; i < batch; i++) {
            history[seqs[i]][positions[i]] = tokens[i];
            row(seqs[i], positions[i], logits, 0);
            Sampler.topK(logits, 0, v, TOP_K_MAX, values, ids, i * TOP_K_MAX);
        }
    }

    private void step(int batch) {
        maxBatch = Math.max(maxBatch, batch);
        Semaphore permits = decodePermits;
        if (permits != null) {
            permits.acquireUninterruptibly();
        }
        RuntimeException fail = failNextDecode;
        if (fail != null) {
            failNextDecode = null;
            throw fail;
        }
    }

    private void row(int seq, int pos, float[] out, int rowIndex) {
        int v = config.vocabSize();
        int base = rowIndex * v;
        Arrays.fill(out, base, base + v, 0f);
        out[base + second(history[seq][0], pos)] = 5f;
        out[base + favoured(history[seq][0], pos)] = 10f;
    }

    @Override
    public void close() {
    }
}
