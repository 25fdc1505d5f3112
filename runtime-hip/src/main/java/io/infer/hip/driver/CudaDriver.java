package io.infer.hip.driver;

import io.infer.hip.ffi.NativeLibrary;
import io.infer.hip.ffi.cuda_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.infer.hip.ffi.cuda_h.C_INT;
import static io.infer.hip.ffi.cuda_h.C_LONG;
import static io.infer.hip.ffi.cuda_h.C_POINTER;

/** The CUDA driver API ({@code libcuda.so.1}). */
final class CudaDriver implements Driver {

    static final CudaDriver INSTANCE = new CudaDriver();

    private CudaDriver() {}

    @Override
    public String vendor() {
        return "cuda";
    }

    @Override
    public NativeLibrary library() {
        return cuda_h.library();
    }

    /** Throws {@link GpuException} naming {@code call} unless {@code status} is {@code CUDA_SUCCESS}. */
    static void check(int status, String call) {
        if (status != cuda_h.CUDA_SUCCESS()) {
            throw error(call, status);
        }
    }

    static GpuException error(String call, int status) {
        return new GpuException(call, status, errorText(status, true), errorText(status, false));
    }

    /** {@code cuGetErrorName} / {@code cuGetErrorString}, or null for a code the driver does not know. */
    private static String errorText(int status, boolean name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            int rc = name ? cuda_h.cuGetErrorName(status, out) : cuda_h.cuGetErrorString(status, out);
            MemorySegment text = out.get(C_POINTER, 0);
            return rc == cuda_h.CUDA_SUCCESS() && text.address() != 0 ? text.getString(0) : null;
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** "12.8" from {@code cuDriverGetVersion}, or "?" when it fails. */
    String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(C_INT);
            if (cuda_h.cuDriverGetVersion(v) != cuda_h.CUDA_SUCCESS()) {
                return "?";
            }
            int n = v.get(C_INT, 0);
            return n / 1000 + "." + n % 1000 / 10;
        }
    }

    private void init() {
        requireLibrary();
        check(cuda_h.cuInit(0), "cuInit");
    }

    @Override
    public int deviceCount() {
        init();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(C_INT);
            check(cuda_h.cuDeviceGetCount(n), "cuDeviceGetCount");
            return n.get(C_INT, 0);
        }
    }

    /** The {@code CUdevice} for {@code ordinal}. */
    int device(int ordinal) {
        requireOrdinal(ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dev = arena.allocate(C_INT);
            check(cuda_h.cuDeviceGet(dev, ordinal), "cuDeviceGet");
            return dev.get(C_INT, 0);
        }
    }

    @Override
    public DeviceInfo describe(int ordinal) {
        int dev = device(ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check(cuda_h.cuDeviceGetName(name, (int) name.byteSize(), dev), "cuDeviceGetName");
            MemorySegment bytes = arena.allocate(C_LONG);
            check(cuda_h.cuDeviceTotalMem_v2(bytes, dev), "cuDeviceTotalMem_v2");
            int major = attribute(dev, cuda_h.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR());
            int minor = attribute(dev, cuda_h.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR());
            return new DeviceInfo(vendor(), ordinal, Driver.cString(name), "sm_" + major + minor,
                    bytes.get(C_LONG, 0), attribute(dev, cuda_h.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT()),
                    attribute(dev, cuda_h.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN()));
        }
    }

    private static int attribute(int dev, int attribute) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(C_INT);
            check(cuda_h.cuDeviceGetAttribute(value, attribute, dev), "cuDeviceGetAttribute(" + attribute + ")");
            return value.get(C_INT, 0);
        }
    }

    @Override
    public CudaDevice open(int ordinal) {
        DeviceInfo info = describe(ordinal);
        int dev = device(ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ctx = arena.allocate(C_POINTER);
            check(cuda_h.cuDevicePrimaryCtxRetain(ctx, dev), "cuDevicePrimaryCtxRetain");
            return new CudaDevice(info, dev, ctx.get(java.lang.foreign.ValueLayout.ADDRESS, 0));
        }
    }

    @Override
    public GpuProbe probe() {
        NativeLibrary lib = library();
        if (!lib.isLoaded()) {
            return new GpuProbe(false, vendor(), "no CUDA driver (tried " + String.join(", ", lib.candidates()) + ")");
        }
        String where = lib.loadedName() + " (CUDA " + version() + ")";
        try {
            int init = cuda_h.cuInit(0);
            if (init == cuda_h.CUDA_ERROR_NO_DEVICE()) {
                String why = error("cuInit", init).reason();
                return new GpuProbe(false, vendor(), where + " reports no device (cuInit: " + why + ")");
            }
            check(init, "cuInit");
            int count = deviceCount();
            if (count == 0) {
                return new GpuProbe(false, vendor(), where + " reports no device (cuDeviceGetCount: 0)");
            }
            return new GpuProbe(true, vendor(), where + ": " + count + " device(s); 0: " + describe(0).summary());
        } catch (GpuException | UnsatisfiedLinkError e) {
            return new GpuProbe(false, vendor(), where + " cannot be used: " + e.getMessage());
        }
    }
}
