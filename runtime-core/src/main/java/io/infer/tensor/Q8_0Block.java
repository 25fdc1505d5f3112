package io.infer.tensor;

import static io.infer.tensor.Simd.L;
import static io.infer.tensor.Simd.PARTS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q8_0 (ggml block_q8_0): 32 elements as {@code half d; int8 qs[32]}; y[j] = qs[j] * d.
 */
public final class Q8_0Block {
    public static final GgmlType TYPE = GgmlType.Q8_0;
    public static final int QK = 32;
    public static final int BYTES = 34;
    /** Byte offsets inside a block. */
    public static final int D = 0;
    public static final int QS = 2;

    private Q8_0Block() {
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
        for (int h = 0; h < QK; h += 16) {
            ByteVector q = ByteVector.fromMemorySegment(Simd.B16, src, qs + h, Le.ORDER);
            for (int p = 0; p < PARTS; p++) {
                ((FloatVector) q.convertShape(VectorOperators.B2F, Simd.F, p)).mul(vd).intoArray(out, o + h + p * L);
            }
        }
    }

    /**
     * Σ dequantized * x over n elements, dequantizing in registers exactly as {@link #dequantize}, in the
     * canonical order of {@link Simd}: a block's first 16 elements feed accumulator 2b % 4, its last 16 the next.
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
            ByteVector q1 = ByteVector.fromMemorySegment(Simd.B16, src, bo + QS + 16, Le.ORDER);
            ByteVector q2 = ByteVector.fromMemorySegment(Simd.B16, src, bo + BYTES + QS, Le.ORDER);
            ByteVector q3 = ByteVector.fromMemorySegment(Simd.B16, src, bo + BYTES + QS + 16, Le.ORDER);
            for (int p = 0; p < PARTS; p++) {
                int k = xb + p * L;
                s0 = ((FloatVector) q0.convertShape(VectorOperators.B2F, Simd.F, p)).mul(d0).fma(FloatVector.fromArray(Simd.F, x, k), s0);
                s1 = ((FloatVector) q1.convertShape(VectorOperators.B2F, Simd.F, p)).mul(d0).fma(FloatVector.fromArray(Simd.F, x, k + 16), s1);
                s2 = ((FloatVector) q2.convertShape(VectorOperators.B2F, Simd.F, p)).mul(d1).fma(FloatVector.fromArray(Simd.F, x, k + 32), s2);
                s3 = ((FloatVector) q3.convertShape(VectorOperators.B2F, Simd.F, p)).mul(d1).fma(FloatVector.fromArray(Simd.F, x, k + 48), s3);
            }
        }
        if (b < blocks) {
            long bo = off + (long) b * BYTES;
            int xb = xOff + b * QK;
            FloatVector d0 = FloatVector.broadcast(Simd.F, Le.half(src, bo + D));
            ByteVector q0 = ByteVector.fromMemorySegment(Simd.B16, src, bo + QS, Le.ORDER);
            ByteVector q1 = ByteVector.fromMemorySegment(Simd.B16, src, bo + QS + 16, Le.ORDER);
            for (int p = 0; p < PARTS; p++) {
                int k = xb + p * L;
                s0 = ((FloatVector) q0.convertShape(VectorOperators.B2F, Simd.F, p)).mul(d0).fma(FloatVector.fromArray(Simd.F, x, k), s0);
                s1 = ((FloatVector) q1.convertShape(VectorOperators.B2F, Simd.F, p)).mul(d0).fma(FloatVector.fromArray(Simd.F, x, k + 16), s1);
            }
        }
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        return Simd.sumLanes(lanes);
    }

    /** Reference: dequantize_row_q8_0. */
    public static void dequantizeScalar(MemorySegment src, long off, float[] out, int outOff, int n) {
        int blocks = Blocks.count(TYPE, n);
        for (int b = 0; b < blocks; b++) {
            long bo = off + (long) b * BYTES;
            float d = Le.half(src, bo + D);
            for (int j = 0; j < QK; j++) {
                out[outOff + b * QK + j] = src.get(Le.BYTE, bo + QS + j) * d;
            }
        }
    }
}
