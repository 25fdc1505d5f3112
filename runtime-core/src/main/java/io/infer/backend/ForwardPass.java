package io.infer.backend;

import io.infer.model.Qwen3Config;
import io.infer.sampling.Sampler;

/**
 * One model loaded on one device, with a KV cache for {@link #maxSequences()} sequences of up to
 * {@link #contextLength()} positions each. This is the seam between the engine and a device: the CPU
 * implementation is the reference every other backend is compared with.
 *
 * <p>Logits are written as rows of {@code config().vocabSize()} floats. Not thread-safe: the engine calls one
 * method at a time.
 */
public interface ForwardPass extends AutoCloseable {

    Qwen3Config config();

    int maxSequences();

    int contextLength();

    /**
     * Feeds {@code tokens[0..count)} of sequence {@code seq} at positions {@code startPos ..}, writing their K/V into
     * the cache. With {@code allLogits} the logits of every fed position go to {@code out} ({@code count} rows),
     * otherwise only those of the last one (one row).
     */
    void prefill(int seq, int[] tokens, int count, int startPos, float[] out, boolean allLogits);

    /**
     * One decode step for {@code batch} sequences at once: {@code tokens[i]} at {@code positions[i]} of sequence
     * {@code seqs[i]}; row {@code i} of {@code out} receives its logits. The sequences of one step are distinct
     * (several tokens of one sequence go through {@link #prefill}).
     */
    void decode(int batch, int[] seqs, int[] tokens, int[] positions, float[] out);

    /**
     * Greedy fast path for one sequence: one decode step whose argmax is taken where the logits are, so a GPU
     * copies back one token id instead of a vocabulary of floats.
     */
    int decodeGreedy(int seq, int token, int position);

    /**
     * Greedy fast path for {@code batch} sequences: one decode step (as {@link #decode}) of which only each row's
     * argmax comes back, in {@code out[i]}. This default computes the logits and takes the argmax here; a GPU takes
     * it on the device and copies back one id per sequence.
     */
    default void decodeGreedy(int batch, int[] seqs, int[] tokens, int[] positions, int[] out) {
        int vocab = config().vocabSize();
        float[] logits = new float[batch * vocab];
        decode(batch, seqs, tokens, positions, logits);
        for (int b = 0; b < batch; b++) {
            int best = 0;
            for (int i = 1; i < vocab; i++) {
                if (logits[b * vocab + i] > logits[b * vocab + best]) {
                    best = i;
                }
            }
            out[b] = best;
        }
    }

    /** Candidates per row that {@link #decodeTopK} returns: the largest top-k a sampler can take from them. */
    int TOP_K_MAX = 64;

    /**
     * Whether {@link #decodeTopK} selects on the device (then a top-k sampler should take it over {@link #decode}:
     * a few hundred bytes a row come back instead of the vocabulary's logits).
     */
    default boolean selectsTopKOnDevice() {
        return false;
    }

    /**
     * Top-k fast path: one decode step (as {@link #decode}) of which only each row's {@code min(TOP_K_MAX, vocab)}
     * largest logits come back, in {@link Sampler#topK}'s order (most likely first, ties by lower id), row {@code i}
     * at {@code values[i * TOP_K_MAX ..]} and {@code ids[i * TOP_K_MAX ..]}. This default computes the logits here.
     */
    default void decodeTopK(int batch, int[] seqs, int[] tokens, int[] positions, float[] values, int[] ids) {
        int vocab = config().vocabSize();
        float[] logits = new float[batch * vocab];
        decode(batch, seqs, tokens, positions, logits);
        for (int b = 0; b < batch; b++) {
            Sampler.topK(logits, b * vocab, vocab, Math.min(TOP_K_MAX, vocab), values, ids, b * TOP_K_MAX);
        }
    }

    /**
     * Readies decode steps of one to {@code batch} sequences before the first of them runs, so that the first tokens a
     * user waits for already run at full speed (the GPU backend captures its step graphs here, tens of milliseconds
     * each, rather than inside the first request's decode). Nothing a caller can observe changes. This default does
     * nothing.
     */
    default void prepareDecode(int batch) {
    }

    /**
     * The device's measured memory copy bandwidth in bytes per second (device-to-device on a GPU, RAM on the CPU),
     * so benchmarks can report the fraction of the limit reached; NaN where it cannot be measured.
     */
    default double measureCopyBandwidth() {
        return Double.NaN;
    }

    /** Frees the device memory. */
    @Override
    void close();
}
