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
        // 8B prompt chunk of 512 tokens through q (4096 rows): 32 x 8 tiles, 2 blocks on each of 132 SMs
        assertEquals(1, GpuKernels.gemmSplits(256, 264, 32));
        assertEquals(1, GpuKernels.gemmSplits(132, 264, 32));
    }

    @Test
    void fewTilesAreSplitAlongKToFillTheGpu() {
        // decode batch of 32 through q: 64 tiles of 64 rows, 4 blocks on each of 132 SMs, 32 steps of k
        int s = GpuKernels.gemmSplits(64, 528, 32);
        assertEquals(8, s);
        assertTrue(64 * s >= 528 / 2);
        // k/v projections of a prompt chunk: 8 x 8 tiles
        assertEquals(5, GpuKernels.gemmSplits(64, 264, 32));
    }

    @Test
    void aSplitKeepsAtLeastFourStepsOfK() {
        assertEquals(2, GpuKernels.gemmSplits(1, 528, 8));
        assertEquals(1, GpuKernels.gemmSplits(1, 528, 7));
        assertEquals(1, GpuKernels.gemmSplits(1, 528, 2));
    }

    @Test
    void promptAttentionTakesAsManyTokensPerBlockAsFitItsSharedMemory() {
        assertEquals(4, GpuKernels.attentionTokensPerBlock(128, 4)); // Qwen3-8B: 32 heads over 8 kv heads
        assertEquals(2, GpuKernels.attentionTokensPerBlock(128, 8));
        assertEquals(2, GpuKernels.attentionTokensPerBlock(256, 4));
        assertEquals(4, GpuKernels.attentionTokensPerBlock(32, 2));  // the tiny fixture
        assertEquals(1, GpuKernels.attentionTokensPerBlock(256, 8)); // refused before launch, but never 0
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
        Path module = Path.of("../kernels/src/matvec.hip");
        String src = Files.readString(Files.exists(module) ? module : Path.of("kernels/src/matvec.hip"));
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

    /** Warps and rows per warp of the first shape {@code regex} matches, or null. */
    private static int[] shape(String src, String regex) {
        Matcher m = Pattern.compile(regex).matcher(src);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }
}
