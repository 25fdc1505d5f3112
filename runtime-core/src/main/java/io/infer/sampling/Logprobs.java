package io.infer.sampling;

/** Log-probabilities of a logits row, for {@code logprobs} in API responses. Allocation-free. */
public final class Logprobs {

    private Logprobs() {
    }

    /** log Σ exp(logits[offset .. offset+n)), computed stably in double. */
    public static double logSumExp(float[] logits, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp((double) logits[offset + i] - max);
        }
        return max + Math.log(sum);
    }

    /** log softmax(logits[offset .. offset+n))[id]. */
    public static float logSoftmaxAt(float[] logits, int offset, int n, int id) {
        if (id < 0 || id >= n) {
            throw new IllegalArgumentException("id " + id + " outside 0.." + (n - 1));
        }
        return (float) (logits[offset + id] - logSumExp(logits, offset, n));
    }

    /**
     * The k most likely entries (ties: lower id first) as ids and log-probabilities, most likely first, written
     * to {@code ids[0..)} and {@code logprobs[0..)}. Returns how many were written: min(k, n).
     */
    public static int top(float[] logits, int offset, int n, int k, int[] ids, float[] logprobs) {
        k = Math.min(k, n);
        if (k <= 0) {
            return 0;
        }
        int size = 0;
        for (int i = 0; i < n; i++) {
            float v = logits[offset + i];
            if (size == k && !(v > logits[offset + ids[size - 1]])) {
                continue;
            }
            int j = size < k ? size++ : size - 1;
            while (j > 0 && v > logits[offset + ids[j - 1]]) {
                ids[j] = ids[j - 1];
                j--;
            }
            ids[j] = i;
        }
        double lse = logSumExp(logits, offset, n);
        for (int j = 0; j < size; j++) {
            logprobs[j] = (float) (logits[offset + ids[j]] - lse);
        }
        return size;
    }
}
