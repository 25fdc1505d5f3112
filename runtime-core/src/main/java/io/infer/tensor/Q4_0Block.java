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
