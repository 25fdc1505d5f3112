package io.infer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * One block per format built byte by byte, with expected values worked out by hand from the ggml block layouts
 * (comments show the arithmetic). Each goes through the vector and the scalar path.
 */
class HandComputedBlocksTest {
    private static final short ONE = 0x3C00;   // fp16 1.0
    private static final short HALF = 0x3800;  // fp16 0.5
    private static final short TWO = 0x4000;   // fp16 2.0
    private static final short QUARTER = 0x3400; // fp16 0.25

    private static float[][] both(GgmlType type, byte[] block, int n) {
        MemorySegment seg = GgmlReference.segment(block, 1);
        float[] v = new float[n];
        float[] s = new float[n];
        QuantOps.dequantize(type, seg, 1, v, 0, n);
        DequantizeTest.scalar(type, seg, 1, s, 0, n);
        return new float[][] {v, s};
    }

    @Test
    void q8_0() {
        byte[] b = new byte[34];
        GgmlReference.putShort(b, 0, HALF);
        byte[] qs = {-128, -1, 0, 1, 127, 6};
        System.arraycopy(qs, 0, b, 2, qs.length);
        b[2 + 31] = -7;
        for (float[] y : both(GgmlType.Q8_0, b, 32)) {
            assertEquals(-64f, y[0]);   // -128 * 0.5
            assertEquals(-0.5f, y[1]);
            assertEquals(0f, y[2]);
            assertEquals(0.5f, y[3]);
            assertEquals(63.5f, y[4]);  // 127 * 0.5
            assertEquals(3f, y[5]);
            assertEquals(-3.5f, y[31]);
        }
    }

    @Test
    void q4_0() {
        byte[] b = new byte[18];
        GgmlReference.putShort(b, 0, TWO);
        b[2] = 0x1F;         // element 0: low nibble 15, element 16: high nibble 1
        b[3] = (byte) 0x80;  // element 1: 0, element 17: 8
        b[2 + 15] = (byte) 0xF0; // element 15: 0, element 31: 15
        for (float[] y : both(GgmlType.Q4_0, b, 32)) {
            assertEquals(14f, y[0]);    // (15 - 8) * 2
            assertEquals(-14f, y[16]);  // (1 - 8) * 2
            assertEquals(-16f, y[1]);   // (0 - 8) * 2
            assertEquals(0f, y[17]);    // (8 - 8) * 2
            assertEquals(-16f, y[15]);
            assertEquals(14f, y[31]);
            assertEquals(-16f, y[2]);   // zero bytes: (0 - 8) * 2
        }
    }

    /**
     * Scales of a Q4_K/Q5_K block (12 bytes at offset 4): sub-block 0 scale 3 min 2, sub-block 1 scale 5 min 4,
     * sub-block 4 scale 33 (0b10_0001) min 18 (0b01_0010): the low nibbles of both in byte 8 (0x21), the high
     * two bits in the top of byte 0 (scale) and byte 4 (min). Sub-blocks 2, 3, 5, 6, 7 have scale and min 0.
     */
    private static void kScales(byte[] b) {
        b[4] = (byte) (3 | (0b10 << 6)); // scales[0]
        b[5] = 5;                        // scales[1]
        b[8] = (byte) (2 | (0b01 << 6)); // scales[4]: min 0, plus high bits of min 4
        b[9] = 4;                        // scales[5]: min 1
        b[12] = 0x21;                    // scales[8]: low nibbles of scale 4 (1) and min 4 (2)
    }

    @Test
    void q4_K() {
        byte[] b = new byte[144];
        GgmlReference.putShort(b, 0, ONE);
        GgmlReference.putShort(b, 2, HALF);
        kScales(b);
        b[16] = (byte) 0x9A;      // qs[0]: element 0 gets 10 (sub-block 0), element 32 gets 9 (sub-block 1)
        b[16 + 64] = 0x07;        // qs[64]: element 128 gets 7 (sub-block 4), element 160 gets 0 (sub-block 5)
        for (float[] y : both(GgmlType.Q4_K, b, 256)) {
            assertEquals(29f, y[0]);     // 1*3*10 - 0.5*2
            assertEquals(-1f, y[1]);     // 1*3*0 - 0.5*2
            assertEquals(43f, y[32]);    // 1*5*9 - 0.5*4
            assertEquals(-2f, y[33]);    // 1*5*0 - 0.5*4
            assertEquals(222f, y[128]);  // 1*33*7 - 0.5*18
            assertEquals(-9f, y[129]);   // 1*33*0 - 0.5*18
            assertEquals(0f, y[160]);    // scale 0, min 0
            assertEquals(0f, y[64]);     // sub-block 2: scale 0, min 0
        }
    }

