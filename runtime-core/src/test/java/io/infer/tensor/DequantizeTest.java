package io.infer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every format's vector and scalar dequantization against the transliterated ggml reference, bit for bit. */
class DequantizeTest {

    static void scalar(GgmlType type, MemorySegment s, long off, float[] out, int outOff, int n) {
        switch (type) {
            case F32 -> F32Block.dequantizeScalar(s, off, out, outOff, n);
            case F16 -> F16Block.dequantizeScalar(s, off, out, outOff, n);
            case BF16 -> BF16Block.dequantizeScalar(s, off, out, outOff, n);
            case Q8_0 -> Q8_0Block.dequantizeScalar(s, off, out, outOff, n);
            case Q4_0 -> Q4_0Block.dequantizeScalar(s, off, out, outOff, n);
            case Q4_K -> Q4KBlock.dequantizeScalar(s, off, out, outOff, n);
            case Q5_K -> Q5KBlock.dequantizeScalar(s, off, out, outOff, n);
            case Q6_K -> Q6KBlock.dequantizeScalar(s, off, out, outOff, n);
            default -> throw new IllegalArgumentException(type.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void vectorAndScalarEqualGgmlBitForBit(GgmlType type) {
        Random rnd = new Random(type.id * 7919L);
        // plain types get a length that leaves a scalar tail after the vector loop
        int n = type.blockSize == 1 ? 16 * 5 + 7 : type.blockSize * 5;
        for (int trial = 0; trial < 20; trial++) {
            byte[] bytes = GgmlReference.randomBlocks(type, n, rnd, trial % 2 == 0);
            float[] expected = GgmlReference.dequantize(type, bytes, n);
            int pad = trial % 8; // blocks at odd addresses, as in a GGUF
            MemorySegment seg = GgmlReference.segment(bytes, pad);
            int outOff = 3;

            float[] s = new float[n + 2 * outOff];
            scalar(type, seg, pad, s, outOff, n);
            assertArrayEquals(expected, Arrays.copyOfRange(s, outOff, outOff + n), type + " scalar");

            float[] v = new float[n + 2 * outOff];
            Arrays.fill(v, 12345f);
            QuantOps.dequantize(type, seg, pad, v, outOff, n);
            assertArrayEquals(expected, Arrays.copyOfRange(v, outOff, outOff + n), type + " vector");
            assertEquals(12345f, v[outOff - 1]);
            assertEquals(12345f, v[outOff + n]);
        }
    }

    @Test
    void blockGeometryMatchesGgmlType() {
        assertEquals(GgmlType.F32.typeSize, F32Block.BYTES);
        assertEquals(GgmlType.F16.typeSize, F16Block.BYTES);
        assertEquals(GgmlType.BF16.typeSize, BF16Block.BYTES);
        assertEquals(GgmlType.Q8_0.typeSize, Q8_0Block.BYTES);
        assertEquals(GgmlType.Q8_0.blockSize, Q8_0Block.QK);
        assertEquals(GgmlType.Q4_0.typeSize, Q4_0Block.BYTES);
        assertEquals(GgmlType.Q4_0.blockSize, Q4_0Block.QK);
        assertEquals(GgmlType.Q4_K.typeSize, Q4KBlock.BYTES);
        assertEquals(GgmlType.Q4_K.blockSize, Q4KBlock.QK);
        assertEquals(GgmlType.Q5_K.typeSize, Q5KBlock.BYTES);
        assertEquals(GgmlType.Q5_K.blockSize, Q5KBlock.QK);
        assertEquals(GgmlType.Q6_K.typeSize, Q6KBlock.BYTES);
        assertEquals(GgmlType.Q6_K.blockSize, Q6KBlock.QK);
        assertEquals(Q6KBlock.BYTES, Q6KBlock.D + 2);
        assertEquals(Q5KBlock.BYTES, Q5KBlock.QS + 128);
        assertEquals(Q4KBlock.BYTES, Q4KBlock.QS + 128);
    }

    @Test
    void partialBlocksAreRejected() {
        MemorySegment seg = GgmlReference.segment(new byte[Q4KBlock.BYTES], 0);
        assertThrows(IllegalArgumentException.class, () -> QuantOps.dequantize(GgmlType.Q4_K, seg, 0, new float[300], 0, 100));
    }
}
