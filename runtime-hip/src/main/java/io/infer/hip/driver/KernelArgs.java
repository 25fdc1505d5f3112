package io.infer.hip.driver;

import io.infer.hip.ffi.CUlaunchAttribute_st;
import io.infer.hip.ffi.CUlaunchConfig_st;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A kernel's arguments in the form {@code cuLaunchKernel} / {@code hipModuleLaunchKernel} take them: an array of
 * pointers ({@code void** kernelParams}), entry {@code i} pointing at argument {@code i}'s value. Both arrays are
 * allocated once; filling them again for the next launch allocates nothing.
 *
 * <pre>{@code
 * args.clear().ptr(x).ptr(weights).ptr(out).i32(n).f32(eps);
 * rmsNorm.launch(stream, rows, 1, 1, 256, 1, 1, 0, args);
 * }</pre>
 *
 * <p>Scalars and pointers take one 8-byte slot each; a by-value struct ({@link #struct(MemorySegment)}) is copied to a
 * separate area sized at construction. The driver copies the values at launch (and at capture, for graphs), so the
 * pack may be refilled as soon as {@code launch} returns. Not thread-safe.
 */
public final class KernelArgs {

    private static final long SLOT = 8;
    private static final long STRUCT_ALIGN = 16;

    private final int maxArgs;
    private final MemorySegment params;   // void*[maxArgs]
    private final MemorySegment values;   // maxArgs slots of SLOT bytes
    private final MemorySegment structs;  // by-value struct arguments, each STRUCT_ALIGN-aligned
    private final MemorySegment config;   // a dependent launch's CUlaunchConfig and its one attribute
    private int count;
    private long structUsed;

    /** Room for {@code maxArgs} scalar or pointer arguments. */
    public KernelArgs(Arena arena, int maxArgs) {
        this(arena, maxArgs, 0);
    }

    /** Room for {@code maxArgs} arguments, of which by-value structs may take {@code structBytes} in total. */
    public KernelArgs(Arena arena, int maxArgs, long structBytes) {
        if (maxArgs <= 0) {
            throw new IllegalArgumentException("maxArgs must be positive: " + maxArgs);
        }
        if (structBytes < 0) {
            throw new IllegalArgumentException("structBytes must not be negative: " + structBytes);
        }
        this.maxArgs = maxArgs;
        this.params = arena.allocate(ValueLayout.ADDRESS, maxArgs);
        this.values = arena.allocate(SLOT * maxArgs, SLOT);
        this.structs = structBytes == 0 ? MemorySegment.NULL : arena.allocate(structBytes, STRUCT_ALIGN);
        this.config = arena.allocate(CUlaunchConfig_st.sizeof() + CUlaunchAttribute_st.sizeof(), 8);
    }

    /** Forgets the arguments set so far. */
    public KernelArgs clear() {
        count = 0;
        structUsed = 0;
        return this;
    }

    /** The device address of {@code b}. */
    public KernelArgs ptr(DeviceBuffer b) {
        return ptr(b.address());
    }

    /** The device address {@code b.address() + byteOffset}. */
    public KernelArgs ptr(DeviceBuffer b, long byteOffset) {
        if (byteOffset < 0 || byteOffset > b.size()) {
            throw new IndexOutOfBoundsException("offset " + byteOffset + " outside a buffer of " + b.size() + " bytes");
        }
        return ptr(b.address() + byteOffset);
    }

    /** A raw device address (or 0 for a null pointer). */
    public KernelArgs ptr(long address) {
        values.set(JAVA_LONG, nextSlot(), address);
        return this;
    }

    /** An {@code int} (also {@code unsigned int}: the bits are passed as they are). */
    public KernelArgs i32(int v) {
        values.set(JAVA_INT, nextSlot(), v);
        return this;
    }

    /** A {@code long long} / {@code int64_t}. */
    public KernelArgs i64(long v) {
        values.set(JAVA_LONG, nextSlot(), v);
        return this;
    }

    /** A {@code float}. */
    public KernelArgs f32(float v) {
        values.set(JAVA_FLOAT, nextSlot(), v);
        return this;
    }

    /** A struct passed by value: {@code value}'s bytes, laid out as the kernel's C struct. */
    public KernelArgs struct(MemorySegment value) {
        long at = (structUsed + STRUCT_ALIGN - 1) & -STRUCT_ALIGN;
        if (at + value.byteSize() > structs.byteSize()) {
            throw new IllegalStateException("struct arguments need " + (at + value.byteSize())
                    + " bytes; this pack was made with room for " + structs.byteSize());
        }
        int i = claim();
        MemorySegment.copy(value, 0, structs, at, value.byteSize());
        params.setAtIndex(JAVA_LONG, i, structs.address() + at);
        structUsed = at + value.byteSize();
        return this;
    }

    /** Number of arguments set since the last {@link #clear()}. */
    public int count() {
        return count;
    }

    /** The {@code void**} array to pass as {@code kernelParams}. */
    public MemorySegment kernelParams() {
        return params;
    }

    /** Room for a dependent launch's description (a CUlaunchConfig and one attribute), filled at each launch. */
    MemorySegment launchConfig() {
        return config;
    }

    /** Points the next parameter at its value slot and returns the slot's offset in {@code values}. */
    private long nextSlot() {
        int i = claim();
        long offset = i * SLOT;
        // Written on every fill, not once, because a struct argument may have used this entry last time.
        params.setAtIndex(JAVA_LONG, i, values.address() + offset);
        return offset;
    }

    private int claim() {
        if (count == maxArgs) {
            throw new IllegalStateException("more than " + maxArgs + " kernel arguments");
        }
        return count++;
    }
}
