package io.infer.hip.gpu;

import io.infer.backend.ForwardPass;
import io.infer.backend.cpu.CpuBackend;
import io.infer.hip.driver.Device;
import io.infer.hip.driver.Gpu;
import io.infer.model.Qwen3Model;
import java.util.Locale;

/**
 * Compares the GPU forward pass with the CPU backend (the reference) on one model: prefill logits of every prompt
 * position, a graph-replayed decode step against an eager one, greedy decoding, and a batched decode against
 * single-sequence decodes. Plain Java (no JUnit), so {@link GpuCheck} runs it where only a JRE is available.
 *
 * <p>Tolerances, on every logit of a row (m = the row's largest |logit| on the CPU):
 * <ul>
 *   <li>exact path (f32 activations: F16/F32 weights, or {@code exact} options): |gpu - cpu| &lt;= 1e-2 + 1e-4 m, the
 *       fixtures README's bound for exact arithmetic, widened by f32 rounding of large logits;</li>
 *   <li>8-bit activations (Q4_K/Q6_K/Q8_0 through dp4a): |gpu - cpu| &lt;= 0.04 m, the README's bound for paths
 *       that quantize activations;</li>
 *   <li>argmax equal wherever the CPU's top two differ by more than twice the tolerance.</li>
 * </ul>
 */
final class LogitsCheck {

