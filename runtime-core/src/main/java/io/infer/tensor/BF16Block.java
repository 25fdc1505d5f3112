package io.infer.tensor;

import static io.infer.tensor.Simd.L;

import java.lang.foreign.MemorySegment;

/** BF16: the upper 16 bits of an IEEE float (ggml's GGML_BF16_TO_FP32). */
public final class BF16Block {
    public static final GgmlType TYPE = GgmlType.BF16;
    public static final int BYTES = 2;

    private BF16Block() {
    }

    public static void dequantize(MemorySegment src, long off, float[] out, int outOff, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            Simd.bf16ToFloat(src, off + 2L * i, out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = toFloat(src.get(Le.SHORT, off + 2L * i));
        }
    }

    /** Reference: one element at a time. */
    public static void dequantizeScalar(MemorySegment src, long off, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = toFloat(src.get(Le.SHORT, off + 2L * i));
        }
    }

    static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
