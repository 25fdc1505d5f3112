package io.infer.tensor;

import java.lang.foreign.MemorySegment;

/** F32: plain little-endian floats (a "block" is one element). */
public final class F32Block {
    public static final GgmlType TYPE = GgmlType.F32;
    public static final int BYTES = 4;

    private F32Block() {
    }

    public static void dequantize(MemorySegment src, long off, float[] out, int outOff, int n) {
        MemorySegment.copy(src, Le.FLOAT, off, out, outOff, n);
    }

    /** Reference: one element at a time. */
    public static void dequantizeScalar(MemorySegment src, long off, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = src.get(Le.FLOAT, off + 4L * i);
        }
    }
}
