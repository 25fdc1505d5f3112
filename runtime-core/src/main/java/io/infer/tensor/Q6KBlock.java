package io.infer.tensor;

import static io.infer.tensor.Simd.L;
import static io.infer.tensor.Simd.PARTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
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
                    ByteVector a = ByteVector.fromMemorySegment(Simd.B16, src, ql + l, Le.ORDER);
                    ByteVector c = ByteVector.fromMemorySegment(Simd.B16, src, ql + l + 32, Le.ORDER);
                    ByteVector h = ByteVector.fromMemorySegment(Simd.B16, src, qh + l, Le.ORDER);
                    ByteVector q1 = a.and((byte) 0x0F).or(h.and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    ByteVector q2 = c.and((byte) 0x0F).or(h.lanewise(VectorOperators.LSHR, 2).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    ByteVector q3 = a.lanewise(VectorOperators.LSHR, 4).or(h.lanewise(VectorOperators.LSHR, 4).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    ByteVector q4 = c.lanewise(VectorOperators.LSHR, 4).or(h.lanewise(VectorOperators.LSHR, 6).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                    FloatVector s1 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + is));
                    FloatVector s2 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + is + 2));
                    FloatVector s3 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + is + 4));
                    FloatVector s4 = FloatVector.broadcast(Simd.F, d * src.get(Le.BYTE, sc + is + 6));
                    for (int p = 0; p < PARTS; p++) {
                        int e = y + l + p * L;
                        Simd.widen(q1, p).mul(s1).intoArray(out, e);
                        Simd.widen(q2, p).mul(s2).intoArray(out, e + 32);
                        Simd.widen(q3, p).mul(s3).intoArray(out, e + 64);
                        Simd.widen(q4, p).mul(s4).intoArray(out, e + 96);
                    }
                }
            }
        }
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
