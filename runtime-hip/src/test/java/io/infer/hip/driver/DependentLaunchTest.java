package io.infer.hip.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer.hip.ffi.CUlaunchAttribute_st;
import io.infer.hip.ffi.CUlaunchConfig_st;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/** Which devices launch dependently, and the room KernelArgs keeps for it; no GPU needed. */
class DependentLaunchTest {

    @Test
    void onlyHopperAndLaterLaunchDependently() {
        assertFalse(CudaDevice.hasDependentLaunch("sm_80"));
        assertFalse(CudaDevice.hasDependentLaunch("sm_89"));
        assertTrue(CudaDevice.hasDependentLaunch("sm_90"));
        assertTrue(CudaDevice.hasDependentLaunch("sm_100"));
        assertTrue(CudaDevice.hasDependentLaunch("sm_120"));
        assertFalse(CudaDevice.hasDependentLaunch("gfx1151"));
    }

    @Test
    void kernelArgsHoldALaunchConfigAndItsAttributeAligned() {
        try (Arena arena = Arena.ofConfined()) {
            KernelArgs args = new KernelArgs(arena, 4);
            assertEquals(CUlaunchConfig_st.sizeof() + CUlaunchAttribute_st.sizeof(), args.launchConfig().byteSize());
            assertEquals(0, args.launchConfig().address() % 8);
            // the pointer fields sit where an LP64 compiler puts them after seven unsigned ints
            assertEquals(32, CUlaunchConfig_st.hStream$offset());
            assertEquals(CUlaunchConfig_st.hStream$offset() + 8, CUlaunchConfig_st.attrs$offset());
            assertEquals(8, CUlaunchAttribute_st.value$offset());
        }
    }
}
