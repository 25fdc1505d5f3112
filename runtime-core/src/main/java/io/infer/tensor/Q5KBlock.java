package io.infer.tensor;

import static io.infer.tensor.Simd.L;
import static io.infer.tensor.Simd.PARTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q5_K (ggml block_q5_K): 256 elements as {@code half d; half dmin; uint8 scales[12]; uint8 qh[32]; uint8 qs[128]}.
 * Like {@link Q4KBlock} with a fifth bit: for the 64 elements j (0..3), bit 2j of qh[l] is the high bit of the
 * low-nibble element l and bit 2j+1 that of the high-nibble element l.
 */
public final class Q5KBlock {
    public static final GgmlType TYPE = GgmlType.Q5_K;
    public static final int QK = 256;
    public static final int BYTES = 176;
    /** Byte offsets inside a block. */
    public static final int D = 0;
    public static final int DMIN = 2;
    public static final int SCALES = 4;
    public static final int QH = 16;
    public static final int QS = 48;

    private Q5KBlock() {
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
                    ByteVector qh = ByteVector.fromMemorySegment(Simd.B16, src, bo + QH + h, Le.ORDER);
                    ByteVector q1 = q.and((byte) 0x0F)
                            .or(qh.lanewise(VectorOperators.LSHR, 2 * j).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
                    ByteVector q2 = q.lanewise(VectorOperators.LSHR, 4)
                            .or(qh.lanewise(VectorOperators.LSHR, 2 * j + 1).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
                    for (int p = 0; p < PARTS; p++) {
                        int e = o + 64 * j + h + p * L;
                        Simd.widen(q1, p).mul(d1).sub(m1).intoArray(out, e);
                        Simd.widen(q2, p).mul(d2).sub(m2).intoArray(out, e + 32);
                    }
                }
            }
        }
    }

    /** Reference: dequantize_row_q5_K. */
    public static void dequantizeScalar(MemorySegment src, long off, float[] out, int outOff, int n) {
        int blocks = Blocks.count(TYPE, n);
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            float d = Le.half(src, bo + D);
            float min = Le.half(src, bo + DMIN);
            long lo = src.get(Le.LONG, bo + SCALES);
            int hi = src.get(Le.INT, bo + SCALES + 8);
            int y = outOff + b * QK;
            long ql = bo + QS;
            long qh = bo + QH;
            int u1 = 1;
            int u2 = 2;
            for (int is = 0; is < 8; is += 2) {
                float d1 = d * KScales.scale(lo, hi, is);
                float m1 = min * KScales.min(lo, hi, is);
                float d2 = d * KScales.scale(lo, hi, is + 1);
                float m2 = min * KScales.min(lo, hi, is + 1);
                for (int l = 0; l < 32; l++) {
                    out[y++] = d1 * ((Le.ubyte(src, ql + l) & 0xF) + ((Le.ubyte(src, qh + l) & u1) != 0 ? 16 : 0)) - m1;
                }
                for (int l = 0; l < 32; l++) {
                    out[y++] = d2 * ((Le.ubyte(src, ql + l) >> 4) + ((Le.ubyte(src, qh + l) & u2) != 0 ? 16 : 0)) - m2;
                }
                ql += 32;
                u1 <<= 2;
                u2 <<= 2;
            }
        }
    }
}
