package io.infer.hip.driver;

import io.infer.hip.SharedLibraries;
import io.infer.hip.ffi.cuda_h;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GpuProbeTest {

    @Test
    void probingNeverThrowsAndSaysWhatItFound() {
        GpuProbe probe = Gpu.probe();

        assertFalse(probe.detail().isBlank());
        if (probe.ok()) {
            assertTrue(probe.vendor().equals("cuda") || probe.vendor().equals("hip"), probe::toString);
            assertTrue(probe.detail().contains("device(s); 0: "), probe::toString);
        } else if (probe.vendor().equals(GpuProbe.NONE)) {
            assertTrue(probe.detail().startsWith("no GPU driver found (tried libcuda.so.1, "), probe::toString);
            assertTrue(probe.detail().contains("libamdhip64.so"), probe::toString);
        } else {
            // a driver loaded: it either has no device or failed in a way the detail names
            assertTrue(probe.detail().contains(" reports no device (") || probe.detail().contains(" cannot be used: "),
                    probe::toString);
        }
    }

    @Test
    void openingWithoutAGpuFailsWithTheProbesReason() {
        GpuProbe probe = Gpu.probe();
        assumeTrue(!probe.ok(), "a GPU is present");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gpu.open(0));
        assertEquals(probe.detail(), e.getMessage());
    }

    @Test
    void withoutLibcudaTheCudaProbeListsWhatItTried() {
        assumeTrue(SharedLibraries.find("libcuda.so").isEmpty(), "libcuda is installed");

        GpuProbe probe = Gpu.probe("cuda");
        assertEquals(new GpuProbe(false, "cuda", "no CUDA driver (tried libcuda.so.1, libcuda.so)"), probe);
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> cuda_h.cuInit(0));
        assertTrue(e.getMessage().startsWith("cuInit: CUDA driver not loaded ("), e.getMessage());
        IllegalStateException open = assertThrows(IllegalStateException.class, () -> Gpu.open("cuda", 0));
        assertEquals("CUDA driver not found (tried libcuda.so.1, libcuda.so)", open.getMessage());
    }

    @Test
    void anUnknownVendorIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gpu.probe("opencl"));
        assertEquals("unknown GPU vendor \"opencl\" (cuda or hip)", e.getMessage());
    }
}
