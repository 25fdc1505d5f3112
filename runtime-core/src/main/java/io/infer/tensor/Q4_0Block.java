package io.infer.tensor;

import static io.infer.tensor.Simd.L;
import static io.infer.tensor.Simd.PARTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_0 (ggml block_q4_0): 32 elements as {@code half d; uint8 qs[16]}. Byte j holds element j in its low nibble
 * and element j+16 in its high nibble; y = (nibble - 8) * d.
 */
public final class Q4_0Block {
    public static final GgmlType TYPE = GgmlType.Q4_0;
    public static final int QK = 32;
    public static final int BYTES = 18;
    /** Byte offsets inside a block. */
    public static final int D = 0;
    public static final int QS = 2;

    private Q4_0Block() {
    }

    public static void dequantize(MemorySegment src, long off, float[] out, int outOff, int n) {
        int blocks = Blocks.count(TYPE, n);
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            int o = outOff + b * QK;
            block(src, bo + QS, Le.half(src, bo + D), out, o);
        }
    }

    private static void block(MemorySegment src, long qs, float d, float[] out, int o) {
        FloatVector vd = FloatVector.broadcast(Simd.F, d);
        ByteVector q = ByteVector.fromMemorySegment(Simd.B16, src, qs, Le.ORDER);
        for (int p = 0; p < PARTS; p++) {
            IntVector v = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
            IntVector lo = v.and(0x0F).sub(8);
            IntVector hi = v.lanewise(VectorOperators.LSHR, 4).sub(8);
            ((FloatVector) lo.convertShape(VectorOperators.I2F, Simd.F, 0)).mul(vd).intoArray(out, o + p * L);
            ((FloatVector) hi.convertShape(VectorOperators.I2F, Simd.F, 0)).mul(vd).intoArray(out, o + 16 + p * L);
        }
    }

    /**
     * Σ dequantized * x over n elements, dequantizing in registers exactly as {@link #dequantize}, in the
     * canonical order of {@link Simd}: a block's low nibbles (its first 16 elements) feed accumulator 2b % 4,
     * its high nibbles the next.
     */
    static float dot(MemorySegment src, long off, float[] x, int xOff, int n, float[] lanes) {
        int blocks = Blocks.count(TYPE, n);
        FloatVector s0 = FloatVector.zero(Simd.F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int b = 0;
        for (; b < blocks - 1; b += 2) {
            long bo = off + (long) b * BYTES;
            int xb = xOff + b * QK;
            FloatVector d0 = FloatVector.broadcast(Simd.F, Le.half(src, bo + D));
            FloatVector d1 = FloatVector.broadcast(Simd.F, Le.half(src, bo + BYTES + D));
            ByteVector q0 = ByteVector.fromMemorySegment(Simd.B16, src, bo + QS, Le.ORDER);
            ByteVector q1 = ByteVector.fromMemorySegment(Simd.B16, src, bo + BYTES + QS, Le.ORDER);
            for (int p = 0; p < PARTS; p++) {
                int k = xb + p * L;
                IntVector v0 = (IntVector) q0.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                IntVector v1 = (IntVector) q1.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                s0 = ((FloatVector) v0.and(0x0F).sub(8).convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d0)
                        .fma(FloatVector.fromArray(Simd.F, x, k), s0);
                s1 = ((FloatVector) v0.lanewise(VectorOperators.LSHR, 4).sub(8).convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d0)
                        .fma(FloatVector.fromArray(Simd.F, x, k + 16), s1);
                s2 = ((FloatVector) v1.and(0x0F).sub(8).convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d1)
                        .fma(FloatVector.fromArray(Simd.F, x, k + 32), s2);
                s3 = ((FloatVector) v1.lanewise(VectorOperators.LSHR, 4).sub(8).convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d1)
                        .fma(FloatVector.fromArray(Simd.F, x, k + 48), s3);
            }
        }
        if (b < blocks) {
            long bo = off + (long) b * BYTES;
            int xb = xOff + b * QK;
            FloatVector d0 = FloatVector.broadcast(Simd.F, Le.half(src, bo + D));
            ByteVector q0 = ByteVector.fromMemorySegment(Simd.B16, src, bo + QS, Le.ORDER);
            for (int p = 0; p < PARTS; p++) {
                int k = xb + p * L;
                IntVector v0 = (IntVector) q0.convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, p);
                s0 = ((FloatVector) v0.and(0x0F).sub(8).convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d0)
                        .fma(FloatVector.fromArray(Simd.F, x, k), s0);
                s1 = ((FloatVector) v0.lanewise(VectorOperators.LSHR, 4).sub(8).convertShape(VectorOperators.I2F, Simd.F, 0)).mul(d0)
                        .fma(FloatVector.fromArray(Simd.F, x, k + 16), s1);
            }
        }
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        return Simd.sumLanes(lanes);
    }

    /** Reference: dequantize_row_q4_0. */
    public static void dequantizeScalar(MemorySegment src, long off, float[] out, int outOff, int n) {
        int blocks = Blocks.count(TYPE, n);
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            float d = Le.half(src, bo + D);
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.ubyte(src, bo + QS + j);
                int x0 = (q & 0x0F) - 8;
                int x1 = (q >> 4) - 8;
                out[outOff + b * QK + j] = x0 * d;
                out[outOff + b * QK + j + QK / 2] = x1 * d;
            }
        }
    }
}
