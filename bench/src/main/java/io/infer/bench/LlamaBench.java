package io.infer.bench;

import io.infer.backend.ForwardPass;
import io.infer.gguf.GgufTensor;
import io.infer.model.Qwen3Config;
import io.infer.model.Qwen3Model;
import io.infer.model.Qwen3Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * llama-bench-style measurements on one ForwardPass: prompt processing (ppN: N tokens in one prefill) and
 * generation (tgN: N greedy decode steps, one token each), at a KV depth, repeated; plus the bytes a decode step
 * reads, so decode speed can be stated as a fraction of the measured memory bandwidth.
 */
public final class LlamaBench {

    /** One test: mean and standard deviation of tokens/s over the repetitions. */
    public record Result(String test, int depth, int tokens, double meanTokensPerSecond, double stddev,
                         double[] samples, double bytesPerToken) {

        /** Effective bandwidth of decode (bytes read per token × tokens/s); 0 for prompt tests. */
        public double effectiveBandwidth() {
            return test.startsWith("tg") ? bytesPerToken * meanTokensPerSecond : 0;
        }
    }

    private final Qwen3Model model;
    private final ForwardPass pass;
    private final SplittableRandom random = new SplittableRandom(1234);

    public LlamaBench(Qwen3Model model, ForwardPass pass) {
        this.model = model;
        this.pass = pass;
    }

    public Result prompt(int n, int depth, int repetitions) {
        check(n + depth);
        double[] samples = new double[repetitions];
        float[] out = new float[model.config().vocabSize()];
        int[] tokens = randomTokens(n);
        int[] ctx = randomTokens(Math.max(depth, 1));
        pass.prefill(0, tokens, Math.min(n, 16), 0, out, false); // warm-up
        for (int r = 0; r < repetitions; r++) {
            if (depth > 0) {
                pass.prefill(0, ctx, depth, 0, out, false);
            }
            long t0 = System.nanoTime();
            pass.prefill(0, tokens, n, depth, out, false);
            samples[r] = n / ((System.nanoTime() - t0) / 1e9);
        }
        return result("pp" + n, depth, n, samples, 0);
    }

    public Result generate(int n, int depth, int repetitions) {
        check(n + depth);
        double[] samples = new double[repetitions];
        float[] out = new float[model.config().vocabSize()];
        int[] ctx = randomTokens(Math.max(depth, 1));
        pass.decodeGreedy(0, 0, 0); // warm-up (and graph capture, where a backend does that)
        for (int r = 0; r < repetitions; r++) {
            if (depth > 0) {
                pass.prefill(0, ctx, depth, 0, out, false);
            }
            int token = random.nextInt(model.config().vocabSize());
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                token = pass.decodeGreedy(0, token, depth + i);
            }
            samples[r] = n / ((System.nanoTime() - t0) / 1e9);
        }
        return result("tg" + n, depth, n, samples, bytesPerDecodeToken(model.config(), model.weights(), depth + n / 2));
    }

    /**
     * Aggregate decode throughput of {@code batch} sequences stepped together (llama-batched-bench's S_TG): each
     * sequence first gets a {@code promptLen}-token prompt (untimed), then {@code n} steps decode one token of every
     * sequence per forward pass. The pass must have been opened with at least {@code batch} sequences.
     */
    public Result batched(int batch, int promptLen, int n, int repetitions) {
        if (batch > pass.maxSequences()) {
            throw new IllegalArgumentException("batch " + batch + " exceeds the " + pass.maxSequences() + " sequences the pass was opened with");
        }
        check(promptLen + n);
        int vocab = model.config().vocabSize();
        float[] last = new float[vocab];
        int[] seqs = new int[batch];
        int[] tokens = new int[batch];
        int[] positions = new int[batch];
        double[] samples = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            for (int s = 0; s < batch; s++) {
                pass.prefill(s, randomTokens(promptLen), promptLen, 0, last, false);
                seqs[s] = s;
                tokens[s] = random.nextInt(vocab);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < batch; s++) {
                    positions[s] = promptLen + i;
                }
                // greedy on the device, as tgN: each step returns one token id per sequence
                pass.decodeGreedy(batch, seqs, tokens, positions, tokens);
            }
            samples[r] = (double) batch * n / ((System.nanoTime() - t0) / 1e9);
        }
        return result("tg" + n + "@b" + batch, promptLen, batch * n, samples,
                bytesPerDecodeToken(model.config(), model.weights(), promptLen + n / 2) / batch);
    }

    /** Weight bytes read per decode token (every matrix once, one embedding row) plus the F16 KV cache at {@code depth}. */
    public static double bytesPerDecodeToken(Qwen3Config c, Qwen3Weights w, int depth) {
        double bytes = w.tokenEmbd().rowBytes() + w.output().byteSize() + w.outputNorm().byteSize();
        for (Qwen3Weights.Layer l : w.layers()) {
            for (GgufTensor t : List.of(l.attnNorm(), l.attnQ(), l.attnK(), l.attnV(), l.attnQNorm(), l.attnKNorm(),
                    l.attnOutput(), l.ffnNorm(), l.ffnGate(), l.ffnUp(), l.ffnDown())) {
                bytes += t.byteSize();
            }
        }
        bytes += (double) c.blockCount() * depth * (c.kvDim() + c.vDim()) * 2;
        return bytes;
    }

    public List<Result> run(List<Integer> promptSizes, List<Integer> genSizes, List<Integer> depths, int repetitions) {
        List<Result> results = new ArrayList<>();
        for (int depth : depths) {
            for (int p : promptSizes) {
                if (p > 0) {
                    results.add(prompt(p, depth, repetitions));
                }
            }
            for (int n : genSizes) {
                if (n > 0) {
                    results.add(generate(n, depth, repetitions));
                }
            }
        }
        return results;
    }

    private void check(int positions) {
        if (positions > pass.contextLength()) {
            throw new IllegalArgumentException(positions + " positions exceed the context of " + pass.contextLength()
                    + " (raise --ctx-size)");
        }
    }

    private int[] randomTokens(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = random.nextInt(model.config().vocabSize());
        }
        return t;
    }

    private static Result result(String test, int depth, int tokens, double[] samples, double bytesPerToken) {
        double mean = 0;
        for (double s : samples) {
            mean += s;
        }
        mean /= samples.length;
        double var = 0;
        for (double s : samples) {
            var += (s - mean) * (s - mean);
        }
        double sd = samples.length > 1 ? Math.sqrt(var / (samples.length - 1)) : 0;
        return new Result(test, depth, tokens, mean, sd, samples, bytesPerToken);
    }
}
