package io.infer.hip.driver;

import io.infer.hip.ffi.NativeLibrary;
import io.infer.hip.ffi.hipDeviceProp_tR0000;
import io.infer.hip.ffi.hipDeviceProp_tR0600;
import io.infer.hip.ffi.hip_runtime_api_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.infer.hip.ffi.hip_runtime_api_h.C_INT;
import static io.infer.hip.ffi.hip_runtime_api_h.C_LONG;

/** The HIP runtime on AMD ({@code libamdhip64.so}). */
final class HipDriver implements Driver {

    static final HipDriver INSTANCE = new HipDriver();

    // Larger than any hipDeviceProp_t layout (R0000: 792 bytes, R0600: 1472), so a runtime that writes a slightly
    // bigger struct than the one we know cannot write past the buffer.
    private static final long PROPS_BYTES = 8192;

    private HipDriver() {}

    @Override
    public String vendor() {
        return "hip";
    }

    @Override
    public NativeLibrary library() {
        return hip_runtime_api_h.library();
    }

    /** Throws {@link GpuException} naming {@code call} unless {@code status} is {@code hipSuccess}. */
    static void check(int status, String call) {
        if (status != hip_runtime_api_h.hipSuccess()) {
            throw error(call, status);
        }
    }

    static GpuException error(String call, int status) {
        return new GpuException(call, status, errorText(status, true), errorText(status, false));
    }

    private static String errorText(int status, boolean name) {
        try {
            MemorySegment text = name ? hip_runtime_api_h.hipGetErrorName(status)
                    : hip_runtime_api_h.hipGetErrorString(status);
            return text.address() == 0 ? null : text.getString(0);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** "6.4.43482" from {@code hipDriverGetVersion} (HIP_VERSION = major * 10^7 + minor * 10^5 + patch). */
    String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(C_INT);
            if (hip_runtime_api_h.hipDriverGetVersion(v) != hip_runtime_api_h.hipSuccess()) {
                return "?";
            }
            int n = v.get(C_INT, 0);
            return n / 10_000_000 + "." + n / 100_000 % 100 + "." + n % 100_000;
        }
    }

    @Override
    public int deviceCount() {
        requireLibrary();
        // hipInit's own status is not checked: without a device HIP 5 answers hipErrorInvalidDevice here, while
        // hipGetDeviceCount gives the telling hipErrorNoDevice.
        hip_runtime_api_h.hipInit(0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(C_INT);
            check(hip_runtime_api_h.hipGetDeviceCount(n), "hipGetDeviceCount");
            return n.get(C_INT, 0);
        }
    }

    /** The {@code hipDevice_t} for {@code ordinal} (the same number on AMD, asked for all the same). */
    int device(int ordinal) {
        requireOrdinal(ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dev = arena.allocate(C_INT);
            check(hip_runtime_api_h.hipDeviceGet(dev, ordinal), "hipDeviceGet");
            return dev.get(C_INT, 0);
        }
    }

    @Override
    public DeviceInfo describe(int ordinal) {
        int dev = device(ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check(hip_runtime_api_h.hipDeviceGetName(name, (int) name.byteSize(), dev), "hipDeviceGetName");
            MemorySegment bytes = arena.allocate(C_LONG);
            check(hip_runtime_api_h.hipDeviceTotalMem(bytes, dev), "hipDeviceTotalMem");
            return new DeviceInfo(vendor(), ordinal, Driver.cString(name), arch(ordinal), bytes.get(C_LONG, 0),
                    attribute(ordinal, hip_runtime_api_h.hipDeviceAttributeMultiprocessorCount()),
                    attribute(ordinal, hip_runtime_api_h.hipDeviceAttributeMaxSharedMemoryPerBlock()));
        }
    }

    private static int attribute(int ordinal, int attribute) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(C_INT);
            check(hip_runtime_api_h.hipDeviceGetAttribute(value, attribute, ordinal),
                    "hipDeviceGetAttribute(" + attribute + ")");
            return value.get(C_INT, 0);
        }
    }

    /**
     * The gfx target ("gfx1151") from {@code hipDeviceProp_t.gcnArchName}; no attribute carries it. The struct's
     * layout depends on the runtime's ABI, so the versioned entry point the library exports decides which layout
     * is read: R0600 (ROCm 6, 7), else R0000 (HIP 5, or ROCm 6+ compatibility symbol).
     */
    private String arch(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment props = arena.allocate(PROPS_BYTES, 16);
            MemorySegment archName;
            String call;
            if (library().hasSymbol("hipGetDevicePropertiesR0600")) {
                call = "hipGetDevicePropertiesR0600";
                check(hip_runtime_api_h.hipGetDevicePropertiesR0600(props, ordinal), call);
                archName = hipDeviceProp_tR0600.gcnArchName(props);
            } else if (library().hasSymbol("hipGetDevicePropertiesR0000")) {
                call = "hipGetDevicePropertiesR0000";
                check(hip_runtime_api_h.hipGetDevicePropertiesR0000(props, ordinal), call);
                archName = hipDeviceProp_tR0000.gcnArchName(props);
            } else {
                call = "hipGetDeviceProperties";
                check(hip_runtime_api_h.hipGetDeviceProperties(props, ordinal), call);
                archName = hipDeviceProp_tR0000.gcnArchName(props);
            }
            String full = Driver.cString(archName);
            String arch = full.split(":", 2)[0];
            if (!arch.startsWith("gfx")) {
                throw new IllegalStateException(call + " gave gcnArchName \"" + full + "\" for device " + ordinal
                        + ": this runtime's hipDeviceProp_t layout is not the one infer knows");
            }
            return arch;
        }
    }

    @Override
    public HipDevice open(int ordinal) {
        return new HipDevice(describe(ordinal), device(ordinal));
    }

    @Override
    public GpuProbe probe() {
        NativeLibrary lib = library();
        if (!lib.isLoaded()) {
            return new GpuProbe(false, vendor(), "no HIP runtime (tried " + String.join(", ", lib.candidates()) + ")");
        }
        String where = lib.loadedName() + " (HIP " + version() + ")";
        try {
            int init = hip_runtime_api_h.hipInit(0);
            int count;
            int status;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment n = arena.allocate(C_INT);
                status = hip_runtime_api_h.hipGetDeviceCount(n);
                count = n.get(C_INT, 0);
            }
            boolean none = status == hip_runtime_api_h.hipErrorNoDevice()
                    || status == hip_runtime_api_h.hipSuccess() && count == 0;
            if (none) {
                String why = status == hip_runtime_api_h.hipSuccess() ? "0"
                        : error("hipGetDeviceCount", status).reason();
                return new GpuProbe(false, vendor(), where + " reports no device (hipGetDeviceCount: " + why + ")");
            }
            check(status, "hipGetDeviceCount");
            check(init, "hipInit");
            return new GpuProbe(true, vendor(), where + ": " + count + " device(s); 0: " + describe(0).summary());
        } catch (GpuException | UnsatisfiedLinkError | IllegalStateException e) {
            return new GpuProbe(false, vendor(), where + " cannot be used: " + e.getMessage());
        }
    }
}
