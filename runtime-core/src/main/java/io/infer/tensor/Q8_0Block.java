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
