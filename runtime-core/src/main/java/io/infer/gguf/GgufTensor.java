package io.infer.gguf;

import io.infer.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A tensor in a GGUF file. {@code shape[0]} is ggml's ne[0], the innermost (fastest-varying) dimension: for a
 * weight matrix it is the row length. {@code data} is a slice of the mmapped file, exactly {@link #byteSize()} long.
 */
public record GgufTensor(String name, GgmlType type, long[] shape, long offset, MemorySegment data) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long byteSize() {
        return type.byteSize(elementCount());
    }

    /** Row length (ne[0]). */
    public int cols() {
        return Math.toIntExact(shape[0]);
    }

    /** Number of rows: the product of every dimension but the first. */
    public int rows() {
        return Math.toIntExact(elementCount() / shape[0]);
    }

    /** Bytes of one row. */
    public long rowBytes() {
        return type.byteSize(shape[0]);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
