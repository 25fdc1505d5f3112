package io.infer.hip.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The launch decisions of {@link GpuKernels} that need no GPU. */
class GpuKernelsTest {

    @Test
    void tilesThatFillHalfTheGpuAreNotSplit() {
        // 8B prompt chunk of 512 tokens through q (4096 rows): 32 x 4 tiles, 1 block on each of 132 SMs
        assertEquals(1, GpuKernels.gemmSplits(128, 132, 32));
        assertEquals(1, GpuKernels.gemmSplits(66, 132, 32));
    }

    @Test
    void fewTilesAreSplitAlongKToFillTheGpu() {
        // decode batch of 32 through q: 64 tiles of 64 rows, 4 blocks on each of 132 SMs, 32 steps of k
        int s = GpuKernels.gemmSplits(64, 528, 32);
        assertEquals(8, s);
        assertTrue(64 * s >= 528 / 2);
        // k/v projections of a prompt chunk: 8 x 4 tiles
        assertEquals(5, GpuKernels.gemmSplits(32, 132, 32));
    }

    @Test
    void aSplitKeepsAtLeastFourStepsOfK() {
        assertEquals(2, GpuKernels.gemmSplits(1, 528, 8));
        assertEquals(1, GpuKernels.gemmSplits(1, 528, 7));
        assertEquals(1, GpuKernels.gemmSplits(1, 528, 2));
    }

    @Test
    void promptAttentionTakesAsManyTokensPerBlockAsFitItsSharedMemory() {
        assertEquals(4, GpuKernels.attentionTokensPerBlock(128, 4, false)); // Qwen3-8B: 32 heads over 8 kv heads
        assertEquals(2, GpuKernels.attentionTokensPerBlock(128, 8, false));
        assertEquals(2, GpuKernels.attentionTokensPerBlock(256, 4, false));
        assertEquals(4, GpuKernels.attentionTokensPerBlock(32, 2, false));  // the tiny fixture
        assertEquals(1, GpuKernels.attentionTokensPerBlock(256, 8, false)); // refused before launch, but never 0
    }

    @Test
    void tensorCorePromptAttentionTakesSixtyFourScoreRowsPerBlock() {
        assertEquals(16, GpuKernels.attentionTokensPerBlock(128, 4, true)); // Qwen3-8B
        assertEquals(8, GpuKernels.attentionTokensPerBlock(128, 8, true));
        assertEquals(64, GpuKernels.attentionTokensPerBlock(64, 1, true));
        assertTrue(GpuKernels.tensorCoreAttention("cuda", 128, false));
        assertEquals(false, GpuKernels.tensorCoreAttention("cuda", 128, true)); // exact: f32 attention
        assertEquals(false, GpuKernels.tensorCoreAttention("cuda", 256, false)); // its q would not fit the registers
        assertEquals(false, GpuKernels.tensorCoreAttention("hip", 128, false)); // emulated fragments spill on RDNA
    }

    /** The host's rows per 16-bit attention block and largest head_dim are attention.hip's (else tokens go unseen). */
    @Test
    void tensorCoreAttentionConstantsMatchAttentionHip() throws java.io.IOException {
        String src = kernelSource("attention.hip");
        assertTrue(src.contains("#define ATT_TC_ROWS " + GpuKernels.TC_ATTENTION_ROWS + "\n"), "ATT_TC_ROWS");
        for (int d : GpuKernels.HEAD_DIMS) {
            boolean entry = src.contains("ATT_TC_ENTRY(" + d + ")\n");
            assertEquals(d <= GpuKernels.TC_ATTENTION_MAX_HEAD_DIM, entry, "ATT_TC_ENTRY(" + d + ")");
        }
    }

