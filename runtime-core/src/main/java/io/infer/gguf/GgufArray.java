package io.infer.gguf;

/**
 * An array metadata value. {@code values} is a primitive array matching the element type: byte[] (UINT8, INT8),
 * short[] (UINT16, INT16), int[] (UINT32, INT32), long[] (UINT64, INT64), float[], double[], boolean[],
 * String[], or GgufArray[] for nested arrays.
 */
public record GgufArray(GgufValueType elementType, Object values) {

    public int length() {
        return switch (values) {
            case byte[] a -> a.length;
            case short[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case float[] a -> a.length;
            case double[] a -> a.length;
            case boolean[] a -> a.length;
            case String[] a -> a.length;
            case GgufArray[] a -> a.length;
            default -> throw new IllegalStateException("not a GGUF array: " + values.getClass());
        };
    }

    @Override
    public String toString() {
        return "array<" + elementType + ">[" + length() + "]";
    }
}
