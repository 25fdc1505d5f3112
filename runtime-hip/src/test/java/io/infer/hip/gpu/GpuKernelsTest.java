package io.infer.hip.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