    /** What a comparison found: the worst |gpu - cpu| over all rows and the tolerance it was held to. */
    record Result(String what, double maxDiff, double tolerance, int rows) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-60s rows %4d  max |gpu-cpu| %.3e  (tol %.3e)", what, rows, maxDiff,
                    tolerance);
        }
    }

    private final Qwen3Model model;
    private final int vocab;
    private final int[] prompt;
    private float[] cpuLogits; // (prompt.length + 1, vocab): the prompt, then one more token; computed on first use
    private final int extraToken;

    /**
     * A check on a prompt of {@code length} pseudo-random tokens and one more; the CPU reference is computed when
     * a comparison first needs it.
     */
    LogitsCheck(Qwen3Model model, int length, long seed) {
        this.model = model;
        this.vocab = model.config().vocabSize();
        this.prompt = tokens(length + 1, seed);
        this.extraToken = prompt[length];
    }

    private float[] cpu() {
        if (cpuLogits == null) {
            int n = prompt.length;
            cpuLogits = new float[n * vocab];
            try (ForwardPass cpu = new CpuBackend().open(model, 1, n + 8)) {
                cpu.prefill(0, prompt, n, 0, cpuLogits, true);
            }
        }
        return cpuLogits;
    }

    int length() {
        return prompt.length - 1;
    }

    /** Deterministic token ids spread over the vocabulary. */
    private int[] tokens(int n, long seed) {
        int[] t = new int[n];
        long s = seed;
        for (int i = 0; i < n; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            t[i] = (int) ((s >>> 33) % vocab);
        }
        return t;
    }

    static GpuForwardPass openGpu(Qwen3Model model, int maxSequences, int contextLength, GpuForwardPass.Options o) {
        Device device = Gpu.open(Integer.getInteger(GpuBackend.DEVICE_PROPERTY, 0));
        return new GpuForwardPass(device, GpuBackend.loadKernels(device), model, maxSequences, contextLength, o);
    }

    /** Whether any matrix of the model runs on 8-bit activations under these options. */
    boolean quantizedActivations(GpuForwardPass.Options o) {
        if (o.exact()) {
            return false;
        }
        var w = model.weights();
        boolean any = GpuKernels.FAST_TYPES.contains(w.output().type());
        for (var l : w.layers()) {
            any |= GpuKernels.FAST_TYPES.contains(l.attnQ().type()) || GpuKernels.FAST_TYPES.contains(l.ffnDown().type());
        }
        return any;
    }

    /** Prefill of the whole prompt, all logits, against the CPU. */
    Result prefill(GpuForwardPass.Options o) {
        int n = length();
        float[] gpuLogits = new float[n * vocab];
        try (GpuForwardPass gpu = openGpu(model, 1, n + 8, o)) {
            gpu.prefill(0, prompt, n, 0, gpuLogits, true);
        }
        return compareRows("prefill " + n + " tokens " + describe(o), gpuLogits, 0, n, quantizedActivations(o));
    }

    /**
     * Prefill of all but the last prompt token, then a decode step of it (graph replay or eager, per {@code o}),
     * then a greedy step of the extra token. Returns the decode row's comparison; checks the greedy argmax.
     */
    Result decode(GpuForwardPass.Options o, float[] decodedRow) {
        int n = length();
        float[] last = new float[vocab];
        try (GpuForwardPass gpu = openGpu(model, 1, n + 8, o)) {
            gpu.prefill(0, prompt, n - 1, 0, last, false);
            gpu.decode(1, new int[] {0}, new int[] {prompt[n - 1]}, new int[] {n - 1}, decodedRow);
            int greedy = gpu.decodeGreedy(0, extraToken, n);
            checkArgmax("decodeGreedy " + describe(o), greedy, n, tolerance(n, quantizedActivations(o)));
            // the greedy step again, now with the full row back: same argmax
            float[] row = new float[vocab];
            gpu.decode(1, new int[] {0}, new int[] {extraToken}, new int[] {n}, row);
            if (argmax(row, 0, vocab) != greedy) {
                throw new AssertionError("decodeGreedy returned " + greedy + " but the same step's logits peak at "
                        + argmax(row, 0, vocab));
            }
        }
        return compareRows("decode at position " + (n - 1) + " " + describe(o), decodedRow, n - 1, 1,
                quantizedActivations(o));
    }

    /**
     * Two sequences prefilled with different prompts and decoded in one batch equal the same steps decoded one
     * sequence at a time (same kernels, other key splits): within 1e-4 of the row's magnitude.
     */
    /**
     * {@code batch} sequences with different prompts and positions decoded in one step, each row against the same
     * sequence decoded alone. Up to {@link GpuKernels#MATVEC_MAX_BATCH} both run the same matrix-vector kernels:
     * 1e-4 of the largest logit. From {@link GpuKernels#GEMM_MIN_TOKENS} the batch goes through the tiled kernels
     * and the single decodes do not: the same 8-bit activations, summed in another order, whose last-bit
     * differences can move a later 8-bit rounding by one step: 1e-2 of the largest logit.
     */
    Result batchedDecode(GpuForwardPass.Options o, int batch) {
        int n = length();
        float[] scratch = new float[vocab];
        float[] batched = new float[batch * vocab];
        float[] single = new float[vocab];
        double worst = 0;
        double tol = 0;
        boolean sameKernels = batch <= GpuKernels.MATVEC_MAX_BATCH;
        try (GpuForwardPass gpu = openGpu(model, batch + 1, n + 8, o)) {
            int[] seqs = new int[batch];
            int[] toks = new int[batch];
            int[] pos = new int[batch];
            for (int i = 0; i < batch; i++) {
                // sequence ids out of order, prompts of different lengths
                int[] p = i == 0 ? prompt : tokens(n + 1, 99 + i);
                int len = n - 1 - (i % 5);
                seqs[i] = batch - i;
                gpu.prefill(seqs[i], p, len, 0, scratch, false);
                toks[i] = p[len];
                pos[i] = len;
            }
            gpu.decode(batch, seqs, toks, pos, batched);
            for (int i = 0; i < batch; i++) {
                // decoding the same token at the same position again rewrites the same K/V: an independent rerun
                gpu.decode(1, new int[] {seqs[i]}, new int[] {toks[i]}, new int[] {pos[i]}, single);
                double m = maxAbs(single, 0);
                double t = (sameKernels ? 1e-4 : 1e-2) * Math.max(1, m);
                double d = maxDiff(batched, i * vocab, single, 0);
                if (d > t) {
                    throw new AssertionError(String.format(Locale.ROOT,
                            "batched decode row %d of %d differs from the single decode by %.3e (tol %.3e)", i, batch,
                            d, t));
                }
                worst = Math.max(worst, d);
                tol = Math.max(tol, t);
            }
        }
        return new Result("batched decode (" + batch + " sequences) vs single " + describe(o), worst, tol, batch);
    }

    private static String describe(GpuForwardPass.Options o) {
        return (o.exact() ? "exact" : "default") + (o.graphs() ? ", graphs" : ", eager");
    }

    private double tolerance(int row, boolean quantized) {
        double m = maxAbs(cpu(), row * vocab);
        return quantized ? 0.04 * m : 1e-2 + 1e-4 * m;
    }

    private Result compareRows(String what, float[] gpu, int firstRow, int rows, boolean quantized) {
        double worst = 0;
        double worstTol = 0;
        for (int r = 0; r < rows; r++) {
            int row = firstRow + r;
            double tol = tolerance(row, quantized);
            double d = maxDiff(gpu, r * vocab, cpu(), row * vocab);
            if (!(d <= tol)) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: row %d differs from the CPU by %.4e > %.4e "
                        + "(largest |logit| %.2f)", what, row, d, tol, maxAbs(cpu(), row * vocab)));
            }
            checkArgmax(what + " row " + row, argmax(gpu, r * vocab, vocab), row, tol);
            worst = Math.max(worst, d);
            worstTol = Math.max(worstTol, tol);
        }
        return new Result(what, worst, worstTol, rows);
    }

    private void checkArgmax(String what, int gpuArgmax, int row, double tol) {
        float[] ref = cpu();
        int best = argmax(ref, row * vocab, vocab);
        double gap = ref[row * vocab + best] - secondLargest(ref, row * vocab, best);
        if (gap > 2 * tol && gpuArgmax != best) {
            throw new AssertionError(what + ": argmax " + gpuArgmax + " but the CPU's is " + best + " by a margin of " + gap);
        }
    }

    /** Index of the largest of {@code a[off .. off + n)}, the lowest among equals. */
    static int argmax(float[] a, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[off + i] > a[off + best]) {
                best = i;
            }
        }
        return best;
    }

    private double secondLargest(float[] a, int off, int skip) {
        double s = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            if (i != skip) {
                s = Math.max(s, a[off + i]);
            }
        }
        return s;
    }

    private double maxAbs(float[] a, int off) {
        double m = 0;
        for (int i = 0; i < vocab; i++) {
            m = Math.max(m, Math.abs(a[off + i]));
        }
        return m;
    }

    private double maxDiff(float[] a, int aOff, float[] b, int bOff) {
        double m = 0;
        for (int i = 0; i < vocab; i++) {
            double d = Math.abs((double) a[aOff + i] - b[bOff + i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            m = Math.max(m, d);
        }
        return m;
    }
}
