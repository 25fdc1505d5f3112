package io.infer.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.infer.backend.ForwardPass;
import java.util.ArrayList;
import java.util.List;

/**
 * The logits of a backend on a prompt, in exactly the format of the golden files (see fixtures README): the
 * distribution after every prompt token, then greedy decoding with the distribution after every greedy token.
 * This is how any backend, model and prompt is compared with llama.cpp.
 */
public record LogitsReport(
        @JsonProperty("n_vocab") int nVocab,
        @JsonProperty("prompt_tokens") int[] promptTokens,
        @JsonProperty("prompt_logits") List<Distribution> promptLogits,
        @JsonProperty("greedy") int[] greedy,
        @JsonProperty("greedy_logits") List<Distribution> greedyLogits) {

    /** One position: logsumexp over the whole vocabulary and the {@code top} highest (token, logit) pairs. */
    public record Distribution(@JsonProperty("logsumexp") double logsumexp, @JsonProperty("top") double[][] top) {

        public int argmax() {
            return (int) top[0][0];
        }

        static Distribution of(float[] logits, int offset, int vocab, int topN) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < vocab; i++) {
                max = Math.max(max, logits[offset + i]);
            }
            double sum = 0;
            for (int i = 0; i < vocab; i++) {
                sum += Math.exp(logits[offset + i] - max);
            }
            // partial selection of the top N, highest first, ties to the lower id
            int n = Math.min(topN, vocab);
            int[] ids = new int[n];
            int size = 0;
            for (int i = 0; i < vocab; i++) {
                float v = logits[offset + i];
                if (size == n && v <= logits[offset + ids[size - 1]]) {
                    continue;
                }
                int j = size < n ? size++ : n - 1;
                while (j > 0 && logits[offset + ids[j - 1]] < v) {
                    ids[j] = ids[j - 1];
                    j--;
                }
                ids[j] = i;
            }
            double[][] top = new double[n][];
            for (int i = 0; i < n; i++) {
                top[i] = new double[] {ids[i], round(logits[offset + ids[i]])};
            }
            return new Distribution(round(max + Math.log(sum)), top);
        }

        private static double round(double v) {
            return Math.round(v * 1e5) / 1e5;
        }
    }

    /**
     * Feeds the prompt into sequence 0 of {@code pass} (all logits), then decodes {@code greedyCount} tokens
     * greedily, recording the distribution after each.
     */
    public static LogitsReport compute(ForwardPass pass, int[] prompt, int top, int greedyCount) {
        int vocab = pass.config().vocabSize();
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (prompt.length + greedyCount > pass.contextLength()) {
            throw new IllegalArgumentException("prompt (" + prompt.length + " tokens) + " + greedyCount
                    + " greedy tokens exceed the context of " + pass.contextLength());
        }
        float[] all = new float[prompt.length * vocab];
        pass.prefill(0, prompt, prompt.length, 0, all, true);
        List<Distribution> promptLogits = new ArrayList<>(prompt.length);
        for (int i = 0; i < prompt.length; i++) {
            promptLogits.add(Distribution.of(all, i * vocab, vocab, top));
        }
        int[] greedy = new int[greedyCount];
        List<Distribution> greedyLogits = new ArrayList<>(greedyCount);
        float[] row = new float[vocab];
        int next = promptLogits.getLast().argmax();
        int[] seq = {0};
        int[] tok = new int[1];
        int[] pos = new int[1];
        for (int k = 0; k < greedyCount; k++) {
            greedy[k] = next;
            tok[0] = next;
            pos[0] = prompt.length + k;
            pass.decode(1, seq, tok, pos, row);
            Distribution d = Distribution.of(row, 0, vocab, top);
            greedyLogits.add(d);
            next = d.argmax();
        }
        return new LogitsReport(vocab, prompt, promptLogits, greedy, greedyLogits);
    }
}
