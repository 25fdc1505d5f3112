package io.infer.tensor;

import static io.infer.tensor.Simd.L;
import static io.infer.tensor.Simd.PARTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
                pair(src, bo + QS + 32 * j, bo + QH, 2 * j, out, o + 64 * j,
                        d * KScales.scale(lo, hi, 2 * j), min * KScales.min(lo, hi, 2 * j),
                        d * KScales.scale(lo, hi, 2 * j + 1), min * KScales.min(lo, hi, 2 * j + 1));
            }
        }
    }

    /**
     * Two sub-blocks from 32 bytes of qs and bits {@code bit}, {@code bit+1} of the 32 qh bytes: to out[e..e+32)
     * and out[e+32..e+64).
     */
    private static void pair(MemorySegment src, long qs, long qhs, int bit, float[] out, int e,
                             float d1, float m1, float d2, float m2) {
        FloatVector vd1 = FloatVector.broadcast(Simd.F, d1);
        FloatVector vm1 = FloatVector.broadcast(Simd.F, m1);
        FloatVector vd2 = FloatVector.broadcast(Simd.F, d2);
        FloatVector vm2 = FloatVector.broadcast(Simd.F, m2);
        for (int h = 0; h < 32; h += 16) {
            ByteVector q = ByteVector.fromMemorySegment(Simd.B16, src, qs + h, Le.ORDER);
            ByteVector qhb = ByteVector.fromMemorySegment(Simd.B16, src, qhs + h, Le.ORDER);
            for (int p = 0; p < PARTS; p++) {
                int i = e + h + p * L;
                IntVector v = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                IntVector hb = (IntVector) qhb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p).lanewise(VectorOperators.LSHR, bit);
                IntVector q1 = v.and(0x0F).or(hb.and(1).lanewise(VectorOperators.LSHL, 4));
                IntVector q2 = v.lanewise(VectorOperators.LSHR, 4).or(hb.and(2).lanewise(VectorOperators.LSHL, 3));
                ((FloatVector) q1.convertShape(VectorOperators.I2F, Simd.F, 0)).mul(vd1).sub(vm1).intoArray(out, i);
                ((FloatVector) q2.convertShape(VectorOperators.I2F, Simd.F, 0)).mul(vd2).sub(vm2).intoArray(out, i + 32);
            }
        }
    }

    /**
     * Σ dequantized * x over n elements, dequantizing in registers exactly as {@link #dequantize}, in the
     * canonical order of {@link Simd} (the same accumulator assignment as {@link Q4KBlock}).
     */
    static float dot(MemorySegment src, long off, float[] x, int xOff, int n, float[] lanes) {
        int blocks = Blocks.count(TYPE, n);
        FloatVector s0 = FloatVector.zero(Simd.F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            float d = Le.half(src, bo + D);
            float min = Le.half(src, bo + DMIN);
            long lo = src.get(Le.LONG, bo + SCALES);
            int hi = src.get(Le.INT, bo + SCALES + 8);
            ByteVector ha = ByteVector.fromMemorySegment(Simd.B16, src, bo + QH, Le.ORDER);
            ByteVector hb = ByteVector.fromMemorySegment(Simd.B16, src, bo + QH + 16, Le.ORDER);
            for (int j = 0; j < 4; j++) {
                FloatVector d1 = FloatVector.broadcast(Simd.F, d * KScales.scale(lo, hi, 2 * j));
                FloatVector m1 = FloatVector.broadcast(Simd.F, min * KScales.min(lo, hi, 2 * j));
                FloatVector d2 = FloatVector.broadcast(Simd.F, d * KScales.scale(lo, hi, 2 * j + 1));
                FloatVector m2 = FloatVector.broadcast(Simd.F, min * KScales.min(lo, hi, 2 * j + 1));
                ByteVector qa = ByteVector.fromMemorySegment(Simd.B16, src, bo + QS + 32 * j, Le.ORDER);
                ByteVector qb = ByteVector.fromMemorySegment(Simd.B16, src, bo + QS + 32 * j + 16, Le.ORDER);
                int xb = xOff + b * QK + 64 * j;
                for (int p = 0; p < PARTS; p++) {
                    int k = xb + p * L;
                    IntVector va = (IntVector) qa.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                    IntVector vb = (IntVector) qb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                    IntVector xa = ((IntVector) ha.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p)).lanewise(VectorOperators.LSHR, 2 * j);
                    IntVector xc = ((IntVector) hb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p)).lanewise(VectorOperators.LSHR, 2 * j);
                    s0 = ((FloatVector) va.and(0x0F).or(xa.and(1).lanewise(VectorOperators.LSHL, 4))
                            .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d1).sub(m1).fma(FloatVector.fromArray(Simd.F, x, k), s0);
                    s1 = ((FloatVector) vb.and(0x0F).or(xc.and(1).lanewise(VectorOperators.LSHL, 4))
                            .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d1).sub(m1).fma(FloatVector.fromArray(Simd.F, x, k + 16), s1);
                    s2 = ((FloatVector) va.lanewise(VectorOperators.LSHR, 4).or(xa.and(2).lanewise(VectorOperators.LSHL, 3))
                            .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d2).sub(m2).fma(FloatVector.fromArray(Simd.F, x, k + 32), s2);
                    s3 = ((FloatVector) vb.lanewise(VectorOperators.LSHR, 4).or(xc.and(2).lanewise(VectorOperators.LSHL, 3))
                            .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d2).sub(m2).fma(FloatVector.fromArray(Simd.F, x, k + 48), s3);
                }
            }
        }
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        return Simd.sumLanes(lanes);
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
