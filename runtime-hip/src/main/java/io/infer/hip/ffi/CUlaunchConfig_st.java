package io.infer.hip.ffi;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct CUlaunchConfig_st} (cuda.h), the launch description {@code cuLaunchKernelEx} takes, in
 * jextract's struct-class shape. Offsets from {@code offsetof} on CUDA 13's cuda.h, x86-64 (LP64).
 */
@SuppressWarnings({"checkstyle:MethodName", "checkstyle:TypeName"})
public final class CUlaunchConfig_st {

    private CUlaunchConfig_st() {}

    /** {@code sizeof(CUlaunchConfig)}. */
    public static long sizeof() { return 56; }

    /** {@code unsigned int gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes}. */
    public static long gridDimX$offset() { return 0; }
    public static void gridDimX(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, 0, v); }
    public static void gridDimY(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, 4, v); }
    public static void gridDimZ(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, 8, v); }
    public static void blockDimX(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, 12, v); }
    public static void blockDimY(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, 16, v); }
    public static void blockDimZ(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, 20, v); }
    public static void sharedMemBytes(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, 24, v); }

    /** {@code CUstream hStream}. */
    public static long hStream$offset() { return 32; }
    public static void hStream(MemorySegment struct, MemorySegment v) { struct.set(cuda_h.C_POINTER, hStream$offset(), v); }

    /** {@code CUlaunchAttribute *attrs}. */
    public static long attrs$offset() { return 40; }
    public static void attrs(MemorySegment struct, MemorySegment v) { struct.set(cuda_h.C_POINTER, attrs$offset(), v); }

    /** {@code unsigned int numAttrs}. */
    public static long numAttrs$offset() { return 48; }
    public static void numAttrs(MemorySegment struct, int v) { struct.set(cuda_h.C_INT, numAttrs$offset(), v); }
}