    /**
     * attention.hip has a decode entry for every (head_dim, group) the host accepts and none beyond, and the image list
     * names each (else the backend fails to load, or a model's shape finds no kernel).
     */
    @Test
    void everyAcceptedAttentionShapeHasItsDecodeEntry() throws java.io.IOException {
        String src = kernelSource("attention.hip");
        int entries = 0;
        for (int d : GpuKernels.HEAD_DIMS) {
            for (int g : GpuKernels.ATTENTION_GROUPS) {
                boolean accepted = g * d <= GpuKernels.ATTENTION_MAX_GROUP_DIM;
                assertEquals(accepted, src.contains("ATT_DECODE_ENTRY(" + d + ", " + g + ")"), d + " x " + g);
                assertEquals(accepted, io.infer.kernels.KernelImages.KERNELS.contains(GpuKernels.decodeAttentionName(d, g)),
                        GpuKernels.decodeAttentionName(d, g));
                entries += accepted ? 1 : 0;
            }
        }
        assertEquals(15, entries);
        assertTrue(src.contains("#define ATT_MAX_GD " + GpuKernels.ATTENTION_MAX_GROUP_DIM + "\n"), "ATT_MAX_GD");
        assertEquals("infer_attention_decode_hd128_g4_f16", GpuKernels.decodeAttentionName(128, 4)); // Qwen3-8B
    }

    /** The top-k's bounds, blocks and scratch are topk.hip's, and its k bound is what ForwardPass promises. */
    @Test
    void topKConstantsMatchTopkHip() throws java.io.IOException {
        String src = kernelSource("topk.hip");
        for (String[] c : new String[][] {{"TOPK_MAX", "" + GpuKernels.TOPK_MAX}, {"TOPK_SLICES", "" + GpuKernels.TOPK_SLICES},
                {"TOPK_THREADS", "" + GpuKernels.TOPK_THREADS}, {"TOPK_PICK_THREADS", "" + GpuKernels.TOPK_PICK_THREADS},
                {"TOPK_BINS", "" + GpuKernels.TOPK_BINS}, {"TOPK_BOUNDARY", "" + GpuKernels.TOPK_BOUNDARY}}) {
            assertTrue(Pattern.compile("#define " + c[0] + " " + c[1] + "\\b").matcher(src).find(), c[0]);
        }
        assertEquals(io.infer.backend.ForwardPass.TOP_K_MAX, GpuKernels.TOPK_MAX);
        assertTrue(GpuKernels.topKFits(151936) && !GpuKernels.topKFits(63));
    }

    /** The decode split bounds and the combine's block size are attention.hip's (else a launch fails or chunks go unread). */
    @Test
    void attentionSplitConstantsMatchAttentionHip() throws java.io.IOException {
        String src = kernelSource("attention.hip");
        assertTrue(src.contains("#define ATT_MAX_SPLIT " + GpuKernels.ATTENTION_MAX_SPLIT + " "), "ATT_MAX_SPLIT");
        assertTrue(src.contains("#define ATT_MIN_CHUNK " + GpuKernels.ATTENTION_MIN_DECODE_CHUNK + " "), "ATT_MIN_CHUNK");
        assertTrue(src.contains("#define ATT_COMBINE_THREADS " + GpuKernels.COMBINE_MAX_THREADS + "\n"), "ATT_COMBINE_THREADS");
        for (int d : GpuKernels.HEAD_DIMS) {
            for (int n = 1; n <= GpuKernels.ATTENTION_MAX_SPLIT; n++) {
                int threads = d * GpuKernels.combineGroups(d, n);
                assertTrue(threads <= GpuKernels.COMBINE_MAX_THREADS, "combine block for head_dim " + d);
            }
        }
        assertEquals(4, GpuKernels.combineGroups(128, 50)); // Qwen3-8B, one token
        assertEquals(1, GpuKernels.combineGroups(128, 1));  // a prompt chunk
        assertEquals(2, GpuKernels.combineGroups(256, 50));
    }

    @Test
    void largeTilesOnlyWhereTheirSharedMemoryFits() {
        assertTrue(GpuKernels.largeTilesFit(232_448));  // H100 after opting in (227 KiB)
        assertTrue(GpuKernels.largeTilesFit(166_912));  // A100
        assertEquals(false, GpuKernels.largeTilesFit(65_536)); // RDNA3/3.5 workgroup LDS
    }

