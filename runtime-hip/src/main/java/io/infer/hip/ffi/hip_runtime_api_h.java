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
 * Bindings for {@code hip/hip_runtime_api.h} (HIP runtime, {@code libamdhip64.so}, AMD platform) in jextract's
 * layout; see {@code src/main/jextract/hip_runtime_api_h.txt} for the command and function list that would
 * regenerate it. Checked against the HIP 5.2 headers (Debian's {@code libamdhip64-dev}) and the ROCm 7 headers
 * ({@code ROCm/rocm-systems}); every function bound here has the same signature in both, and the
 * {@code hipDeviceAttribute_t} values used are equal in both.
 *
 * <p>Types: {@code hipError_t}, {@code hipDevice_t} and C enums are {@code int}; {@code size_t} is {@code long};
 * handles and {@code hipDeviceptr_t} ({@code void*}) are {@link MemorySegment}. {@code hipDeviceProp_t} is not
 * bound as a whole: its layout changed in ROCm 6 (see {@link hipDeviceProp_tR0600}, {@link hipDeviceProp_tR0000}).
 * The library opens on first use; see {@link NativeLibrary} for what happens when it is absent.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName", "checkstyle:TypeName"})
public final class hip_runtime_api_h {

    private hip_runtime_api_h() {}

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

    // The unversioned name is the development symlink; the versioned ones are what runtime packages install
    // (ROCm 6 and 7 ship .so.6 / .so.7, Debian 12 ships .so.5). /opt/rocm is often not in the loader's path.
    static final NativeLibrary LIBRARY = new NativeLibrary("HIP runtime", "infer.hip.library", List.of(
            "libamdhip64.so", "libamdhip64.so.6", "libamdhip64.so.7", "libamdhip64.so.5",
            "/opt/rocm/lib/libamdhip64.so"));

    /** The runtime library: whether it loaded, which file, and why not. */
    public static NativeLibrary library() {
        return LIBRARY;
    }

    // ---- enum hipError_t
    private static final int hipSuccess = (int) 0L;
    public static int hipSuccess() { return hipSuccess; }
    private static final int hipErrorInvalidValue = (int) 1L;
    public static int hipErrorInvalidValue() { return hipErrorInvalidValue; }
    private static final int hipErrorOutOfMemory = (int) 2L;
    public static int hipErrorOutOfMemory() { return hipErrorOutOfMemory; }
    private static final int hipErrorNotInitialized = (int) 3L;
    public static int hipErrorNotInitialized() { return hipErrorNotInitialized; }
    private static final int hipErrorInsufficientDriver = (int) 35L;
    public static int hipErrorInsufficientDriver() { return hipErrorInsufficientDriver; }
    private static final int hipErrorNoDevice = (int) 100L;
    public static int hipErrorNoDevice() { return hipErrorNoDevice; }
    private static final int hipErrorInvalidDevice = (int) 101L;
    public static int hipErrorInvalidDevice() { return hipErrorInvalidDevice; }
    private static final int hipErrorNoBinaryForGpu = (int) 209L;
    public static int hipErrorNoBinaryForGpu() { return hipErrorNoBinaryForGpu; }
    private static final int hipErrorNotFound = (int) 500L;
    public static int hipErrorNotFound() { return hipErrorNotFound; }

    // ---- enum hipDeviceAttribute_t (same values in HIP 5.2 and ROCm 7)
    private static final int hipDeviceAttributeComputeCapabilityMajor = (int) 23L;
    public static int hipDeviceAttributeComputeCapabilityMajor() { return hipDeviceAttributeComputeCapabilityMajor; }
    private static final int hipDeviceAttributeMaxThreadsPerBlock = (int) 56L;
    public static int hipDeviceAttributeMaxThreadsPerBlock() { return hipDeviceAttributeMaxThreadsPerBlock; }
    private static final int hipDeviceAttributeComputeCapabilityMinor = (int) 61L;
    public static int hipDeviceAttributeComputeCapabilityMinor() { return hipDeviceAttributeComputeCapabilityMinor; }
    private static final int hipDeviceAttributeMultiprocessorCount = (int) 63L;
    public static int hipDeviceAttributeMultiprocessorCount() { return hipDeviceAttributeMultiprocessorCount; }
    private static final int hipDeviceAttributeMaxSharedMemoryPerBlock = (int) 74L;
    public static int hipDeviceAttributeMaxSharedMemoryPerBlock() { return hipDeviceAttributeMaxSharedMemoryPerBlock; }
    private static final int hipDeviceAttributeSharedMemPerBlockOptin = (int) 75L;
    public static int hipDeviceAttributeSharedMemPerBlockOptin() { return hipDeviceAttributeSharedMemPerBlockOptin; }
    private static final int hipDeviceAttributeWarpSize = (int) 87L;
    public static int hipDeviceAttributeWarpSize() { return hipDeviceAttributeWarpSize; }

    // ---- enum hipStreamCaptureMode
    private static final int hipStreamCaptureModeGlobal = (int) 0L;
    public static int hipStreamCaptureModeGlobal() { return hipStreamCaptureModeGlobal; }
    private static final int hipStreamCaptureModeThreadLocal = (int) 1L;
    public static int hipStreamCaptureModeThreadLocal() { return hipStreamCaptureModeThreadLocal; }
    private static final int hipStreamCaptureModeRelaxed = (int) 2L;
    public static int hipStreamCaptureModeRelaxed() { return hipStreamCaptureModeRelaxed; }

    // ---- #define hipStreamDefault 0x00, hipStreamNonBlocking 0x01, hipEventDefault 0x0, hipEventDisableTiming 0x2,
    //      hipHostMallocDefault 0x0, hipHostMallocPortable 0x1
    private static final int hipStreamDefault = (int) 0L;
    public static int hipStreamDefault() { return hipStreamDefault; }
    private static final int hipStreamNonBlocking = (int) 1L;
    public static int hipStreamNonBlocking() { return hipStreamNonBlocking; }
    private static final int hipEventDefault = (int) 0L;
    public static int hipEventDefault() { return hipEventDefault; }
    private static final int hipEventDisableTiming = (int) 2L;
    public static int hipEventDisableTiming() { return hipEventDisableTiming; }
    private static final int hipHostMallocDefault = (int) 0L;
    public static int hipHostMallocDefault() { return hipHostMallocDefault; }
    private static final int hipHostMallocPortable = (int) 1L;
    public static int hipHostMallocPortable() { return hipHostMallocPortable; }

    private static final class hipInit {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipInit");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipInit", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipInit(unsigned int flags)
     * }
     */
    public static int hipInit(int flags) {
        var mh$ = hipInit.HANDLE;
        try {
            return (int) mh$.invokeExact(flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipDriverGetVersion {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipDriverGetVersion");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipDriverGetVersion", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipDriverGetVersion(int* driverVersion)
     * }
     */
    public static int hipDriverGetVersion(MemorySegment driverVersion) {
        var mh$ = hipDriverGetVersion.HANDLE;
        try {
            return (int) mh$.invokeExact(driverVersion);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipRuntimeGetVersion {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipRuntimeGetVersion");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipRuntimeGetVersion", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipRuntimeGetVersion(int* runtimeVersion)
     * }
     */
    public static int hipRuntimeGetVersion(MemorySegment runtimeVersion) {
        var mh$ = hipRuntimeGetVersion.HANDLE;
        try {
            return (int) mh$.invokeExact(runtimeVersion);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipDeviceGet {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipDeviceGet");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipDeviceGet", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipDeviceGet(hipDevice_t* device, int ordinal)
     * }
     */
    public static int hipDeviceGet(MemorySegment device, int ordinal) {
        var mh$ = hipDeviceGet.HANDLE;
        try {
            return (int) mh$.invokeExact(device, ordinal);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipDeviceGetName {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipDeviceGetName");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipDeviceGetName", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipDeviceGetName(char* name, int len, hipDevice_t device)
     * }
     */
    public static int hipDeviceGetName(MemorySegment name, int len, int device) {
        var mh$ = hipDeviceGetName.HANDLE;
        try {
            return (int) mh$.invokeExact(name, len, device);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipDeviceTotalMem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipDeviceTotalMem");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipDeviceTotalMem", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipDeviceTotalMem(size_t* bytes, hipDevice_t device)
     * }
     */
    public static int hipDeviceTotalMem(MemorySegment bytes, int device) {
        var mh$ = hipDeviceTotalMem.HANDLE;
        try {
            return (int) mh$.invokeExact(bytes, device);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipDeviceSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipDeviceSynchronize");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipDeviceSynchronize", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipDeviceSynchronize(void)
     * }
     */
    public static int hipDeviceSynchronize() {
        var mh$ = hipDeviceSynchronize.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipSetDevice {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipSetDevice");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipSetDevice", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipSetDevice(int deviceId)
     * }
     */
    public static int hipSetDevice(int deviceId) {
        var mh$ = hipSetDevice.HANDLE;
        try {
            return (int) mh$.invokeExact(deviceId);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGetDeviceCount {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGetDeviceCount");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGetDeviceCount", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGetDeviceCount(int* count)
     * }
     */
    public static int hipGetDeviceCount(MemorySegment count) {
        var mh$ = hipGetDeviceCount.HANDLE;
        try {
            return (int) mh$.invokeExact(count);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipDeviceGetAttribute {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipDeviceGetAttribute");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipDeviceGetAttribute", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipDeviceGetAttribute(int* pi, hipDeviceAttribute_t attr, int deviceId)
     * }
     */
    public static int hipDeviceGetAttribute(MemorySegment pi, int attr, int deviceId) {
        var mh$ = hipDeviceGetAttribute.HANDLE;
        try {
            return (int) mh$.invokeExact(pi, attr, deviceId);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGetDevicePropertiesR0600 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGetDevicePropertiesR0600");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGetDevicePropertiesR0600", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGetDevicePropertiesR0600(hipDeviceProp_tR0600* prop, int deviceId)
     * }
     */
    public static int hipGetDevicePropertiesR0600(MemorySegment prop, int deviceId) {
        var mh$ = hipGetDevicePropertiesR0600.HANDLE;
        try {
            return (int) mh$.invokeExact(prop, deviceId);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGetDevicePropertiesR0000 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGetDevicePropertiesR0000");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGetDevicePropertiesR0000", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGetDevicePropertiesR0000(hipDeviceProp_tR0000* prop, int device)
     * }
     */
    public static int hipGetDevicePropertiesR0000(MemorySegment prop, int device) {
        var mh$ = hipGetDevicePropertiesR0000.HANDLE;
        try {
            return (int) mh$.invokeExact(prop, device);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGetDeviceProperties {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGetDeviceProperties");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGetDeviceProperties", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGetDeviceProperties(hipDeviceProp_t* prop, int deviceId)
     * }
     */
    public static int hipGetDeviceProperties(MemorySegment prop, int deviceId) {
        var mh$ = hipGetDeviceProperties.HANDLE;
        try {
            return (int) mh$.invokeExact(prop, deviceId);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGetErrorName {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGetErrorName");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGetErrorName", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * const char* hipGetErrorName(hipError_t hip_error)
     * }
     */
    public static MemorySegment hipGetErrorName(int hip_error) {
        var mh$ = hipGetErrorName.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(hip_error);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGetErrorString {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGetErrorString");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGetErrorString", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * const char* hipGetErrorString(hipError_t hipError)
     * }
     */
    public static MemorySegment hipGetErrorString(int hipError) {
        var mh$ = hipGetErrorString.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(hipError);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipStreamCreateWithFlags {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipStreamCreateWithFlags");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipStreamCreateWithFlags", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipStreamCreateWithFlags(hipStream_t* stream, unsigned int flags)
     * }
     */
    public static int hipStreamCreateWithFlags(MemorySegment stream, int flags) {
        var mh$ = hipStreamCreateWithFlags.HANDLE;
        try {
            return (int) mh$.invokeExact(stream, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipStreamDestroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipStreamDestroy");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipStreamDestroy", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipStreamDestroy(hipStream_t stream)
     * }
     */
    public static int hipStreamDestroy(MemorySegment stream) {
        var mh$ = hipStreamDestroy.HANDLE;
        try {
            return (int) mh$.invokeExact(stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipStreamSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipStreamSynchronize");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipStreamSynchronize", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipStreamSynchronize(hipStream_t stream)
     * }
     */
    public static int hipStreamSynchronize(MemorySegment stream) {
        var mh$ = hipStreamSynchronize.HANDLE;
        try {
            return (int) mh$.invokeExact(stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipEventCreateWithFlags {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipEventCreateWithFlags");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipEventCreateWithFlags", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipEventCreateWithFlags(hipEvent_t* event, unsigned flags)
     * }
     */
    public static int hipEventCreateWithFlags(MemorySegment event, int flags) {
        var mh$ = hipEventCreateWithFlags.HANDLE;
        try {
            return (int) mh$.invokeExact(event, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipEventCreate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipEventCreate");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipEventCreate", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipEventCreate(hipEvent_t* event)
     * }
     */
    public static int hipEventCreate(MemorySegment event) {
        var mh$ = hipEventCreate.HANDLE;
        try {
            return (int) mh$.invokeExact(event);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipEventRecord {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipEventRecord");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipEventRecord", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipEventRecord(hipEvent_t event, hipStream_t stream)
     * }
     */
    public static int hipEventRecord(MemorySegment event, MemorySegment stream) {
        var mh$ = hipEventRecord.HANDLE;
        try {
            return (int) mh$.invokeExact(event, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipEventDestroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipEventDestroy");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipEventDestroy", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipEventDestroy(hipEvent_t event)
     * }
     */
    public static int hipEventDestroy(MemorySegment event) {
        var mh$ = hipEventDestroy.HANDLE;
        try {
            return (int) mh$.invokeExact(event);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipEventSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipEventSynchronize");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipEventSynchronize", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipEventSynchronize(hipEvent_t event)
     * }
     */
    public static int hipEventSynchronize(MemorySegment event) {
        var mh$ = hipEventSynchronize.HANDLE;
        try {
            return (int) mh$.invokeExact(event);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipEventElapsedTime {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipEventElapsedTime");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipEventElapsedTime", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipEventElapsedTime(float* ms, hipEvent_t start, hipEvent_t stop)
     * }
     */
    public static int hipEventElapsedTime(MemorySegment ms, MemorySegment start, MemorySegment stop) {
        var mh$ = hipEventElapsedTime.HANDLE;
        try {
            return (int) mh$.invokeExact(ms, start, stop);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMemGetInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMemGetInfo");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMemGetInfo", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMemGetInfo(size_t* free, size_t* total)
     * }
     */
    public static int hipMemGetInfo(MemorySegment free, MemorySegment total) {
        var mh$ = hipMemGetInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(free, total);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMalloc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMalloc");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMalloc", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMalloc(void** ptr, size_t size)
     * }
     */
    public static int hipMalloc(MemorySegment ptr, long size) {
        var mh$ = hipMalloc.HANDLE;
        try {
            return (int) mh$.invokeExact(ptr, size);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipHostMalloc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipHostMalloc");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipHostMalloc", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipHostMalloc(void** ptr, size_t size, unsigned int flags)
     * }
     */
    public static int hipHostMalloc(MemorySegment ptr, long size, int flags) {
        var mh$ = hipHostMalloc.HANDLE;
        try {
            return (int) mh$.invokeExact(ptr, size, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipFree {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipFree");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipFree", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipFree(void* ptr)
     * }
     */
    public static int hipFree(MemorySegment ptr) {
        var mh$ = hipFree.HANDLE;
        try {
            return (int) mh$.invokeExact(ptr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipHostFree {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipHostFree");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipHostFree", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipHostFree(void* ptr)
     * }
     */
    public static int hipHostFree(MemorySegment ptr) {
        var mh$ = hipHostFree.HANDLE;
        try {
            return (int) mh$.invokeExact(ptr);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMemcpyHtoD {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMemcpyHtoD");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMemcpyHtoD", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMemcpyHtoD(hipDeviceptr_t dst, void* src, size_t sizeBytes)
     * }
     */
    public static int hipMemcpyHtoD(MemorySegment dst, MemorySegment src, long sizeBytes) {
        var mh$ = hipMemcpyHtoD.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, src, sizeBytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMemcpyDtoH {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMemcpyDtoH");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMemcpyDtoH", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMemcpyDtoH(void* dst, hipDeviceptr_t src, size_t sizeBytes)
     * }
     */
    public static int hipMemcpyDtoH(MemorySegment dst, MemorySegment src, long sizeBytes) {
        var mh$ = hipMemcpyDtoH.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, src, sizeBytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMemcpyHtoDAsync {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMemcpyHtoDAsync");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMemcpyHtoDAsync", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMemcpyHtoDAsync(hipDeviceptr_t dst, void* src, size_t sizeBytes, hipStream_t stream)
     * }
     */
    public static int hipMemcpyHtoDAsync(MemorySegment dst, MemorySegment src, long sizeBytes, MemorySegment stream) {
        var mh$ = hipMemcpyHtoDAsync.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, src, sizeBytes, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMemcpyDtoHAsync {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMemcpyDtoHAsync");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMemcpyDtoHAsync", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMemcpyDtoHAsync(void* dst, hipDeviceptr_t src, size_t sizeBytes, hipStream_t stream)
     * }
     */
    public static int hipMemcpyDtoHAsync(MemorySegment dst, MemorySegment src, long sizeBytes, MemorySegment stream) {
        var mh$ = hipMemcpyDtoHAsync.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, src, sizeBytes, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMemcpyDtoDAsync {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMemcpyDtoDAsync");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMemcpyDtoDAsync", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMemcpyDtoDAsync(hipDeviceptr_t dst, hipDeviceptr_t src, size_t sizeBytes, hipStream_t stream)
     * }
     */
    public static int hipMemcpyDtoDAsync(MemorySegment dst, MemorySegment src, long sizeBytes, MemorySegment stream) {
        var mh$ = hipMemcpyDtoDAsync.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, src, sizeBytes, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMemsetD8Async {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_CHAR,
            hip_runtime_api_h.C_LONG,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMemsetD8Async");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMemsetD8Async", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMemsetD8Async(hipDeviceptr_t dest, unsigned char value, size_t count, hipStream_t stream)
     * }
     */
    public static int hipMemsetD8Async(MemorySegment dest, byte value, long count, MemorySegment stream) {
        var mh$ = hipMemsetD8Async.HANDLE;
        try {
            return (int) mh$.invokeExact(dest, value, count, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipMemsetAsync {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_LONG,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipMemsetAsync");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipMemsetAsync", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipMemsetAsync(void* dst, int value, size_t sizeBytes, hipStream_t stream)
     * }
     */
    public static int hipMemsetAsync(MemorySegment dst, int value, long sizeBytes, MemorySegment stream) {
        var mh$ = hipMemsetAsync.HANDLE;
        try {
            return (int) mh$.invokeExact(dst, value, sizeBytes, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipModuleUnload {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipModuleUnload");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipModuleUnload", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipModuleUnload(hipModule_t module)
     * }
     */
    public static int hipModuleUnload(MemorySegment module) {
        var mh$ = hipModuleUnload.HANDLE;
        try {
            return (int) mh$.invokeExact(module);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipModuleGetFunction {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipModuleGetFunction");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipModuleGetFunction", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipModuleGetFunction(hipFunction_t* function, hipModule_t module, const char* kname)
     * }
     */
    public static int hipModuleGetFunction(MemorySegment function, MemorySegment module, MemorySegment kname) {
        var mh$ = hipModuleGetFunction.HANDLE;
        try {
            return (int) mh$.invokeExact(function, module, kname);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipModuleLoadData {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipModuleLoadData");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipModuleLoadData", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipModuleLoadData(hipModule_t* module, const void* image)
     * }
     */
    public static int hipModuleLoadData(MemorySegment module, MemorySegment image) {
        var mh$ = hipModuleLoadData.HANDLE;
        try {
            return (int) mh$.invokeExact(module, image);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipModuleLaunchKernel {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipModuleLaunchKernel");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipModuleLaunchKernel", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipModuleLaunchKernel(hipFunction_t f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ, unsigned int sharedMemBytes, hipStream_t stream, void** kernelParams, void** extra)
     * }
     */
    public static int hipModuleLaunchKernel(MemorySegment f, int gridDimX, int gridDimY, int gridDimZ, int blockDimX, int blockDimY, int blockDimZ, int sharedMemBytes, MemorySegment stream, MemorySegment kernelParams, MemorySegment extra) {
        var mh$ = hipModuleLaunchKernel.HANDLE;
        try {
            return (int) mh$.invokeExact(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes, stream, kernelParams, extra);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipStreamBeginCapture {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_INT
        );
        static final MemorySegment ADDR = LIBRARY.address("hipStreamBeginCapture");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipStreamBeginCapture", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipStreamBeginCapture(hipStream_t stream, hipStreamCaptureMode mode)
     * }
     */
    public static int hipStreamBeginCapture(MemorySegment stream, int mode) {
        var mh$ = hipStreamBeginCapture.HANDLE;
        try {
            return (int) mh$.invokeExact(stream, mode);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipStreamEndCapture {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipStreamEndCapture");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipStreamEndCapture", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipStreamEndCapture(hipStream_t stream, hipGraph_t* pGraph)
     * }
     */
    public static int hipStreamEndCapture(MemorySegment stream, MemorySegment pGraph) {
        var mh$ = hipStreamEndCapture.HANDLE;
        try {
            return (int) mh$.invokeExact(stream, pGraph);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGraphDestroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGraphDestroy");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGraphDestroy", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGraphDestroy(hipGraph_t graph)
     * }
     */
    public static int hipGraphDestroy(MemorySegment graph) {
        var mh$ = hipGraphDestroy.HANDLE;
        try {
            return (int) mh$.invokeExact(graph);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGraphInstantiate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGraphInstantiate");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGraphInstantiate", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGraphInstantiate(hipGraphExec_t* pGraphExec, hipGraph_t graph, hipGraphNode_t* pErrorNode, char* pLogBuffer, size_t bufferSize)
     * }
     */
    public static int hipGraphInstantiate(MemorySegment pGraphExec, MemorySegment graph, MemorySegment pErrorNode, MemorySegment pLogBuffer, long bufferSize) {
        var mh$ = hipGraphInstantiate.HANDLE;
        try {
            return (int) mh$.invokeExact(pGraphExec, graph, pErrorNode, pLogBuffer, bufferSize);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGraphInstantiateWithFlags {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_LONG_LONG
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGraphInstantiateWithFlags");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGraphInstantiateWithFlags", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGraphInstantiateWithFlags(hipGraphExec_t* pGraphExec, hipGraph_t graph, unsigned long long flags)
     * }
     */
    public static int hipGraphInstantiateWithFlags(MemorySegment pGraphExec, MemorySegment graph, long flags) {
        var mh$ = hipGraphInstantiateWithFlags.HANDLE;
        try {
            return (int) mh$.invokeExact(pGraphExec, graph, flags);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGraphLaunch {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGraphLaunch");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGraphLaunch", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGraphLaunch(hipGraphExec_t graphExec, hipStream_t stream)
     * }
     */
    public static int hipGraphLaunch(MemorySegment graphExec, MemorySegment stream) {
        var mh$ = hipGraphLaunch.HANDLE;
        try {
            return (int) mh$.invokeExact(graphExec, stream);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class hipGraphExecDestroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(
            hip_runtime_api_h.C_INT,
            hip_runtime_api_h.C_POINTER
        );
        static final MemorySegment ADDR = LIBRARY.address("hipGraphExecDestroy");
        static final MethodHandle HANDLE = LIBRARY.downcall("hipGraphExecDestroy", ADDR, DESC);
    }

    /**
     * {@snippet lang=c :
     * hipError_t hipGraphExecDestroy(hipGraphExec_t graphExec)
     * }
     */
    public static int hipGraphExecDestroy(MemorySegment graphExec) {
        var mh$ = hipGraphExecDestroy.HANDLE;
        try {
            return (int) mh$.invokeExact(graphExec);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
