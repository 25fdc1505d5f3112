package io.infer.hip.ffi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Bindings for {@code cuda.h} (CUDA driver API, {@code libcuda.so.1}) in jextract's layout; see
 * {@code src/main/jextract/cuda_h.txt} for the command and function list that would regenerate it.
 *
 * <p>Functions are bound by their exported symbol: where {@code cuda.h} renames a function with a macro
 * ({@code #define cuMemAlloc cuMemAlloc_v2}) the method carries the {@code _v2} name, as jextract emits it. The
 * library opens on first use; see {@link NativeLibrary} for what happens when it is absent.
 *
 * <p>Types: {@code CUresult}, {@code CUdevice} and C enums are {@code int}; {@code CUdeviceptr} is
 * {@code unsigned long long} ({@code long}); {@code size_t} is {@code long}; handles ({@code CUcontext},
 * {@code CUstream}, ...) and pointers are {@link MemorySegment}.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName", "checkstyle:TypeName"})
public final class cuda_h {

    private cuda_h() {}

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;

    static final NativeLibrary LIBRARY =
            new NativeLibrary("CUDA driver", "infer.cuda.library", List.of("libcuda.so.1", "libcuda.so"));

    /** The driver library: whether it loaded, which file, and why not. */
    public static NativeLibrary library() {
        return LIBRARY;
    }

    // ---- enum cudaError_enum (CUresult)
    private static final int CUDA_SUCCESS = (int) 0L;
    public static int CUDA_SUCCESS() { return CUDA_SUCCESS; }
    private static final int CUDA_ERROR_INVALID_VALUE = (int) 1L;
    public static int CUDA_ERROR_INVALID_VALUE() { return CUDA_ERROR_INVALID_VALUE; }
    private static final int CUDA_ERROR_OUT_OF_MEMORY = (int) 2L;
    public static int CUDA_ERROR_OUT_OF_MEMORY() { return CUDA_ERROR_OUT_OF_MEMORY; }
    private static final int CUDA_ERROR_NOT_INITIALIZED = (int) 3L;
    public static int CUDA_ERROR_NOT_INITIALIZED() { return CUDA_ERROR_NOT_INITIALIZED; }
    private static final int CUDA_ERROR_DEINITIALIZED = (int) 4L;
    public static int CUDA_ERROR_DEINITIALIZED() { return CUDA_ERROR_DEINITIALIZED; }
    private static final int CUDA_ERROR_STUB_LIBRARY = (int) 34L;
    public static int CUDA_ERROR_STUB_LIBRARY() { return CUDA_ERROR_STUB_LIBRARY; }
    private static final int CUDA_ERROR_NO_DEVICE = (int) 100L;
    public static int CUDA_ERROR_NO_DEVICE() { return CUDA_ERROR_NO_DEVICE; }
    private static final int CUDA_ERROR_INVALID_DEVICE = (int) 101L;
    public static int CUDA_ERROR_INVALID_DEVICE() { return CUDA_ERROR_INVALID_DEVICE; }
    private static final int CUDA_ERROR_NO_BINARY_FOR_GPU = (int) 209L;
    public static int CUDA_ERROR_NO_BINARY_FOR_GPU() { return CUDA_ERROR_NO_BINARY_FOR_GPU; }
    private static final int CUDA_ERROR_NOT_FOUND = (int) 500L;
    public static int CUDA_ERROR_NOT_FOUND() { return CUDA_ERROR_NOT_FOUND; }
    private static final int CUDA_ERROR_SYSTEM_DRIVER_MISMATCH = (int) 803L;
    public static int CUDA_ERROR_SYSTEM_DRIVER_MISMATCH() { return CUDA_ERROR_SYSTEM_DRIVER_MISMATCH; }
    private static final int CUDA_ERROR_UNKNOWN = (int) 999L;
    public static int CUDA_ERROR_UNKNOWN() { return CUDA_ERROR_UNKNOWN; }

    // ---- enum CUdevice_attribute_enum
    private static final int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = (int) 1L;
    public static int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK() { return CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK; }
    private static final int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = (int) 8L;
    public static int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK() { return CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK; }
    private static final int CU_DEVICE_ATTRIBUTE_WARP_SIZE = (int) 10L;
    public static int CU_DEVICE_ATTRIBUTE_WARP_SIZE() { return CU_DEVICE_ATTRIBUTE_WARP_SIZE; }
    private static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = (int) 16L;
    public static int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT() { return CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT; }
    private static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = (int) 75L;
    public static int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR() { return CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR; }
    private static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = (int) 76L;
    public static int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR() { return CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR; }
    private static final int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = (int) 97L;
    public static int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN() { return CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN; }

    // ---- enum CUfunction_attribute_enum
    private static final int CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = (int) 8L;
    public static int CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES() { return CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES; }
    private static final int CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION = (int) 6L;
    public static int CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION() { return CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION; }

    // ---- enum CUstream_flags_enum, CUevent_flags_enum
    private static final int CU_STREAM_DEFAULT = (int) 0L;
    public static int CU_STREAM_DEFAULT() { return CU_STREAM_DEFAULT; }
    private static final int CU_STREAM_NON_BLOCKING = (int) 1L;
    public static int CU_STREAM_NON_BLOCKING() { return CU_STREAM_NON_BLOCKING; }
    private static final int CU_EVENT_DEFAULT = (int) 0L;
    public static int CU_EVENT_DEFAULT() { return CU_EVENT_DEFAULT; }
    private static final int CU_EVENT_DISABLE_TIMING = (int) 2L;
    public static int CU_EVENT_DISABLE_TIMING() { return CU_EVENT_DISABLE_TIMING; }

    // ---- enum CUstreamCaptureMode_enum
    private static final int CU_STREAM_CAPTURE_MODE_GLOBAL = (int) 0L;
    public static int CU_STREAM_CAPTURE_MODE_GLOBAL() { return CU_STREAM_CAPTURE_MODE_GLOBAL; }
    private static final int CU_STREAM_CAPTURE_MODE_THREAD_LOCAL = (int) 1L;
    public static int CU_STREAM_CAPTURE_MODE_THREAD_LOCAL() { return CU_STREAM_CAPTURE_MODE_THREAD_LOCAL; }
    private static final int CU_STREAM_CAPTURE_MODE_RELAXED = (int) 2L;
    public static int CU_STREAM_CAPTURE_MODE_RELAXED() { return CU_STREAM_CAPTURE_MODE_RELAXED; }

    // ---- #define CU_MEMHOSTALLOC_PORTABLE 0x01
    private static final int CU_MEMHOSTALLOC_PORTABLE = (int) 1L;
    public static int CU_MEMHOSTALLOC_PORTABLE() { return CU_MEMHOSTALLOC_PORTABLE; }

    private static final class cuGetErrorString {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuGetErrorString");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuGetErrorString", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuGetErrorString(CUresult error, const char **pStr)
     * }
     */
    public static int cuGetErrorString(int error, MemorySegment pStr) {
        var mh$ = cuGetErrorString.HANDLE;
        try {
            return (int) mh$.invokeExact(error, pStr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuGetErrorName {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuGetErrorName");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuGetErrorName", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuGetErrorName(CUresult error, const char **pStr)
     * }
     */
    public static int cuGetErrorName(int error, MemorySegment pStr) {
        var mh$ = cuGetErrorName.HANDLE;
        try {
            return (int) mh$.invokeExact(error, pStr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuInit {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuInit");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuInit", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuInit(unsigned int Flags)
     * }
     */
    public static int cuInit(int Flags) {
        var mh$ = cuInit.HANDLE;
        try {
            return (int) mh$.invokeExact(Flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDriverGetVersion {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuDriverGetVersion");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuDriverGetVersion", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDriverGetVersion(int *driverVersion)
     * }
     */
    public static int cuDriverGetVersion(MemorySegment driverVersion) {
        var mh$ = cuDriverGetVersion.HANDLE;
        try {
            return (int) mh$.invokeExact(driverVersion);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceGet {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuDeviceGet");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuDeviceGet", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceGet(CUdevice *device, int ordinal)
     * }
     */
    public static int cuDeviceGet(MemorySegment device, int ordinal) {
        var mh$ = cuDeviceGet.HANDLE;
        try {
            return (int) mh$.invokeExact(device, ordinal);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceGetCount {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuDeviceGetCount");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuDeviceGetCount", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceGetCount(int *count)
     * }
     */
    public static int cuDeviceGetCount(MemorySegment count) {
        var mh$ = cuDeviceGetCount.HANDLE;
        try {
            return (int) mh$.invokeExact(count);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceGetName {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuDeviceGetName");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuDeviceGetName", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceGetName(char *name, int len, CUdevice dev)
     * }
     */
    public static int cuDeviceGetName(MemorySegment name, int len, int dev) {
        var mh$ = cuDeviceGetName.HANDLE;
        try {
            return (int) mh$.invokeExact(name, len, dev);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceTotalMem_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuDeviceTotalMem_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuDeviceTotalMem_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice dev)
     * }
     */
    public static int cuDeviceTotalMem_v2(MemorySegment bytes, int dev) {
        var mh$ = cuDeviceTotalMem_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(bytes, dev);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceGetAttribute {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuDeviceGetAttribute");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuDeviceGetAttribute", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev)
     * }
     */
    public static int cuDeviceGetAttribute(MemorySegment pi, int attrib, int dev) {
        var mh$ = cuDeviceGetAttribute.HANDLE;
        try {
            return (int) mh$.invokeExact(pi, attrib, dev);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDevicePrimaryCtxRetain {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuDevicePrimaryCtxRetain");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuDevicePrimaryCtxRetain", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev)
     * }
     */
    public static int cuDevicePrimaryCtxRetain(MemorySegment pctx, int dev) {
        var mh$ = cuDevicePrimaryCtxRetain.HANDLE;
        try {
            return (int) mh$.invokeExact(pctx, dev);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDevicePrimaryCtxRelease_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuDevicePrimaryCtxRelease_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuDevicePrimaryCtxRelease_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev)
     * }
     */
    public static int cuDevicePrimaryCtxRelease_v2(int dev) {
        var mh$ = cuDevicePrimaryCtxRelease_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dev);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuCtxSetCurrent {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuCtxSetCurrent");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuCtxSetCurrent", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuCtxSetCurrent(CUcontext ctx)
     * }
     */
    public static int cuCtxSetCurrent(MemorySegment ctx) {
        var mh$ = cuCtxSetCurrent.HANDLE;
        try {
            return (int) mh$.invokeExact(ctx);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuCtxGetCurrent {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuCtxGetCurrent");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuCtxGetCurrent", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuCtxGetCurrent(CUcontext *pctx)
     * }
     */
    public static int cuCtxGetCurrent(MemorySegment pctx) {
        var mh$ = cuCtxGetCurrent.HANDLE;
        try {
            return (int) mh$.invokeExact(pctx);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuCtxSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuCtxSynchronize");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuCtxSynchronize", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuCtxSynchronize(void)
     * }
     */
    public static int cuCtxSynchronize() {
        var mh$ = cuCtxSynchronize.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuModuleLoadData {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuModuleLoadData");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuModuleLoadData", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuModuleLoadData(CUmodule *module, const void *image)
     * }
     */
    public static int cuModuleLoadData(MemorySegment module, MemorySegment image) {
        var mh$ = cuModuleLoadData.HANDLE;
        try {
            return (int) mh$.invokeExact(module, image);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuModuleUnload {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuModuleUnload");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuModuleUnload", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuModuleUnload(CUmodule hmod)
     * }
     */
    public static int cuModuleUnload(MemorySegment hmod) {
        var mh$ = cuModuleUnload.HANDLE;
        try {
            return (int) mh$.invokeExact(hmod);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuModuleGetFunction {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuModuleGetFunction");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuModuleGetFunction", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name)
     * }
     */
    public static int cuModuleGetFunction(MemorySegment hfunc, MemorySegment hmod, MemorySegment name) {
        var mh$ = cuModuleGetFunction.HANDLE;
        try {
            return (int) mh$.invokeExact(hfunc, hmod, name);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemGetInfo_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemGetInfo_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemGetInfo_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemGetInfo_v2(size_t *free, size_t *total)
     * }
     */
    public static int cuMemGetInfo_v2(MemorySegment free, MemorySegment total) {
        var mh$ = cuMemGetInfo_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(free, total);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemAlloc_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemAlloc_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemAlloc_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytesize)
     * }
     */
    public static int cuMemAlloc_v2(MemorySegment dptr, long bytesize) {
        var mh$ = cuMemAlloc_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dptr, bytesize);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemFree_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_LONG_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemFree_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemFree_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemFree_v2(CUdeviceptr dptr)
     * }
     */
    public static int cuMemFree_v2(long dptr) {
        var mh$ = cuMemFree_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dptr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemAllocHost_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemAllocHost_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemAllocHost_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemAllocHost_v2(void **pp, size_t bytesize)
     * }
     */
    public static int cuMemAllocHost_v2(MemorySegment pp, long bytesize) {
        var mh$ = cuMemAllocHost_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(pp, bytesize);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemFreeHost {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemFreeHost");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemFreeHost", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemFreeHost(void *p)
     * }
     */
    public static int cuMemFreeHost(MemorySegment p) {
        var mh$ = cuMemFreeHost.HANDLE;
        try {
            return (int) mh$.invokeExact(p);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemHostAlloc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_LONG,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemHostAlloc");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemHostAlloc", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemHostAlloc(void **pp, size_t bytesize, unsigned int Flags)
     * }
     */
    public static int cuMemHostAlloc(MemorySegment pp, long bytesize, int Flags) {
        var mh$ = cuMemHostAlloc.HANDLE;
        try {
            return (int) mh$.invokeExact(pp, bytesize, Flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemcpyHtoD_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_LONG_LONG,
            cuda_h.C_POINTER,
            cuda_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemcpyHtoD_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemcpyHtoD_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyHtoD_v2(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount)
     * }
     */
    public static int cuMemcpyHtoD_v2(long dstDevice, MemorySegment srcHost, long ByteCount) {
        var mh$ = cuMemcpyHtoD_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dstDevice, srcHost, ByteCount);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemcpyDtoH_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_LONG_LONG,
            cuda_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemcpyDtoH_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemcpyDtoH_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyDtoH_v2(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount)
     * }
     */
    public static int cuMemcpyDtoH_v2(MemorySegment dstHost, long srcDevice, long ByteCount) {
        var mh$ = cuMemcpyDtoH_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dstHost, srcDevice, ByteCount);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemcpyHtoDAsync_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_LONG_LONG,
            cuda_h.C_POINTER,
            cuda_h.C_LONG,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemcpyHtoDAsync_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemcpyHtoDAsync_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount, CUstream hStream)
     * }
     */
    public static int cuMemcpyHtoDAsync_v2(long dstDevice, MemorySegment srcHost, long ByteCount, MemorySegment hStream) {
        var mh$ = cuMemcpyHtoDAsync_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dstDevice, srcHost, ByteCount, hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemcpyDtoHAsync_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_LONG_LONG,
            cuda_h.C_LONG,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemcpyDtoHAsync_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemcpyDtoHAsync_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyDtoHAsync_v2(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)
     * }
     */
    public static int cuMemcpyDtoHAsync_v2(MemorySegment dstHost, long srcDevice, long ByteCount, MemorySegment hStream) {
        var mh$ = cuMemcpyDtoHAsync_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dstHost, srcDevice, ByteCount, hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemcpyDtoDAsync_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_LONG_LONG,
            cuda_h.C_LONG_LONG,
            cuda_h.C_LONG,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemcpyDtoDAsync_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemcpyDtoDAsync_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)
     * }
     */
    public static int cuMemcpyDtoDAsync_v2(long dstDevice, long srcDevice, long ByteCount, MemorySegment hStream) {
        var mh$ = cuMemcpyDtoDAsync_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dstDevice, srcDevice, ByteCount, hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemsetD8_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_LONG_LONG,
            cuda_h.C_CHAR,
            cuda_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemsetD8_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemsetD8_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemsetD8_v2(CUdeviceptr dstDevice, unsigned char uc, size_t N)
     * }
     */
    public static int cuMemsetD8_v2(long dstDevice, byte uc, long N) {
        var mh$ = cuMemsetD8_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(dstDevice, uc, N);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemsetD8Async {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_LONG_LONG,
            cuda_h.C_CHAR,
            cuda_h.C_LONG,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemsetD8Async");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemsetD8Async", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemsetD8Async(CUdeviceptr dstDevice, unsigned char uc, size_t N, CUstream hStream)
     * }
     */
    public static int cuMemsetD8Async(long dstDevice, byte uc, long N, MemorySegment hStream) {
        var mh$ = cuMemsetD8Async.HANDLE;
        try {
            return (int) mh$.invokeExact(dstDevice, uc, N, hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuMemsetD32Async {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_LONG_LONG,
            cuda_h.C_INT,
            cuda_h.C_LONG,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuMemsetD32Async");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuMemsetD32Async", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemsetD32Async(CUdeviceptr dstDevice, unsigned int ui, size_t N, CUstream hStream)
     * }
     */
    public static int cuMemsetD32Async(long dstDevice, int ui, long N, MemorySegment hStream) {
        var mh$ = cuMemsetD32Async.HANDLE;
        try {
            return (int) mh$.invokeExact(dstDevice, ui, N, hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuStreamCreate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuStreamCreate");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuStreamCreate", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuStreamCreate(CUstream *phStream, unsigned int Flags)
     * }
     */
    public static int cuStreamCreate(MemorySegment phStream, int Flags) {
        var mh$ = cuStreamCreate.HANDLE;
        try {
            return (int) mh$.invokeExact(phStream, Flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuStreamSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuStreamSynchronize");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuStreamSynchronize", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuStreamSynchronize(CUstream hStream)
     * }
     */
    public static int cuStreamSynchronize(MemorySegment hStream) {
        var mh$ = cuStreamSynchronize.HANDLE;
        try {
            return (int) mh$.invokeExact(hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuStreamDestroy_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuStreamDestroy_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuStreamDestroy_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuStreamDestroy_v2(CUstream hStream)
     * }
     */
    public static int cuStreamDestroy_v2(MemorySegment hStream) {
        var mh$ = cuStreamDestroy_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuStreamBeginCapture_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuStreamBeginCapture_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuStreamBeginCapture_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuStreamBeginCapture_v2(CUstream hStream, CUstreamCaptureMode mode)
     * }
     */
    public static int cuStreamBeginCapture_v2(MemorySegment hStream, int mode) {
        var mh$ = cuStreamBeginCapture_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(hStream, mode);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuStreamEndCapture {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuStreamEndCapture");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuStreamEndCapture", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuStreamEndCapture(CUstream hStream, CUgraph *phGraph)
     * }
     */
    public static int cuStreamEndCapture(MemorySegment hStream, MemorySegment phGraph) {
        var mh$ = cuStreamEndCapture.HANDLE;
        try {
            return (int) mh$.invokeExact(hStream, phGraph);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuEventCreate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuEventCreate");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuEventCreate", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventCreate(CUevent *phEvent, unsigned int Flags)
     * }
     */
    public static int cuEventCreate(MemorySegment phEvent, int Flags) {
        var mh$ = cuEventCreate.HANDLE;
        try {
            return (int) mh$.invokeExact(phEvent, Flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuEventRecord {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuEventRecord");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuEventRecord", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventRecord(CUevent hEvent, CUstream hStream)
     * }
     */
    public static int cuEventRecord(MemorySegment hEvent, MemorySegment hStream) {
        var mh$ = cuEventRecord.HANDLE;
        try {
            return (int) mh$.invokeExact(hEvent, hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuEventSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuEventSynchronize");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuEventSynchronize", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventSynchronize(CUevent hEvent)
     * }
     */
    public static int cuEventSynchronize(MemorySegment hEvent) {
        var mh$ = cuEventSynchronize.HANDLE;
        try {
            return (int) mh$.invokeExact(hEvent);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuEventDestroy_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuEventDestroy_v2");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuEventDestroy_v2", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventDestroy_v2(CUevent hEvent)
     * }
     */
    public static int cuEventDestroy_v2(MemorySegment hEvent) {
        var mh$ = cuEventDestroy_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(hEvent);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuEventElapsedTime {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuEventElapsedTime");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuEventElapsedTime", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd)
     * }
     */
    public static int cuEventElapsedTime(MemorySegment pMilliseconds, MemorySegment hStart, MemorySegment hEnd) {
        var mh$ = cuEventElapsedTime.HANDLE;
        try {
            return (int) mh$.invokeExact(pMilliseconds, hStart, hEnd);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuFuncSetAttribute {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT,
            cuda_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("cuFuncSetAttribute");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuFuncSetAttribute", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuFuncSetAttribute(CUfunction hfunc, CUfunction_attribute attrib, int value)
     * }
     */
    public static int cuFuncSetAttribute(MemorySegment hfunc, int attrib, int value) {
        var mh$ = cuFuncSetAttribute.HANDLE;
        try {
            return (int) mh$.invokeExact(hfunc, attrib, value);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuLaunchKernel {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuLaunchKernel");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuLaunchKernel", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra)
     * }
     */
    public static int cuLaunchKernel(MemorySegment f, int gridDimX, int gridDimY, int gridDimZ, int blockDimX, int blockDimY, int blockDimZ, int sharedMemBytes, MemorySegment hStream, MemorySegment kernelParams, MemorySegment extra) {
        var mh$ = cuLaunchKernel.HANDLE;
        try {
            return (int) mh$.invokeExact(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes, hStream, kernelParams, extra);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuLaunchKernelEx {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuLaunchKernelEx");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuLaunchKernelEx", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuLaunchKernelEx(const CUlaunchConfig *config, CUfunction f, void **kernelParams, void **extra)
     * }
     */
    public static int cuLaunchKernelEx(MemorySegment config, MemorySegment f, MemorySegment kernelParams, MemorySegment extra) {
        var mh$ = cuLaunchKernelEx.HANDLE;
        try {
            return (int) mh$.invokeExact(config, f, kernelParams, extra);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuGraphDestroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuGraphDestroy");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuGraphDestroy", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuGraphDestroy(CUgraph hGraph)
     * }
     */
    public static int cuGraphDestroy(MemorySegment hGraph) {
        var mh$ = cuGraphDestroy.HANDLE;
        try {
            return (int) mh$.invokeExact(hGraph);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuGraphInstantiateWithFlags {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER,
            cuda_h.C_LONG_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("cuGraphInstantiateWithFlags");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuGraphInstantiateWithFlags", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuGraphInstantiateWithFlags(CUgraphExec *phGraphExec, CUgraph hGraph, unsigned long long flags)
     * }
     */
    public static int cuGraphInstantiateWithFlags(MemorySegment phGraphExec, MemorySegment hGraph, long flags) {
        var mh$ = cuGraphInstantiateWithFlags.HANDLE;
        try {
            return (int) mh$.invokeExact(phGraphExec, hGraph, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuGraphLaunch {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuGraphLaunch");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuGraphLaunch", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuGraphLaunch(CUgraphExec hGraphExec, CUstream hStream)
     * }
     */
    public static int cuGraphLaunch(MemorySegment hGraphExec, MemorySegment hStream) {
        var mh$ = cuGraphLaunch.HANDLE;
        try {
            return (int) mh$.invokeExact(hGraphExec, hStream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuGraphExecDestroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            cuda_h.C_INT,
            cuda_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("cuGraphExecDestroy");
        static final MethodHandle HANDLE = LIBRARY.downcall("cuGraphExecDestroy", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * CUresult cuGraphExecDestroy(CUgraphExec hGraphExec)
     * }
     */
    public static int cuGraphExecDestroy(MemorySegment hGraphExec) {
        var mh$ = cuGraphExecDestroy.HANDLE;
        try {
            return (int) mh$.invokeExact(hGraphExec);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
