package io.infer.hip.gpu;

import io.infer.backend.Backend;
import io.infer.backend.Backends;
import io.infer.hip.driver.DeviceInfo;
import io.infer.hip.driver.Gpu;
import io.infer.hip.driver.GpuProbe;
import io.infer.hip.gpu.GpuBackend.KernelIndex;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class GpuBackendTest {

    private static DeviceInfo cuda(String arch) {
        return new DeviceInfo("cuda", 0, "test", arch, 1L << 34, 100, 100_000);
    }

    private static DeviceInfo hip(String arch) {
        return new DeviceInfo("hip", 0, "test", arch, 1L << 34, 40, 65_536);
    }

    @Test
    void isFoundByServiceLoaderUnderTheNameGpu() {
        List<Backend> gpu = Backends.all().stream().filter(b -> b.name().equals("gpu")).toList();
        assertEquals(1, gpu.size());
        assertInstanceOf(GpuBackend.class, gpu.get(0));
    }

    @Test
    void withoutAGpuItIsUnavailableForTheProbesReason() {
        GpuProbe probe = Gpu.probe();
        assumeFalse(probe.ok(), "a GPU is present");

        Backend.Availability a = new GpuBackend().availability();
        assertFalse(a.available());
        assertEquals(probe.detail(), a.detail());
    }

    @Test
    void anUnlistedFatbinRunsOnAmpereAndNewerThroughPtx() {
        KernelIndex images = new KernelIndex(List.of(new KernelIndex.Entry("infer.fatbin", List.of())));

        assertEquals(Optional.of("infer.fatbin"), images.imageFor(cuda("sm_80")));
        assertEquals(Optional.of("infer.fatbin"), images.imageFor(cuda("sm_120")));
        assertEquals(Optional.empty(), images.imageFor(cuda("sm_75")));
        assertEquals(Optional.empty(), images.imageFor(hip("gfx1151")));
        assertEquals("sm_80+ (PTX)", images.describeTargets());
    }

    @Test
    void hsacoImagesRunOnTheGfxTargetInTheirName() {
        KernelIndex images = new KernelIndex(List.of(new KernelIndex.Entry("infer-gfx1151.hsaco", List.of()),
                new KernelIndex.Entry("infer-gfx90a.hsaco", List.of())));

        assertEquals(Optional.of("infer-gfx90a.hsaco"), images.imageFor(hip("gfx90a")));
        assertEquals(Optional.of("infer-gfx1151.hsaco"), images.imageFor(hip("gfx1151")));
        assertEquals(Optional.empty(), images.imageFor(hip("gfx1100")));
        assertEquals("gfx1151, gfx90a", images.describeTargets());
    }

    @Test
    void theIndexListsImagesWithTheirVendorAndTargets() {
        KernelIndex images = KernelIndex.parse("""
                # infer GPU kernels, built by kernels/build.sh from src/all.hip
                file infer.fatbin nvidia sm_80 sm_90 compute_90
                file infer-gfx11-generic.hsaco amd gfx1100 gfx1101 gfx1151
                file infer-gfx942.hsaco amd
                kernel infer_add_f32
                kernel infer_argmax_f32
                """);

        assertEquals(3, images.entries().size());
        assertEquals(Optional.of("infer.fatbin"), images.imageFor(cuda("sm_90")));
        assertEquals(Optional.of("infer.fatbin"), images.imageFor(cuda("sm_100")), "through compute_90 PTX");
        assertEquals(Optional.empty(), images.imageFor(cuda("sm_89")), "no sm_89 SASS and PTX only from 9.0");
        assertEquals(Optional.of("infer-gfx11-generic.hsaco"), images.imageFor(hip("gfx1151")));
        assertEquals(Optional.of("infer-gfx942.hsaco"), images.imageFor(hip("gfx942")), "target from the name");
        assertEquals(Optional.empty(), images.imageFor(hip("gfx90a")));
        assertEquals("sm_80, sm_90, sm_90+ (PTX), gfx1100, gfx1101, gfx1151, gfx942", images.describeTargets());
    }

    @Test
    void theBuiltJarsIndexNamesFilesThatArePresentAndMatchTheirTargets() {
        KernelIndex images = KernelIndex.onClassPath();
        assumeFalse(images.entries().isEmpty(), "no kernel images built into the kernels jar");

        for (KernelIndex.Entry e : images.entries()) {
            assertTrue(getClass().getClassLoader().getResource(GpuBackend.KERNEL_DIR + e.file()) != null, e.file());
            for (String target : e.targets()) {
                if (target.startsWith("sm_")) {
                    assertEquals(Optional.of(e.file()), images.imageFor(cuda(target)));
                } else if (target.startsWith("gfx")) {
                    assertEquals(Optional.of(e.file()), images.imageFor(hip(target)));
                }
            }
        }
    }

    @Test
    void anEmptyBuildSaysSo() {
        KernelIndex images = KernelIndex.parse("# nothing built\n");
        assertTrue(images.entries().isEmpty());
        assertEquals("nothing (no kernel images in the jar)", images.describeTargets());
    }
}
