package io.infer.tensor;

import static io.infer.tensor.Simd.L;

import java.lang.foreign.MemorySegment;

/** F16: IEEE binary16, widened exactly (ggml's GGML_FP16_TO_FP32, Java's {@link Float#float16ToFloat}). */
public final class F16Block {
    public static final GgmlType TYPE = GgmlType.F16;
    public static final int BYTES = 2;

    private F16Block() {
    }

    public static void dequantize(MemorySegment src, long off, float[] out, int outOff, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            Simd.halfToFloat(src, off + 2L * i, out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Le.half(src, off + 2L * i);
        }
    }

    /** Reference: one element at a time. */
    public static void dequantizeScalar(MemorySegment src, long off, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Le.half(src, off + 2L * i);
        }
    }
}