    @Test
    void q5_K() {
        byte[] b = new byte[176];
        GgmlReference.putShort(b, 0, ONE);
        GgmlReference.putShort(b, 2, HALF);
        kScales(b);
        b[16] = 0b11;             // qh[0]: fifth bit of element 0 (bit 0) and element 32 (bit 1)
        b[16 + 1] = 0b1_0000;     // qh[1]: bit 4 = fifth bit of element 128 + 1
        b[48] = (byte) 0x9A;      // qs[0]
        b[48 + 64] = 0x07;        // qs[64]
        for (float[] y : both(GgmlType.Q5_K, b, 256)) {
            assertEquals(77f, y[0]);     // 1*3*(10+16) - 0.5*2
            assertEquals(123f, y[32]);   // 1*5*(9+16) - 0.5*4
            assertEquals(-1f, y[1]);     // 1*3*0 - 1
            assertEquals(222f, y[128]);  // 1*33*7 - 9, no fifth bit
            assertEquals(519f, y[129]);  // 1*33*(0+16) - 9
            assertEquals(-2f, y[33]);
        }
    }

    @Test
    void q6_K() {
        byte[] b = new byte[210];
        int ql = 0;
        int qh = 128;
        int sc = 192;
        GgmlReference.putShort(b, 208, QUARTER);
        b[sc] = 2;
        b[sc + 1] = 7;
        b[sc + 2] = -3;
        b[sc + 4] = 4;
        b[sc + 6] = 1;
        b[sc + 8] = -1;             // first scale of the second half
        b[ql] = 0x5A;               // element 0 low nibble 10, element 64 high nibble 5
        b[ql + 32] = 0x3C;          // element 32 low nibble 12, element 96 high nibble 3
        b[qh] = (byte) 0b11_10_01_00; // high bits: element 0: 0, 32: 1, 64: 2, 96: 3
        b[ql + 16] = 0x0F;
        b[qh + 16] = 0b11;          // element 16: 15 | 3<<4 = 63
        b[ql + 64] = 0x01;          // second half, element 128: 1
        for (float[] y : both(GgmlType.Q6_K, b, 256)) {
            assertEquals(-11f, y[0]);     // 0.25 * 2 * (10 - 32)
            assertEquals(3f, y[32]);      // 0.25 * -3 * ((12 | 1<<4) - 32 = -4)
            assertEquals(5f, y[64]);      // 0.25 * 4 * ((5 | 2<<4) - 32 = 5)
            assertEquals(4.75f, y[96]);   // 0.25 * 1 * ((3 | 3<<4) - 32 = 19)
            assertEquals(54.25f, y[16]);  // 0.25 * 7 * (63 - 32)
            assertEquals(-56f, y[17]);    // 0.25 * 7 * (0 - 32)
            assertEquals(7.75f, y[128]);  // 0.25 * -1 * (1 - 32)
            assertEquals(8f, y[129]);     // 0.25 * -1 * (0 - 32)
        }
    }

    @Test
    void f16() {
        short[] h = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x3555, 0x0000, (short) 0x8000,
                0x7C00, (short) 0xFC00, 0x7E00, 0x3800, (short) 0x8001, 0x0400, 0x4248, 0x5640,
                (short) 0xBC00, 0x3C01};
        float[] expected = {1f, -2f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, 0.25f * (1 + 341 / 1024f), 0f, -0f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0.5f, -0x1p-24f, 0x1p-14f, 3.140625f, 100f,
                -1f, 1 + 0x1p-10f};
        byte[] b = new byte[2 * h.length];
        for (int i = 0; i < h.length; i++) {
            GgmlReference.putShort(b, 2 * i, h[i]);
        }
        for (float[] y : both(GgmlType.F16, b, h.length)) {
            for (int i = 0; i < h.length; i++) {
                assertEquals(expected[i], y[i], "element " + i);
            }
        }
    }

    @Test
    void bf16() {
        short[] h = {0x3F80, (short) 0xC040, 0x4049, 0x0001, 0x7F80, (short) 0x8000, 0x4120, 0x3E80,
                0x3F80, 0x3F80, 0x3F80, 0x3F80, 0x3F80, 0x3F80, 0x3F80, 0x3F80, 0x42C8};
        float[] expected = {1f, -3f, 3.140625f, 0x1p-133f, Float.POSITIVE_INFINITY, -0f, 10f, 0.25f,
                1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 100f};
        byte[] b = new byte[2 * h.length];
        for (int i = 0; i < h.length; i++) {
            GgmlReference.putShort(b, 2 * i, h[i]);
        }
        for (float[] y : both(GgmlType.BF16, b, h.length)) {
            for (int i = 0; i < h.length; i++) {
                assertEquals(expected[i], y[i], "element " + i);
            }
        }
    }

    @Test
    void f32() {
        float[] values = {1.5f, -0f, Float.MIN_VALUE, -3.25e7f, 42f};
        byte[] b = new byte[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            GgmlReference.putFloat(b, 4 * i, values[i]);
        }
        for (float[] y : both(GgmlType.F32, b, values.length)) {
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], y[i]);
            }
        }
    }
}
