package io.infer.hip.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer.backend.ForwardPass;
import io.infer.hip.driver.Gpu;
import io.infer.model.Qwen3Model;
import io.infer.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GPU forward pass against the CPU backend on the fixture models (and on any GGUF listed in the system property
 * {@code infer.gpu.testModels}, comma-separated). Skipped without a GPU whose code is in the kernels jar.
 * Tolerances: see {@link LogitsCheck}.
 */
class GpuForwardPassTest {

    private static final GpuForwardPass.Options DEFAULT = new GpuForwardPass.Options(false, true);
    private static final GpuForwardPass.Options EXACT = new GpuForwardPass.Options(true, true);
    private static final GpuForwardPass.Options EAGER = new GpuForwardPass.Options(false, false);

    @BeforeAll
    static void needsAGpu() {
        var probe = Gpu.probe();
        assumeTrue(probe.ok(), "no GPU: " + probe.detail());
        var a = new GpuBackend().availability();
        assumeTrue(a.available(), "gpu backend unavailable: " + a.detail());
    }

    static Stream<Path> models() {
        List<Path> models = new ArrayList<>();
        String fixtures = System.getProperty("infer.fixtures");
        if (fixtures != null) {
            for (String f : List.of("qwen3-tiny-f16.gguf", "qwen3-small-q4km.gguf")) {
                Path p = Path.of(fixtures, "models", f);
                if (Files.isRegularFile(p)) {
                    models.add(p);
                }
            }
        }
        for (String p : System.getProperty("infer.gpu.testModels", "").split(",")) {
            if (!p.isBlank()) {
                models.add(Path.of(p.trim()));
            }
        }
        assumeTrue(!models.isEmpty(), "no models: fixtures absent and infer.gpu.testModels unset");
        return models.stream();
    }

    /** A prompt long enough to cross a prefill chunk on small models; short on large ones (the CPU is the bottleneck). */
    private static LogitsCheck check(Qwen3Model m) {
        int length = m.parameterCount() > 1_000_000_000L ? 12 : GpuForwardPass.PREFILL_CHUNK + 44;
        return new LogitsCheck(m, length, 7);
    }

