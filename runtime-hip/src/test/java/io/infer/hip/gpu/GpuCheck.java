package io.infer.hip.gpu;

import io.infer.gguf.GgufTensor;
import io.infer.hip.driver.Device;
import io.infer.hip.driver.DeviceBuffer;
import io.infer.hip.driver.Event;
import io.infer.hip.driver.Gpu;
import io.infer.hip.driver.Stream;
import io.infer.model.Qwen3Model;
import io.infer.model.Qwen3Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GPU checks and measurements for a machine that has a JRE but no build tools (the lent GPU machine):
 *
 * <pre>
 * java -cp infer.jar:test-classes io.infer.hip.gpu.GpuCheck check MODEL.gguf...   # {@link LogitsCheck} on each
 * java -cp infer.jar:test-classes io.infer.hip.gpu.GpuCheck bench MODEL.gguf      # decode / prefill speed
 * </pre>
 *
 * Exits with status 1 when a check fails.
 */
public final class GpuCheck {

    private static final GpuForwardPass.Options DEFAULT = new GpuForwardPass.Options(false, true);

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: GpuCheck check|bench MODEL.gguf...");
            System.exit(2);
        }
        int failures = 0;
        for (int i = 1; i < args.length; i++) {
            Path path = Path.of(args[i]);
            try (Qwen3Model m = Qwen3Model.load(path)) {
                if (args[0].equals("check")) {
                    failures += check(path, m);
                } else {
                    bench(m);
                }
            }
        }
        System.out.println(failures == 0 ? "GpuCheck: all passed" : "GpuCheck: " + failures + " FAILED");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int check(Path path, Qwen3Model m) {
        boolean big = m.parameterCount() > 1_000_000_000L;
        LogitsCheck check = new LogitsCheck(m, big ? 12 : GpuForwardPass.PREFILL_CHUNK + 44, 7);
        List<Runnable> steps = new ArrayList<>();
        String name = path.getFileName().toString();
        int vocab = m.config().vocabSize();
        float[] graph = new float[vocab];
        float[] eager = new float[vocab];
        steps.add(() -> System.out.println(name + ": " + check.prefill(DEFAULT)));
        if (check.quantizedActivations(DEFAULT)) {
            steps.add(() -> System.out.println(name + ": " + check.prefill(new GpuForwardPass.Options(true, true))));
        }
        steps.add(() -> System.out.println(name + ": " + check.decode(DEFAULT, graph)));
        steps.add(() -> {
            System.out.println(name + ": " + check.decode(new GpuForwardPass.Options(false, false), eager));
            if (!Arrays.equals(graph, eager)) {
                throw new AssertionError("graph-replayed decode differs from eager launches");
            }
            System.out.println(name + ": graph replay == eager launches (bitwise)");
        });
        steps.add(() -> System.out.println(name + ": " + new LogitsCheck(m, 20, 3).batchedDecode(DEFAULT, 2)));
        steps.add(() -> System.out.println(name + ": " + new LogitsCheck(m, 20, 3).batchedDecode(DEFAULT, GpuKernels.GEMM_MIN_TOKENS + 4)));
        int failures = 0;
        for (Runnable r : steps) {
            try {
                r.run();
            } catch (AssertionError | RuntimeException e) {
                failures++;
                System.out.println(name + ": FAILED: " + e);
                e.printStackTrace(System.out);
            }
        }
        return failures;
    }

    /** Bytes of weights one decode step reads: every matrix once, the embedding one row per token. */
    private static long bytesPerToken(Qwen3Model m) {
        Map<GgufTensor, Boolean> seen = new IdentityHashMap<>();
        Qwen3Weights w = m.weights();
        List<GgufTensor> all = new ArrayList<>(List.of(w.outputNorm(), w.output()));
        for (Qwen3Weights.Layer l : w.layers()) {
            all.addAll(List.of(l.attnNorm(), l.attnQ(), l.attnK(), l.attnV(), l.attnQNorm(), l.attnKNorm(),
                    l.attnOutput(), l.ffnNorm(), l.ffnGate(), l.ffnUp(), l.ffnDown()));
        }
        long bytes = w.tokenEmbd().rowBytes();
        for (GgufTensor t : all) {
            if (seen.put(t, true) == null) {
                bytes += t.byteSize();
            }
        }
        return bytes;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Device-to-device copy of 1 GiB, bytes read plus written per second (median of 5). */
    private static double copyBandwidth() {
        try (Device d = Gpu.open(Integer.getInteger(GpuBackend.DEVICE_PROPERTY, 0))) {
            long n = 1L << 30;
            DeviceBuffer a = d.alloc(n), b = d.alloc(n);
            Stream s = d.createStream();
            Event e0 = d.createEvent(), e1 = d.createEvent();
            s.fill(a, 0, n, (byte) 0x5a);
            double[] t = new double[5];
            s.copyDeviceToDevice(a, 0, b, 0, n);
            for (int i = 0; i < t.length; i++) {
                e0.record(s);
                s.copyDeviceToDevice(a, 0, b, 0, n);
                e1.record(s);
                e1.synchronize();
                t[i] = e1.elapsedMillis(e0) / 1e3;
            }
            return 2.0 * n / median(t);
        }
    }

    private static void bench(Qwen3Model m) {
        var c = m.config();
        long bytes = bytesPerToken(m);
        double bw = copyBandwidth();
        System.out.printf(Locale.ROOT, "model: %s, %d layers, n_embd %d, %d/%d heads, head_dim %d, ffn %d, vocab %d; "
                        + "%.3f GiB of weights read per decoded token%n", m.name(), c.blockCount(), c.embeddingLength(),
                c.headCount(), c.headCountKv(), c.headDim(), c.feedForwardLength(), c.vocabSize(), bytes / GIB);
        System.out.printf(Locale.ROOT, "device-to-device copy: %.0f GB/s (read + write)%n", bw / 1e9);
        int vocab = c.vocabSize();
        int ctx = 4096 + 256;
        long t0 = System.nanoTime();
        try (GpuForwardPass gpu = LogitsCheck.openGpu(m, 1, ctx, DEFAULT)) {
            System.out.printf(Locale.ROOT, "load (upload + allocate): %.1f s%n", (System.nanoTime() - t0) / 1e9);
            int[] prompt = new int[4096];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = (int) ((i * 2654435761L) % vocab);
            }
            float[] row = new float[vocab];
            // tg128: greedy decoding of 128 tokens from an empty context (a first run warms up and captures the graph)
            double[] tg = new double[4];
            for (int r = 0; r < tg.length; r++) {
                int tok = prompt[0];
                long s = System.nanoTime();
                for (int p = 0; p < 128; p++) {
                    tok = gpu.decodeGreedy(0, tok, p);
                }
                tg[r] = 128 / ((System.nanoTime() - s) / 1e9);
            }
            double tg128 = median(Arrays.copyOfRange(tg, 1, tg.length));
            report("decode tg128 (decodeGreedy, graph replay)", tg128, tg, bytes, bw);
            // the same through decode(): full logits copied back each step
            double[] tgl = new double[3];
            for (int r = 0; r < tgl.length; r++) {
                long s = System.nanoTime();
                int[] seq = {0}, tok = {prompt[0]}, pos = {0};
                for (int p = 0; p < 128; p++) {
                    pos[0] = p;
                    gpu.decode(1, seq, tok, pos, row);
                    tok[0] = (tok[0] + 17) % vocab;
                }
                tgl[r] = 128 / ((System.nanoTime() - s) / 1e9);
            }
            report("decode tg128 (decode, logits to host)", median(tgl), tgl, bytes, bw);
            // pp512: prompt processing
            double[] pp = new double[4];
            for (int r = 0; r < pp.length; r++) {
                long s = System.nanoTime();
                gpu.prefill(0, prompt, 512, 0, row, false);
                pp[r] = 512 / ((System.nanoTime() - s) / 1e9);
            }
            System.out.printf(Locale.ROOT, "%-44s %9.1f tok/s   runs %s%n", "prefill pp512", median(Arrays.copyOfRange(pp, 1, pp.length)),
                    fmt(pp));
            // decode at depth 4096
            long s = System.nanoTime();
            gpu.prefill(0, prompt, 4096, 0, row, false);
            System.out.printf(Locale.ROOT, "%-44s %9.1f tok/s%n", "prefill 4096", 4096 / ((System.nanoTime() - s) / 1e9));
            double[] deep = new double[3];
            for (int r = 0; r < deep.length; r++) {
                int tok = prompt[1];
                long st = System.nanoTime();
                for (int p = 4096; p < 4096 + 128; p++) {
                    tok = gpu.decodeGreedy(0, tok, p);
                }
                deep[r] = 128 / ((System.nanoTime() - st) / 1e9);
            }
            report("decode at depth 4096 (128 tokens)", median(deep), deep, bytes, bw);
        }
        // aggregate decode over B sequences: 128-token prompts, then 128 steps of B tokens
        int maxB = 32;
        try (GpuForwardPass gpu = LogitsCheck.openGpu(m, maxB, 256 + 16, DEFAULT)) {
            float[] out = new float[maxB * vocab];
            int[] prompt = new int[128];
            for (int b = 0; b < maxB; b++) {
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = (int) (((i + 31L * b) * 2654435761L) % vocab);
                }
                gpu.prefill(b, prompt, prompt.length, 0, out, false);
            }
            for (int batch : new int[] {1, 4, 8, 16, 32}) {
                int[] seqs = new int[batch], toks = new int[batch], pos = new int[batch];
                for (int b = 0; b < batch; b++) {
                    seqs[b] = b;
                    toks[b] = 1000 + b;
                }
                double[] agg = new double[3];
                for (int r = 0; r < agg.length; r++) {
                    long st = System.nanoTime();
                    for (int p = 128; p < 256; p++) {
                        Arrays.fill(pos, p);
                        gpu.decode(batch, seqs, toks, pos, out);
                    }
                    agg[r] = batch * 128 / ((System.nanoTime() - st) / 1e9);
                }
                System.out.printf(Locale.ROOT, "%-44s %9.1f tok/s   runs %s%n",
                        "aggregate decode B=" + batch + " (logits to host)", median(agg), fmt(agg));
            }
        }
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    private static void report(String what, double tokPerS, double[] runs, long bytes, double bw) {
        System.out.printf(Locale.ROOT, "%-44s %9.1f tok/s   %.0f GB/s = %.0f%% of the copy bandwidth   runs %s%n", what,
                tokPerS, tokPerS * bytes / 1e9, 100 * tokPerS * bytes / bw, fmt(runs));
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (double x : v) {
            b.append(b.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.1f", x));
        }
        return b.append(']').toString();
    }
}
