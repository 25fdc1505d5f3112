package io.infer.hip.ffi;

import java.lang.foreign.MemorySegment;

/**
 * The fields of {@code struct hipDeviceProp_tR0000} that infer reads, in jextract's struct-class shape ({@code sizeof()},
 * {@code field$offset()}, {@code field(struct)}); the struct as of HIP 5.x (hipDeviceProp_t before ROCm 6, kept as hipDeviceProp_tR0000 in hip_deprecated.h), filled by hipGetDeviceProperties on HIP 5 and hipGetDevicePropertiesR0000 on ROCm 6+.
 *
 * <p>The struct has ~100 fields and is not generated whole. The offsets were computed with {@code offsetof} by
 * compiling the header's struct with gcc for x86-64 (LP64): HIP 5.2 from Debian's {@code libamdhip64-dev}; ROCm 7
 * from {@code ROCm/rocm-systems projects/hip/include/hip/hip_runtime_api.h}. A layout is frozen by its versioned
 * symbol: HIP renames the function ({@code hipGetDevicePropertiesR0600}) when the struct changes, and ROCm 6.x/7.x
 * added fields only by taking {@code reserved} slots. The driver checks that the arch name read starts with "gfx".
 */
@SuppressWarnings({"checkstyle:MethodName", "checkstyle:TypeName"})
public final class hipDeviceProp_tR0000 {

    private hipDeviceProp_tR0000() {}

    /** {@code sizeof(hipDeviceProp_tR0000)}. */
    public static long sizeof() { return 792; }

    /** {@code char name[256]}. */
    public static long name$offset() { return 0; }
    public static MemorySegment name(MemorySegment struct) { return struct.asSlice(name$offset(), 256); }

    /** {@code size_t totalGlobalMem}. */
    public static long totalGlobalMem$offset() { return 256; }
    public static long totalGlobalMem(MemorySegment struct) { return struct.get(hip_runtime_api_h.C_LONG, totalGlobalMem$offset()); }

    /** {@code int major}. */
    public static long major$offset() { return 328; }
    public static int major(MemorySegment struct) { return struct.get(hip_runtime_api_h.C_INT, major$offset()); }

    /** {@code int minor}. */
    public static long minor$offset() { return 332; }
    public static int minor(MemorySegment struct) { return struct.get(hip_runtime_api_h.C_INT, minor$offset()); }

    /** {@code int multiProcessorCount}. */
    public static long multiProcessorCount$offset() { return 336; }
    public static int multiProcessorCount(MemorySegment struct) { return struct.get(hip_runtime_api_h.C_INT, multiProcessorCount$offset()); }

    /** {@code char gcnArchName[256]}: "gfx90a:sramecc+:xnack-" (target id, then feature flags after ':'). */
    public static long gcnArchName$offset() { return 396; }
    public static MemorySegment gcnArchName(MemorySegment struct) { return struct.asSlice(gcnArchName$offset(), 256); }
}