    @ParameterizedTest
    @MethodSource("models")
    void prefillMatchesTheCpuBackend(Path path) throws IOException {
        try (Qwen3Model m = Qwen3Model.load(path)) {
            LogitsCheck check = check(m);
            System.out.println(path.getFileName() + ": " + check.prefill(DEFAULT));
            if (check.quantizedActivations(DEFAULT)) {
                System.out.println(path.getFileName() + ": " + check.prefill(EXACT));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void graphReplayedDecodeMatchesTheCpuAndTheEagerLaunches(Path path) throws IOException {
        try (Qwen3Model m = Qwen3Model.load(path)) {
            LogitsCheck check = check(m);
            int vocab = m.config().vocabSize();
            float[] graph = new float[vocab];
            float[] eager = new float[vocab];
            System.out.println(path.getFileName() + ": " + check.decode(DEFAULT, graph));
            System.out.println(path.getFileName() + ": " + check.decode(EAGER, eager));
            // the same kernels with the same arguments, launched from a graph or one by one: the same bits
            assertArrayEquals(eager, graph);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void batchedDecodeEqualsSingleSequenceDecodes(Path path) throws IOException {
        try (Qwen3Model m = Qwen3Model.load(path)) {
            LogitsCheck check = new LogitsCheck(m, 20, 3);
            System.out.println(path.getFileName() + ": " + check.batchedDecode(DEFAULT, 2));
            // enough sequences for the tiled (tensor-core) kernels
            System.out.println(path.getFileName() + ": " + check.batchedDecode(DEFAULT, GpuKernels.GEMM_MIN_TOKENS + 4));
        }
    }

    /**
     * The device's top-k of a decode step is the host's top-k of the same step's logits: the same ids in the same
     * order (Sampler.topK's), the same values. Decoding the same tokens at the same positions again rewrites the same
     * K/V, so both steps compute the same logits.
     */
    @ParameterizedTest
    @MethodSource("models")
    void decodeTopKIsTheTopKOfTheLogits(Path path) throws IOException {
        try (Qwen3Model m = Qwen3Model.load(path);
                GpuForwardPass gpu = LogitsCheck.openGpu(m, 3, 64, DEFAULT)) {
            int vocab = m.config().vocabSize();
            int k = ForwardPass.TOP_K_MAX;
            int[] seqs = {2, 0, 1};
            int[] toks = {11, 12, 13};
            int[] pos = new int[3];
            float[] scratch = new float[vocab];
            for (int i = 0; i < 3; i++) {
                int[] prompt = {100 + i, 200 + i, 300 + i, 400 + i, 500 + i}; // prompts of different lengths
                pos[i] = 3 + i % 3;
                gpu.prefill(seqs[i], prompt, pos[i], 0, scratch, false);
            }
            float[] logits = new float[3 * vocab];
            gpu.decode(3, seqs, toks, pos, logits);
            float[] values = new float[3 * k], want = new float[3 * k];
            int[] ids = new int[3 * k], wantIds = new int[3 * k];
            gpu.decodeTopK(3, seqs, toks, pos, values, ids);
            for (int i = 0; i < 3; i++) {
                Sampler.topK(logits, i * vocab, vocab, k, want, wantIds, i * k);
            }
            assertArrayEquals(wantIds, ids);
            assertArrayEquals(want, values);
        }
    }

    /**
     * prepareDecode captures the step graphs up front (for the Engine, before the first request), and they compute
     * what graphs captured on first use compute: the same logits, argmaxes and top-k, bit for bit.
     */
    @ParameterizedTest
    @MethodSource("models")
    void preparedStepGraphsComputeWhatGraphsCapturedOnFirstUseDo(Path path) throws IOException {
        try (Qwen3Model m = Qwen3Model.load(path);
                GpuForwardPass prepared = LogitsCheck.openGpu(m, 3, 64, DEFAULT);
                GpuForwardPass lazy = LogitsCheck.openGpu(m, 3, 64, DEFAULT)) {
            prepared.prepareDecode(2);
            assertEquals(2 * (prepared.selectsTopKOnDevice() ? 3 : 2), prepared.capturedGraphs());
            assertEquals(0, lazy.capturedGraphs());
            int vocab = m.config().vocabSize();
            int k = ForwardPass.TOP_K_MAX;
            int[] seqs = {1, 0};
            float[] scratch = new float[vocab];
            for (GpuForwardPass gpu : new GpuForwardPass[] {prepared, lazy}) {
                gpu.prefill(1, new int[] {100, 200, 300}, 3, 0, scratch, false);
                gpu.prefill(0, new int[] {400, 500}, 2, 0, scratch, false);
            }
            int[] toks = {11, 12}, pos = {3, 2};
            float[][] logits = new float[2][2 * vocab];
            int[][] argmax = new int[2][2];
            float[][] values = new float[2][2 * k];
            int[][] ids = new int[2][2 * k];
            int[] single = new int[2];
            GpuForwardPass[] both = {prepared, lazy};
            for (int i = 0; i < 2; i++) {
                // each step rewrites the same K/V rows, so all of them see the same cache
                both[i].decode(2, seqs, toks, pos, logits[i]);
                both[i].decodeGreedy(2, seqs, toks, pos, argmax[i]);
                both[i].decodeTopK(2, seqs, toks, pos, values[i], ids[i]);
                single[i] = both[i].decodeGreedy(1, toks[0], pos[0]);
            }
            // every step the engine may take was already there
            assertEquals(2 * (prepared.selectsTopKOnDevice() ? 3 : 2), prepared.capturedGraphs());
            assertArrayEquals(logits[1], logits[0]);
            assertArrayEquals(argmax[1], argmax[0]);
            assertArrayEquals(values[1], values[0]);
            assertArrayEquals(ids[1], ids[0]);
            assertEquals(single[1], single[0]);
        }
    }

    /**
     * One sequence's greedy steps run a step ahead (decodeGreedy): the tokens are those of each step's own logits,
     * also where the caller does not continue the sequence the step ahead assumed (another sequence in between, a
     * token other than the last result, a method that discards it).
     */
    @ParameterizedTest
    @MethodSource("models")
    void greedyStepsRunAheadGiveEachStepsArgmax(Path path) throws IOException {
        try (Qwen3Model m = Qwen3Model.load(path);
                GpuForwardPass gpu = LogitsCheck.openGpu(m, 2, 64, DEFAULT)) {
            int vocab = m.config().vocabSize();
            float[] scratch = new float[vocab];
            int[][] prompts = {{100, 101, 102, 103, 104}, {200, 201, 202, 203}};
            // (seq, token or -1 for the last result of that sequence, position)
            int[][] calls = {{0, 7, 5}, {0, -1, 6}, {0, -1, 7}, {1, 9, 4}, {1, -1, 5}, {0, -1, 8}, {0, 33, 9},
                             {0, -1, 10}, {0, -1, 11}, {0, -1, 12}, {1, -1, 6}, {1, -1, 7}};
            int[] got = new int[calls.length];
            for (int s = 0; s < 2; s++) {
                gpu.prefill(s, prompts[s], prompts[s].length, 0, scratch, false);
            }
            int[] last = new int[2];
            for (int i = 0; i < calls.length; i++) {
                int seq = calls[i][0], token = calls[i][1] < 0 ? last[seq] : calls[i][1];
                got[i] = last[seq] = gpu.decodeGreedy(seq, token, calls[i][2]);
                if (i == 8) {
                    gpu.decode(1, new int[] {1}, new int[] {last[1]}, new int[] {6}, scratch); // discards the step ahead
                }
            }
            // the same steps again, each from its full logits
            for (int s = 0; s < 2; s++) {
                gpu.prefill(s, prompts[s], prompts[s].length, 0, scratch, false);
            }
            for (int i = 0; i < calls.length; i++) {
                int seq = calls[i][0], token = calls[i][1] < 0 ? previousResult(calls, got, i, seq) : calls[i][1];
                gpu.decode(1, new int[] {seq}, new int[] {token}, new int[] {calls[i][2]}, scratch);
                assertEquals(LogitsCheck.argmax(scratch, 0, vocab), got[i], "call " + i);
            }
        }
    }

    private static int previousResult(int[][] calls, int[] got, int i, int seq) {
        for (int j = i - 1; j >= 0; j--) {
            if (calls[j][0] == seq) {
                return got[j];
            }
        }
        throw new IllegalArgumentException("no earlier call for sequence " + seq);
    }
}
