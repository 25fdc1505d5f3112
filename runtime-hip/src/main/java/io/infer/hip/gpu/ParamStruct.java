package io.infer.hip.gpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A kernel's by-value parameter struct ({@code MatvecParams}, {@code AttentionParams}, ... in kernels/src), written
 * field by field in declaration order with C's layout rules on the 64-bit GPU ABIs: pointers 8-byte aligned, ints
 * and floats 4-byte aligned, the size rounded up to the largest alignment. One instance is reused for every launch.
 */
final class ParamStruct {

    private static final int CAPACITY = 256;

    private final MemorySegment memory;
    private long size;
    private long align;

    ParamStruct(Arena arena) {
        memory = arena.allocate(CAPACITY, 16);
    }

    /** Starts a new struct. */
    ParamStruct begin() {
        size = 0;
        align = 4;
        return this;
    }

    /** A device pointer field ({@code const float*}, ...); 0 is a null pointer. */
    ParamStruct ptr(long address) {
        return i64(address);
    }

    /** A {@code long} field (64-bit on both GPU ABIs), 8-byte aligned. */
    ParamStruct i64(long v) {
        size = alignUp(size, 8);
        align = 8;
        memory.set(JAVA_LONG, size, v);
        size += 8;
        return this;
    }

    ParamStruct i32(int v) {
        size = alignUp(size, 4);
        memory.set(JAVA_INT, size, v);
        size += 4;
        return this;
    }

    ParamStruct f32(float v) {
        size = alignUp(size, 4);
        memory.set(JAVA_FLOAT, size, v);
        size += 4;
        return this;
    }

    /** The finished struct: {@code sizeof} bytes, valid until the next {@link #begin()}. */
    MemorySegment end() {
        return memory.asSlice(0, alignUp(size, align));
    }

    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }
}
