package io.infer.hip.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer.gguf.GgufTensor;
import io.infer.tensor.GgmlType;
import io.infer.tensor.Q6KBlock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The device layout of Q6_K rows holds the file's values where kernels/src/quants.h ({@code q6k_parts}) looks. */
class Q6KDeviceLayoutTest {

    @Test
    void rowsArePaddedToSixteenBytes() {
        assertEquals(3360, Q6KDeviceLayout.rowBytes(4096));   // 16 blocks: already a multiple of 16
        assertEquals(10080, Q6KDeviceLayout.rowBytes(12288));
        assertEquals(640, Q6KDeviceLayout.rowBytes(768));     // 630 in the file
        assertEquals(224, Q6KDeviceLayout.rowBytes(256));
    }

    @Test
    void deviceRowsDecodeToTheFileValues() {
        for (int cols : new int[] {256, 768, 4096}) {
            int rows = 3;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment file = randomRows(arena, rows, cols, new Random(cols));
                long out = Q6KDeviceLayout.rowBytes(cols);
                MemorySegment dev = arena.allocate(rows * out + 32);
                dev.fill((byte) 0x5a);
                Q6KDeviceLayout.repack(file, 0, dev, 16, rows, cols);
                for (int r = 0; r < rows; r++) {
                    float[] want = new float[cols];
                    Q6KBlock.dequantizeScalar(file, r * Q6KDeviceLayout.fileRowBytes(cols), want, 0, cols);
                    long row = 16 + r * out;
                    assertArrayEquals(want, decodeDeviceRow(dev, row, cols), "cols " + cols + " row " + r);
                    for (long p = 210L * (cols / 256); p < out; p++) {
                        assertEquals(0, dev.get(ValueLayout.JAVA_BYTE, row + p), "padding at " + p);
                    }
                }
                // nothing written outside the rows
                assertEquals(0x5a, dev.get(ValueLayout.JAVA_BYTE, 15));
                assertEquals(0x5a, dev.get(ValueLayout.JAVA_BYTE, 16 + rows * out));
            }
        }
    }

    @Test
    void deviceSizeCountsThePadding() {
        try (Arena arena = Arena.ofConfined()) {
            GgufTensor q6 = new GgufTensor("w", GgmlType.Q6_K, new long[] {768, 5}, 0, arena.allocate(5 * 630));
            assertEquals(5 * 640, DeviceWeights.deviceSize(q6));
            GgufTensor q4 = new GgufTensor("w", GgmlType.Q4_K, new long[] {768, 5}, 0, arena.allocate(5 * 432));
            assertEquals(5 * 432, DeviceWeights.deviceSize(q4));
        }
    }

    @Test
    void rejectsRowsOfPartialBlocks() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(1024);
            assertThrows(IllegalArgumentException.class, () -> Q6KDeviceLayout.repack(m, 0, m, 0, 1, 300));
        }
    }

    /** Random quants and scales, with d a small normal half so that every value is finite. */
    private static MemorySegment randomRows(Arena arena, int rows, int cols, Random rnd) {
        long bytes = rows * Q6KDeviceLayout.fileRowBytes(cols);
        MemorySegment m = arena.allocate(bytes);
        for (long i = 0; i < bytes; i++) {
            m.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
        }
        for (long b = 0; b < bytes / 210; b++) {
            short d = Float.floatToFloat16(0.0002f + rnd.nextFloat() * 0.002f);
            m.set(ValueLayout.JAVA_SHORT_UNALIGNED, 210 * b + 208, d);
        }
        return m;
    }

    /** Value 128n + 32g + l of block b, read where the layout puts it (the kernels' Q6kSlice and dequant32). */
    private static float[] decodeDeviceRow(MemorySegment dev, long row, int cols) {
        int nsb = cols / 256;
        float[] v = new float[cols];
        for (int b = 0; b < nsb; b++) {
            float d = Float.float16ToFloat(dev.get(ValueLayout.JAVA_SHORT_UNALIGNED, row + 208L * nsb + 2L * b));
            for (int n = 0; n < 2; n++) {
                for (int g = 0; g < 4; g++) {
                    for (int l = 0; l < 32; l++) {
                        int lo = Byte.toUnsignedInt(dev.get(ValueLayout.JAVA_BYTE,
                                row + 128L * b + 16 * (4 * n + l / 8) + 8 * (g & 1) + l % 8));
                        int hi = Byte.toUnsignedInt(dev.get(ValueLayout.JAVA_BYTE, row + 128L * nsb + 64L * b + 32 * n + l));
                        byte sc = dev.get(ValueLayout.JAVA_BYTE, row + 192L * nsb + 16L * b + 8 * n + 2 * g + l / 16);
                        int q = ((g < 2 ? lo & 0xf : lo >> 4) | (((hi >> (2 * g)) & 3) << 4)) - 32;
                        v[256 * b + 128 * n + 32 * g + l] = d * sc * q;
                    }
                }
            }
        }
        return v;
    }
}
