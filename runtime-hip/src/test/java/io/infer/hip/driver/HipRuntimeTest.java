package io.infer.hip.driver;

import io.infer.hip.SharedLibraries;
import io.infer.hip.ffi.hip_runtime_api_h;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

import static io.infer.hip.ffi.hip_runtime_api_h.C_INT;
import static io.infer.hip.ffi.hip_runtime_api_h.C_LONG;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HIP runtime, loaded for real wherever it is installed (CI installs Debian's {@code libamdhip64-5}, which runs
 * without an AMD GPU). Skipped only when no {@code libamdhip64.so*} file exists; if one does, failing to load or call
 * it is a failure.
 */
class HipRuntimeTest {

    private static List<Path> files;

    @BeforeAll
    static void requireRuntime() {
        files = SharedLibraries.find("libamdhip64.so");
        assumeFalse(files.isEmpty(), "no libamdhip64.so* installed (apt-get install libamdhip64-5)");
        assertTrue(hip_runtime_api_h.library().isLoaded(),
                () -> files + " exists but did not load: " + hip_runtime_api_h.library().failure());
    }

    private static boolean hasDevice() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(C_INT);
            hip_runtime_api_h.hipInit(0);
            return hip_runtime_api_h.hipGetDeviceCount(n) == hip_runtime_api_h.hipSuccess() && n.get(C_INT, 0) > 0;
        }
    }

    @Test
    void reportsItsVersionAndCountsDevicesThroughTheBindings() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(C_INT);
            assertEquals(hip_runtime_api_h.hipSuccess(), hip_runtime_api_h.hipDriverGetVersion(version));
            assertTrue(version.get(C_INT, 0) >= 50_000_000, "HIP_VERSION " + version.get(C_INT, 0));

            hip_runtime_api_h.hipInit(0);
            MemorySegment count = arena.allocate(C_INT);
            count.set(C_INT, 0, -1);
            int status = hip_runtime_api_h.hipGetDeviceCount(count);
            if (status == hip_runtime_api_h.hipSuccess()) {
                assertTrue(count.get(C_INT, 0) >= 0);
            } else {
                assertEquals(hip_runtime_api_h.hipErrorNoDevice(), status,
                        HipDriver.error("hipGetDeviceCount", status).getMessage());
                assertEquals(0, count.get(C_INT, 0));
            }
        }
    }

    @Test
    void withoutADeviceTheProbeSaysSoCleanly() {
        assumeFalse(hasDevice(), "an AMD GPU is present");

        GpuProbe probe = Gpu.probe("hip");
        String loaded = hip_runtime_api_h.library().loadedName();
        assertEquals(false, probe.ok());
        assertEquals("hip", probe.vendor());
        assertTrue(probe.detail().startsWith(loaded + " (HIP "), probe.detail());
        // newer runtimes append the error's description: "... hipErrorNoDevice (no ROCm-capable device is detected))"
        assertTrue(probe.detail().contains(" reports no device (hipGetDeviceCount: hipErrorNoDevice"), probe.detail());

        GpuException e = assertThrows(GpuException.class, () -> Gpu.open("hip", 0));
        assertEquals("hipGetDeviceCount", e.call());
        assertEquals(hip_runtime_api_h.hipErrorNoDevice(), e.status());
        assertEquals("hipGetDeviceCount failed: hipErrorNoDevice", e.getMessage().split(" \\(")[0]);
    }

    @Test
    void withoutADeviceCallsFailWithAStatusInsteadOfCrashing() {
        assumeFalse(hasDevice(), "an AMD GPU is present");

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment free = arena.allocate(C_LONG);
            MemorySegment total = arena.allocate(C_LONG);
            MemorySegment props = arena.allocate(8192, 16);
            int success = hip_runtime_api_h.hipSuccess();
            assertNotEquals(success, hip_runtime_api_h.hipSetDevice(0));
            assertNotEquals(success, hip_runtime_api_h.hipMalloc(out, 1024));
            assertNotEquals(success, hip_runtime_api_h.hipHostMalloc(out, 4096, 0));
            assertNotEquals(success, hip_runtime_api_h.hipStreamCreateWithFlags(out, 1));
            assertNotEquals(success, hip_runtime_api_h.hipEventCreateWithFlags(out, 0));
            assertNotEquals(success, hip_runtime_api_h.hipMemGetInfo(free, total));
            assertNotEquals(success, hip_runtime_api_h.hipDeviceSynchronize());
            String props0 = hip_runtime_api_h.library().hasSymbol("hipGetDevicePropertiesR0600")
                    ? "hipGetDevicePropertiesR0600" : "hipGetDeviceProperties";
            int status = props0.equals("hipGetDevicePropertiesR0600")
                    ? hip_runtime_api_h.hipGetDevicePropertiesR0600(props, 0)
                    : hip_runtime_api_h.hipGetDeviceProperties(props, 0);
            assertNotEquals(success, status, props0);
        }
    }

    @Test
    void withADeviceItOpensAndNamesItsGfxTarget() {
        assumeTrue(hasDevice(), "no AMD GPU");

        try (Device device = Gpu.open("hip", 0)) {
            assertTrue(device.arch().matches("gfx[0-9a-f]+"), device.arch());
            assertTrue(device.totalMemory() > 0 && device.multiprocessors() > 0, device::toString);
        }
    }
}