    /**
     * The one-column entries' grid and block sizes follow their shapes in matvec.hip (a launch with too few threads
     * leaves rows unwritten): MvShape&lt;warps, rows per warp, ...&gt;, rows per block = warps * rows per warp.
     */
    @Test
    void oneColumnLaunchesMatchTheShapesInMatvecHip() throws IOException {
        // from the module (Maven) or the repository root (the GPU machine's JUnit run)
        String src = kernelSource("matvec.hip");
        for (boolean normOut : new boolean[] {false, true}) {
            String name = normOut ? "Mv1NormFor" : "Mv1For";
            int[] fallback = shape(src, "template <int T> struct " + name + " \\{ using S = MvShape<(\\d+), (\\d+),");
            for (GgmlType t : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.Q8_0}) {
                int[] s = shape(src, "template <> struct " + name + "<WT_" + t.name()
                        + "> \\{ using S = MvShape<(\\d+), (\\d+),");
                int[] shape = s != null ? s : fallback;
                assertEquals(32 * shape[0], GpuKernels.matvec1Threads(t, normOut), name + " " + t + " threads");
                assertEquals(shape[0] * shape[1], GpuKernels.matvec1RowsPerBlock(t, normOut), name + " " + t + " rows");
            }
        }
        int[] multi = shape(src, "using Mv1Multi = MvShape<(\\d+), (\\d+),");
        assertEquals(32 * multi[0], GpuKernels.MATVEC1_MULTI_THREADS);
        assertEquals(multi[0] * multi[1], GpuKernels.MATVEC1_MULTI_ROWS_PER_BLOCK);
        int[] swiglu = shape(src, "using Sw1 = MvShape<(\\d+), (\\d+),");
        assertEquals(32 * swiglu[0], GpuKernels.MATVEC1_SWIGLU_THREADS);
        assertEquals(swiglu[0] * swiglu[1], GpuKernels.MATVEC1_SWIGLU_ROWS_PER_BLOCK);
    }

    /**
     * The tiled kernels' grids, blocks, shared memory and split-k capacity follow their entries in gemm.hip (a tile
     * shape the host does not know leaves tokens or rows uncomputed).
     */
    @Test
    void tiledLaunchesMatchTheEntriesInGemmHip() throws IOException {
        String src = kernelSource("gemm.hip");
        for (boolean small : new boolean[] {false, true}) {
            Matcher m = Pattern.compile("INFER_LAUNCH_BOUNDS_MIN\\((\\d+), (\\d+)\\) void infer_gemm_"
                    + (small ? "n32_" : "") + "##NAME\\(GemmParams p\\) \\{\\s*\\\\\\s*"
                    + "gemm_q8<T, (\\d+), (\\d+), (\\d+), (\\d+)>").matcher(src);
            assertTrue(m.find(), "entry of " + (small ? "infer_gemm_n32_*" : "infer_gemm_*"));
            int threads = Integer.parseInt(m.group(1)), perSm = Integer.parseInt(m.group(2));
            int rows = Integer.parseInt(m.group(3)), tokens = Integer.parseInt(m.group(4));
            assertEquals(32 * Integer.parseInt(m.group(5)) * Integer.parseInt(m.group(6)), threads);
            assertEquals(small ? 128 : 256, threads);  // GpuKernels.matvec launches these block sizes
            assertEquals(small ? GpuKernels.GEMM_N32_ROWS : GpuKernels.GEMM_ROWS, rows);
            assertEquals(small ? GpuKernels.GEMM_N32_TOKENS : GpuKernels.GEMM_TOKENS, tokens);
            assertEquals(small ? GpuKernels.GEMM_N32_BLOCKS_PER_SM : GpuKernels.GEMM_BLOCKS_PER_SM, perSm);
        }
        assertEquals(90_112, GpuKernels.gemmSharedBytes(128, 128));  // GemmSmem<128, 128>::BYTES
        assertEquals(33_792, GpuKernels.gemmSharedBytes(64, 32));    // GemmSmem<64, 32>::BYTES
    }

    /** Warps and rows per warp of the first shape {@code regex} matches, or null. */
    private static int[] shape(String src, String regex) {
        Matcher m = Pattern.compile(regex).matcher(src);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }

    /** A kernel source file, from the module's directory (Maven) or the repository root (an IDE). */
    private static String kernelSource(String name) throws java.io.IOException {
        Path module = Path.of("../kernels/src", name);
        return Files.readString(Files.exists(module) ? module : Path.of("kernels/src", name));
    }
}
