package io.infer.tensor;

import static io.infer.tensor.Simd.L;
import static io.infer.tensor.Simd.PARTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q6_K (ggml block_q6_K): 256 elements as {@code uint8 ql[128]; uint8 qh[64]; int8 scales[16]; half d}, two
 * halves of 128. In a half, for l in 0..31: element l takes the low nibble of ql[l] and bits 0-1 of qh[l],
 * element l+32 the low nibble of ql[l+32] and bits 2-3, element l+64 the high nibble of ql[l] and bits 4-5,
 * element l+96 the high nibble of ql[l+32] and bits 6-7; q is that 6-bit value minus 32. Each 16 elements have
 * a signed scale: y = d * scales[k] * q.
 */
public final class Q6KBlock {
    public static final GgmlType TYPE = GgmlType.Q6_K;
    public static final int QK = 256;
    public static final int BYTES = 210;
    /** Byte offsets inside a block. */
    public static final int QL = 0;
    public static final int QH = 128;
    public static final int SCALES = 192;
    public static final int D = 208;

    private Q6KBlock() {
    }

    public static void dequantize(MemorySegment src, long off, float[] out, int outOff, int n) {
        int blocks = Blocks.count(TYPE, n);
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            float d = Le.half(src, bo + D);
            for (int half = 0; half < 2; half++) {
                long ql = bo + QL + 64 * half;
                long qh = bo + QH + 32 * half;
                long sc = bo + SCALES + 8 * half;
                int y = outOff + b * QK + 128 * half;
                for (int l = 0; l < 32; l += 16) {
                    int is = l / 16;
                    group(src, ql + l, qh + l, out, y + l,
                            d * src.get(Le.BYTE, sc + is), d * src.get(Le.BYTE, sc + is + 2),
                            d * src.get(Le.BYTE, sc + is + 4), d * src.get(Le.BYTE, sc + is + 6));
                }
            }
        }
    }

    /**
     * Elements l..l+16 of each quarter of a half: ql[l..], ql[l+32..] and qh[l..] (16 bytes each) to
     * out[e], out[e+32], out[e+64], out[e+96], with the four quarters' scales (d already applied).
     */
    private static void group(MemorySegment src, long ql, long qh, float[] out, int e, float s1, float s2, float s3, float s4) {
        ByteVector ab = ByteVector.fromMemorySegment(Simd.B16, src, ql, Le.ORDER);
        ByteVector cb = ByteVector.fromMemorySegment(Simd.B16, src, ql + 32, Le.ORDER);
        ByteVector hb = ByteVector.fromMemorySegment(Simd.B16, src, qh, Le.ORDER);
        FloatVector v1 = FloatVector.broadcast(Simd.F, s1);
        FloatVector v2 = FloatVector.broadcast(Simd.F, s2);
        FloatVector v3 = FloatVector.broadcast(Simd.F, s3);
        FloatVector v4 = FloatVector.broadcast(Simd.F, s4);
        for (int p = 0; p < PARTS; p++) {
            int i = e + p * L;
            IntVector a = (IntVector) ab.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
            IntVector c = (IntVector) cb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
            IntVector h = (IntVector) hb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
            IntVector q1 = a.and(0x0F).or(h.and(0x03).lanewise(VectorOperators.LSHL, 4)).sub(32);
            IntVector q2 = c.and(0x0F).or(h.and(0x0C).lanewise(VectorOperators.LSHL, 2)).sub(32);
            IntVector q3 = a.lanewise(VectorOperators.LSHR, 4).or(h.and(0x30)).sub(32);
            IntVector q4 = c.lanewise(VectorOperators.LSHR, 4).or(h.lanewise(VectorOperators.LSHR, 2).and(0x30)).sub(32);
            ((FloatVector) q1.convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v1).intoArray(out, i);
            ((FloatVector) q2.convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v2).intoArray(out, i + 32);
            ((FloatVector) q3.convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v3).intoArray(out, i + 64);
            ((FloatVector) q4.convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v4).intoArray(out, i + 96);
        }
    }

    /**
     * Σ dequantized * x over n elements, dequantizing in registers exactly as {@link #dequantize}, in the
     * canonical order of {@link Simd}. In a half, the group l = 0 (elements 0-15, 32-47, 64-79, 96-111) feeds
     * accumulators 0, 2, 0, 2 and the group l = 16 accumulators 1, 3, 1, 3; each accumulator still sees its
     * elements in increasing order, because every vector of a quarter is added before the next quarter's.
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
            for (int half = 0; half < 2; half++) {
                long ql = bo + QL + 64 * half;
                long qh = bo + QH + 32 * half;
                long sc = bo + SCALES + 8 * half;
                int xb = xOff + b * QK + 128 * half;
                { // l = 0: accumulators s0 and s2
                    ByteVector ab = ByteVector.fromMemorySegment(Simd.B16, src, ql, Le.ORDER);
                    ByteVector cb = ByteVector.fromMemorySegment(Simd.B16, src, ql + 32, Le.ORDER);
                    ByteVector hb = ByteVector.fromMemorySegment(Simd.B16, src, qh, Le.ORDER);
                    FloatVector v1 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc));
                    FloatVector v2 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + 2));
                    FloatVector v3 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + 4));
                    FloatVector v4 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + 6));
                    int xl = xb;
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a = (IntVector) ab.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        IntVector c = (IntVector) cb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        IntVector h = (IntVector) hb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        s0 = ((FloatVector) a.and(0x0F).or(h.and(0x03).lanewise(VectorOperators.LSHL, 4)).sub(32)
                                .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v1).fma(FloatVector.fromArray(Simd.F, x, xl + p * L), s0);
                        s2 = ((FloatVector) c.and(0x0F).or(h.and(0x0C).lanewise(VectorOperators.LSHL, 2)).sub(32)
                                .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v2).fma(FloatVector.fromArray(Simd.F, x, xl + 32 + p * L), s2);
                    }
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a = (IntVector) ab.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        IntVector c = (IntVector) cb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        IntVector h = (IntVector) hb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        s0 = ((FloatVector) a.lanewise(VectorOperators.LSHR, 4).or(h.and(0x30)).sub(32)
                                .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v3).fma(FloatVector.fromArray(Simd.F, x, xl + 64 + p * L), s0);
                        s2 = ((FloatVector) c.lanewise(VectorOperators.LSHR, 4).or(h.lanewise(VectorOperators.LSHR, 2).and(0x30)).sub(32)
                                .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v4).fma(FloatVector.fromArray(Simd.F, x, xl + 96 + p * L), s2);
                    }
                }
                { // l = 16: accumulators s1 and s3
                    ByteVector ab = ByteVector.fromMemorySegment(Simd.B16, src, ql + 16, Le.ORDER);
                    ByteVector cb = ByteVector.fromMemorySegment(Simd.B16, src, ql + 16 + 32, Le.ORDER);
                    ByteVector hb = ByteVector.fromMemorySegment(Simd.B16, src, qh + 16, Le.ORDER);
                    FloatVector v1 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + 1));
                    FloatVector v2 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + 1 + 2));
                    FloatVector v3 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + 1 + 4));
                    FloatVector v4 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + 1 + 6));
                    int xl = xb + 16;
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a = (IntVector) ab.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        IntVector c = (IntVector) cb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        IntVector h = (IntVector) hb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        s1 = ((FloatVector) a.and(0x0F).or(h.and(0x03).lanewise(VectorOperators.LSHL, 4)).sub(32)
                                .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v1).fma(FloatVector.fromArray(Simd.F, x, xl + p * L), s1);
                        s3 = ((FloatVector) c.and(0x0F).or(h.and(0x0C).lanewise(VectorOperators.LSHL, 2)).sub(32)
                                .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v2).fma(FloatVector.fromArray(Simd.F, x, xl + 32 + p * L), s3);
                    }
                    for (int p = 0; p < PARTS; p++) {
                        IntVector a = (IntVector) ab.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        IntVector c = (IntVector) cb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        IntVector h = (IntVector) hb.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                        s1 = ((FloatVector) a.lanewise(VectorOperators.LSHR, 4).or(h.and(0x30)).sub(32)
                                .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v3).fma(FloatVector.fromArray(Simd.F, x, xl + 64 + p * L), s1);
                        s3 = ((FloatVector) c.lanewise(VectorOperators.LSHR, 4).or(h.lanewise(VectorOperators.LSHR, 2).and(0x30)).sub(32)
                                .convertShape(VectorOperators.I2F, Simd.F, 0)).mul(v4).fma(FloatVector.fromArray(Simd.F, x, xl + 96 + p * L), s3);
                    }
                }
            }
        }
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        return Simd.sumLanes(lanes);
    }

    /** Reference: dequantize_row_q6_K. */
    public static void dequantizeScalar(MemorySegment src, long off, float[] out, int outOff, int n) {
        int blocks = Blocks.count(TYPE, n);
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            float d = Le.half(src, bo + D);
            long ql = bo + QL;
            long qh = bo + QH;
            long sc = bo + SCALES;
            int y = outOff + b * QK;
            for (int n128 = 0; n128 < QK; n128 += 128) {
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int h = Le.ubyte(src, qh + l);
                    int q1 = (byte) ((Le.ubyte(src, ql + l) & 0xF) | ((h & 3) << 4)) - 32;
                    int q2 = (byte) ((Le.ubyte(src, ql + l + 32) & 0xF) | (((h >> 2) & 3) << 4)) - 32;
                    int q3 = (byte) ((Le.ubyte(src, ql + l) >> 4) | (((h >> 4) & 3) << 4)) - 32;
                    int q4 = (byte) ((Le.ubyte(src, ql + l + 32) >> 4) | (((h >> 6) & 3) << 4)) - 32;
                    out[y + l] = d * src.get(Le.BYTE, sc + is) * q1;
                    out[y + l + 32] = d * src.get(Le.BYTE, sc + is + 2) * q2;
                    out[y + l + 64] = d * src.get(Le.BYTE, sc + is + 4) * q3;
                    out[y + l + 96] = d * src.get(Le.BYTE, sc + is + 6) * q4;
                }
                y += 128;
                ql += 64;
                qh += 32;
                sc += 8;
            }
        }
    }
}
