package io.infer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer.gguf.GgufTensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuantOpsTest {
    /**
     * F32 accumulation of n products of random sign: the error grows like sqrt(n) * eps * sum|w*x|, bounded here
     * by n * eps to be safe (n = 512: ~3e-5 of sum|w*x|).
     */
    private static float tolerance(double absSum, int n) {
        return (float) (absSum * n * Math.ulp(1f) + 1e-30);
    }

    private static GgufTensor matrix(GgmlType type, int cols, int rows, long seed) {
        byte[] bytes = GgmlReference.randomBlocks(type, cols * rows, new Random(seed), false);
        return new GgufTensor("w." + type, type, new long[] {cols, rows}, 0, GgmlReference.segment(bytes, 0));
    }

    private static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void dotEqualsSumOfDequantizedTimesX(GgmlType type) {
        int cols = 512;
        int rows = 6;
        GgufTensor w = matrix(type, cols, rows, 11 + type.id);
        float[] x = gaussian(cols + 9, 5);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            DequantizeTest.scalar(type, w.data(), r * w.rowBytes(), row, 0, cols);
            double exact = 0;
            double abs = 0;
            float scalarDot = 0f; // the plain scalar loop
            for (int i = 0; i < cols; i++) {
                exact += (double) row[i] * x[9 + i];
                abs += Math.abs((double) row[i] * x[9 + i]);
                scalarDot += row[i] * x[9 + i];
            }
            float dot = QuantOps.dot(w, r, x, 9);
            assertEquals(exact, dot, tolerance(abs, cols), type + " row " + r);
            assertEquals(scalarDot, dot, 2 * tolerance(abs, cols), type + " vector vs scalar, row " + r);
            assertTrue(abs > 0);
        }
    }

    /**
     * The fused per-format kernels dequantize in registers; they must give exactly what the buffered path gives
     * (dequantize, then the canonical dot), for every block count: odd ones leave Q8_0/Q4_0 an unpaired block,
     * F32 lengths leave partial 64-element chunks and scalar tails.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void fusedKernelsEqualDequantizeThenDotBitForBit(GgmlType type) {
        Random rnd = new Random(type.id);
        float[] lanes = new float[Simd.L];
        for (int blocks = 1; blocks <= 9; blocks++) {
            int n = type.blockSize == 1 ? 13 * blocks + blocks * blocks : type.blockSize * blocks;
            byte[] bytes = GgmlReference.randomBlocks(type, n, rnd, false);
            MemorySegment seg = GgmlReference.segment(bytes, blocks % 4);
            float[] x = gaussian(n + 2, blocks);
            float[] w = new float[n];
            QuantOps.dequantize(type, seg, blocks % 4, w, 0, n);
            float buffered = Simd.dot(w, 0, x, 2, n, lanes);
            assertEquals(buffered, QuantOps.dot(type, seg, blocks % 4, x, 2, n), type + " n=" + n);
        }
    }

    @Test
    void plainTypesHandleRowsThatAreNotAMultipleOfTheVectorLength() {
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16}) {
            for (int cols : new int[] {1, 3, 17, 37, 64 + 13}) {
                GgufTensor w = matrix(type, cols, 3, cols);
                float[] x = gaussian(cols, 3);
                float[] row = new float[cols];
                for (int r = 0; r < 3; r++) {
                    QuantOps.dequantizeRow(w, r, row, 0);
                    double exact = 0;
                    double abs = 0;
                    for (int i = 0; i < cols; i++) {
                        exact += (double) row[i] * x[i];
                        abs += Math.abs((double) row[i] * x[i]);
                    }
                    assertEquals(exact, QuantOps.dot(w, r, x, 0), tolerance(abs, Math.max(cols, 8)), type + " cols " + cols);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void matvecEqualsDotPerRowOnTheParallelPath(GgmlType type) {
        int cols = 1024;
        int rows = 300; // 300K multiply-adds: split over threads
        GgufTensor w = matrix(type, cols, rows, 21 + type.id);
        float[] x = gaussian(cols + 4, 8);
        float[] out = new float[rows + 2];
        Arrays.fill(out, -7f);
        QuantOps.matvec(w, x, 4, out, 1);
        assertEquals(-7f, out[0]);
        assertEquals(-7f, out[rows + 1]);
        for (int r = 0; r < rows; r++) {
            // same arithmetic in the same order: bit-identical, whatever thread computed the row
            assertEquals(QuantOps.dot(w, r, x, 4), out[1 + r], type + " row " + r);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "Q8_0", "Q4_K", "Q6_K"})
    void matmulEqualsMatvecPerBatchRow(GgmlType type) {
        int cols = 512;
        int rows = 200;
        int batch = 5;
        int xStride = cols + 3;
        int outStride = rows + 5;
        GgufTensor w = matrix(type, cols, rows, 31 + type.id);
        float[] x = gaussian(batch * xStride, 9);
        float[] out = new float[batch * outStride];
        Arrays.fill(out, 99f);
        QuantOps.matmul(w, x, batch, xStride, out, outStride);
        float[] one = new float[rows];
        for (int b = 0; b < batch; b++) {
            QuantOps.matvec(w, x, b * xStride, one, 0);
            assertArrayEquals(one, Arrays.copyOfRange(out, b * outStride, b * outStride + rows), type + " batch row " + b);
            for (int p = rows; p < outStride; p++) {
                assertEquals(99f, out[b * outStride + p], "padding between output rows is left alone");
            }
        }
    }

    @Test
    void matmulOfPlainTypesWithRaggedRows() {
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16}) {
            for (int cols : new int[] {5, 37, 64 + 48 + 7, 200}) {
                int rows = 9;
                int batch = 6; // one group of four and two single rows
                GgufTensor w = matrix(type, cols, rows, cols);
                float[] x = gaussian(batch * cols, 2);
                float[] out = new float[batch * rows];
                QuantOps.matmul(w, x, batch, cols, out, rows);
                float[] one = new float[rows];
                for (int b = 0; b < batch; b++) {
                    QuantOps.matvec(w, x, b * cols, one, 0);
                    assertArrayEquals(one, Arrays.copyOfRange(out, b * rows, b * rows + rows), type + " cols " + cols + " batch row " + b);
                }
            }
        }
    }

    @Test
    void matmulWithOffsetsAndABatchOfOne() {
        GgufTensor w = matrix(GgmlType.Q4_K, 256, 40, 3);
        float[] x = gaussian(2 + 256 * 3, 4);
        float[] viaMatmul = new float[1 + 40 * 3];
        QuantOps.matmul(w, x, 2, 256, viaMatmul, 1, 40, 3);
        float[] one = new float[40];
        for (int b = 0; b < 3; b++) {
            QuantOps.matvec(w, x, 2 + b * 256, one, 0);
            assertArrayEquals(one, Arrays.copyOfRange(viaMatmul, 1 + b * 40, 1 + b * 40 + 40));
        }
        float[] single = new float[40];
        QuantOps.matmul(w, x, 1, 256, single, 40);
        QuantOps.matvec(w, x, 0, one, 0);
        assertArrayEquals(one, single);
    }

    @Test
    void dequantizeRowReadsTheRightRow() {
        GgufTensor w = matrix(GgmlType.Q6_K, 512, 4, 77);
        byte[] bytes = new byte[(int) w.byteSize()];
        MemorySegment.copy(w.data(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes, 0, bytes.length);
        float[] all = GgmlReference.dequantize(GgmlType.Q6_K, bytes, 512 * 4);
        float[] row = new float[512 + 1];
        QuantOps.dequantizeRow(w, 2, row, 1);
        assertArrayEquals(Arrays.copyOfRange(all, 1024, 1536), Arrays.copyOfRange(row, 1, 513));
        assertThrows(IndexOutOfBoundsException.class, () -> QuantOps.dequantizeRow(w, 4, row, 0));
    }

    @Test
    void unsupportedTypeNamesTensorAndType() {
        GgufTensor t = new GgufTensor("blk.3.ffn_down.weight", GgmlType.IQ2_XXS, new long[] {256, 2}, 0,
                GgmlReference.segment(new byte[(int) GgmlType.IQ2_XXS.byteSize(512)], 0));
        float[] x = new float[256];
        for (Runnable call : new Runnable[] {
                () -> QuantOps.dot(t, 0, x, 0),
                () -> QuantOps.dequantizeRow(t, 0, x, 0),
                () -> QuantOps.matvec(t, x, 0, new float[2], 0),
                () -> QuantOps.matmul(t, x, 1, 256, new float[2], 2)}) {
            UnsupportedTensorTypeException e = assertThrows(UnsupportedTensorTypeException.class, call::run);
            assertTrue(e.getMessage().contains("blk.3.ffn_down.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("IQ2_XXS"), e.getMessage());
            assertTrue(e.getMessage().contains("Q4_K"), "lists what is supported: " + e.getMessage());
            assertEquals(GgmlType.IQ2_XXS, e.type());
        }
        IllegalArgumentException viaSegment = assertThrows(IllegalArgumentException.class,
                () -> QuantOps.dequantize(GgmlType.Q2_K, t.data(), 0, x, 0, 256));
        assertTrue(viaSegment.getMessage().contains("Q2_K"), viaSegment.getMessage());
    }
}
