package io.infer.hip.driver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GpuExceptionTest {

    @Test
    void namesTheCallTheErrorAndItsDescription() {
        GpuException e = new GpuException("cuLaunchKernel", 1, "CUDA_ERROR_INVALID_VALUE", "invalid argument");

        assertEquals("cuLaunchKernel failed: CUDA_ERROR_INVALID_VALUE (invalid argument)", e.getMessage());
        assertEquals("cuLaunchKernel", e.call());
        assertEquals(1, e.status());
        assertEquals("CUDA_ERROR_INVALID_VALUE", e.errorName());
        assertEquals("invalid argument", e.errorString());
        assertEquals("CUDA_ERROR_INVALID_VALUE (invalid argument)", e.reason());
    }

    @Test
    void leavesOutADescriptionThatOnlyRepeatsTheName() {
        // HIP 5's hipGetErrorString returns the name itself
        GpuException e = new GpuException("hipGetDeviceCount", 100, "hipErrorNoDevice", "hipErrorNoDevice");

        assertEquals("hipGetDeviceCount failed: hipErrorNoDevice", e.getMessage());
    }

    @Test
    void fallsBackToTheNumberForACodeTheDriverCannotName() {
        assertEquals("cuMemAlloc_v2 failed: error 12345",
                new GpuException("cuMemAlloc_v2", 12345, null, null).getMessage());
        assertEquals("hipMalloc failed: error 7 (out of something)",
                new GpuException("hipMalloc", 7, " ", "out of something").getMessage());
        assertEquals("hipFree failed: hipErrorInvalidValue",
                new GpuException("hipFree", 1, "hipErrorInvalidValue", "").getMessage());
    }
}
