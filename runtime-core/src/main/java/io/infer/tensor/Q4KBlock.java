package io.infer.tensor;

import static io.infer.tensor.Simd.L;
import static io.infer.tensor.Simd.PARTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_K (ggml block_q4_K): 256 elements as {@code half d; half dmin; uint8 scales[12]; uint8 qs[128]}, eight
 * sub-blocks of 32 with a 6-bit scale and min each ({@link KScales}). Each 64 elements share 32 bytes of qs: the
 * low nibbles are the first sub-block, the high nibbles the second; y = d*sc * q - dmin*m.
 */
public final class Q4KBlock {
    public static final GgmlType TYPE = GgmlType.Q4_K;
    public static final int QK = 256;
    public static final int BYTES = 144;
    /** Byte offsets inside a block. */
    public static final int D = 0;
    public static final int DMIN = 2;
    public static final int SCALES = 4;
    public static final int QS = 16;

    private Q4KBlock() {
    }

    public static void dequantize(MemorySegment src, long off, float[] out, int outOff, int n) {
        int blocks = Blocks.count(TYPE, n);
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            int o = outOff + b * QK;
            float d = Le.half(src, bo + D);
            float min = Le.half(src, bo + DMIN);
            long lo = src.get(Le.LONG, bo + SCALES);
            int hi = src.get(Le.INT, bo + SCALES + 8);
            for (int j = 0; j < 4; j++) {
                FloatVector d1 = FloatVector.broadcast(Simd.F, d * KScales.scale(lo, hi, 2 * j));
                FloatVector m1 = FloatVector.broadcast(Simd.F, min * KScales.min(lo, hi, 2 * j));
                FloatVector d2 = FloatVector.broadcast(Simd.F, d * KScales.scale(lo, hi, 2 * j + 1));
                FloatVector m2 = FloatVector.broadcast(Simd.F, min * KScales.min(lo, hi, 2 * j + 1));
                for (int h = 0; h < 32; h += 16) {
                    ByteVector q = ByteVector.fromMemorySegment(Simd.B16, src, bo + QS + 32 * j + h, Le.ORDER);
                    ByteVector ql = q.and((byte) 0x0F);
                    ByteVector qh = q.lanewise(VectorOperators.LSHR, 4);
                    for (int p = 0; p < PARTS; p++) {
                        int e = o + 64 * j + h + p * L;
                        Simd.widen(ql, p).mul(d1).sub(m1).intoArray(out, e);
                        Simd.widen(qh, p).mul(d2).sub(m2).intoArray(out, e + 32);
                    }
                }
            }
        }
    }

    /** Reference: dequantize_row_q4_K. */
    public static void dequantizeScalar(MemorySegment src, long off, float[] out, int outOff, int n) {
        int blocks = Blocks.count(TYPE, n);
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            float d = Le.half(src, bo + D);
            float min = Le.half(src, bo + DMIN);
            long lo = src.get(Le.LONG, bo + SCALES);
            int hi = src.get(Le.INT, bo + SCALES + 8);
            int y = outOff + b * QK;
            long q = bo + QS;
            for (int is = 0; is < 8; is += 2) {
                float d1 = d * KScales.scale(lo, hi, is);
                float m1 = min * KScales.min(lo, hi, is);
                float d2 = d * KScales.scale(lo, hi, is + 1);
                float m2 = min * KScales.min(lo, hi, is + 1);
                for (int l = 0; l < 32; l++) {
                    out[y++] = d1 * (Le.ubyte(src, q + l) & 0xF) - m1;
                }
                for (int l = 0; l < 32; l++) {
                    out[y++] = d2 * (Le.ubyte(src, q + l) >> 4) - m2;
                }
                q += 32;
            }
        }
    }
}
