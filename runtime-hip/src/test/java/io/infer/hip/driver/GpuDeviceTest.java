package io.infer.hip.driver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The driver layer on a real GPU: memory, copies, streams, events, graph capture and (CUDA, from a PTX test image)
 * kernel launches with every argument kind. Skipped where {@link Gpu#probe()} finds no device.
 */
class GpuDeviceTest {

    private static GpuProbe probe;
    private Device device;
    private Arena arena;

    @BeforeAll
    static void probe() {
        probe = Gpu.probe();
    }

    @BeforeEach
    void open() {
        assumeTrue(probe.ok(), probe.detail());
        device = Gpu.open(0);
        arena = Arena.ofConfined();
    }

    @AfterEach
    void close() {
        if (device != null) {
            device.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    private MemorySegment floats(float... values) {
        return arena.allocateFrom(JAVA_FLOAT, values);
    }

    @Test
    void describesItself() {
        assertTrue(device.arch().matches("sm_[0-9]+|gfx[0-9a-f]+"), device.arch());
        assertEquals(probe.vendor(), device.vendor());
        assertTrue(device.multiprocessors() > 0);
        long free = device.freeMemory();
        assertTrue(free > 0 && free <= device.totalMemory(), free + " of " + device.totalMemory());
        assertTrue(device.maxSharedMemoryPerBlock() >= 48 * 1024, "shared " + device.maxSharedMemoryPerBlock());
        assertEquals(device.info(), Gpu.devices(device.vendor()).get(0));
    }

    @Test
    void synchronousCopiesRoundTrip() {
        MemorySegment src = arena.allocate(1 << 20);
        for (long i = 0; i < src.byteSize(); i++) {
            src.set(JAVA_BYTE, i, (byte) (i * 31 + 7));
        }
        MemorySegment back = arena.allocate(src.byteSize() - 4096);
        try (DeviceBuffer b = device.alloc(src.byteSize())) {
            b.copyFromHost(src, 0);
            b.copyToHost(4096, back);
        }
        assertArrayEquals(src.asSlice(4096).toArray(JAVA_BYTE), back.toArray(JAVA_BYTE));
    }

    @Test
    void streamCopiesFillAndDeviceToDeviceRunInOrder() {
        try (Stream s = device.createStream(); HostBuffer host = device.allocHost(256);
                DeviceBuffer a = device.alloc(256); DeviceBuffer b = device.alloc(256)) {
            MemorySegment h = host.segment();
            for (int i = 0; i < 256; i++) {
                h.set(JAVA_BYTE, i, (byte) i);
            }
            s.copyToDevice(h, a, 0, 256);
            s.fill(a, 16, 32, (byte) 0x5a);
            s.copyDeviceToDevice(a, 0, b, 0, 256);
            s.fill(a, 0, 0, (byte) 1);  // an empty fill is a no-op
            s.synchronize();  // the copy from h may still be reading it
            h.fill((byte) 0);
            s.copyToHost(b, 0, h, 256);
            s.synchronize();

            for (int i = 0; i < 256; i++) {
                byte expected = i >= 16 && i < 48 ? (byte) 0x5a : (byte) i;
                assertEquals(expected, h.get(JAVA_BYTE, i), "byte " + i);
            }
        }
    }

    @Test
    void eventsTimeTheWorkBetweenThem() {
        try (Stream s = device.createStream(); Event start = device.createEvent(); Event end = device.createEvent();
                DeviceBuffer b = device.alloc(64 << 20)) {
            start.record(s);
            s.fill(b, 0, b.size(), (byte) 1);
            end.record(s);
            end.synchronize();
            float ms = end.elapsedMillis(start);
            assertTrue(ms >= 0 && ms < 10_000, ms + " ms");
        }
    }

    @Test
    void aCapturedGraphReplaysItsWork() {
        try (Stream s = device.createStream(); DeviceBuffer a = device.alloc(4096); DeviceBuffer b = device.alloc(4096);
                HostBuffer host = device.allocHost(4096)) {
            s.fill(b, 0, 4096, (byte) 0);
            s.synchronize();
            s.beginCapture();
            s.fill(a, 0, 4096, (byte) 0x2a);
            s.copyDeviceToDevice(a, 0, b, 0, 4096);
            try (Graph g = s.endCapture(); GraphExec exec = g.instantiate()) {
                s.copyToHost(b, 0, host.segment(), 4096);
                s.synchronize();
                assertEquals(0, host.segment().get(JAVA_BYTE, 100), "captured work must not run before launch");

                for (int round = 0; round < 2; round++) {
                    s.fill(b, 0, 4096, (byte) 0);
                    exec.launch(s);
                    s.copyToHost(b, 0, host.segment(), 4096);
                    s.synchronize();
                    assertEquals(0x2a, host.segment().get(JAVA_BYTE, 4095), "round " + round);
                }
            }
        }
    }

    @Test
    void anotherThreadCanUseTheDevice() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        float[] seen = new float[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try (Arena local = Arena.ofConfined(); DeviceBuffer b = device.alloc(16)) {
                b.copyFromHost(local.allocateFrom(JAVA_FLOAT, 1f, 2f, 3f, 4f), 0);
                MemorySegment out = local.allocate(JAVA_FLOAT, 4);
                b.copyToHost(0, out);
                seen[0] = out.getAtIndex(JAVA_FLOAT, 3);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        assertNull(failure.get());
        assertEquals(4f, seen[0]);
    }

    @Test
    void closingTheDeviceClosesWhatWasMadeFromIt() {
        DeviceBuffer b = device.alloc(1024);
        HostBuffer h = device.allocHost(1024);
        Stream s = device.createStream();
        device.close();
        device = null;

        assertThrows(IllegalStateException.class, b::address);
        assertThrows(IllegalStateException.class, h::segment);
        assertThrows(IllegalStateException.class, s::synchronize);
    }

    // ---- kernels: a PTX image built from src/test/cuda/test-kernels.cu, so CUDA only

    private Module testKernels() {
        assumeTrue(device.vendor().equals("cuda"), "the test kernels are PTX");
        try (InputStream in = getClass().getResourceAsStream("test-kernels.ptx")) {
            byte[] ptx = in.readAllBytes();
            MemorySegment image = arena.allocate(ptx.length + 1L);  // NUL-terminated: PTX is a C string
            MemorySegment.copy(ptx, 0, image, JAVA_BYTE, 0, ptx.length);
            return device.loadModule(image);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void launchesAKernelWithPointerFloatIntAndLongArguments() {
        Module module = testKernels();
        Kernel axpy = module.kernel("infer_test_axpy");
        assertSame(axpy, module.kernel("infer_test_axpy"));
        int n = 1000;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 0.5f * i;
        }
        try (Stream s = device.createStream(); DeviceBuffer dx = device.alloc(4L * n);
                DeviceBuffer dy = device.alloc(4L * n)) {
            dx.copyFromHost(floats(x), 0);
            dy.copyFromHost(floats(y), 0);
            KernelArgs args = new KernelArgs(arena, 8);
            args.clear().ptr(dy).ptr(dx).f32(2f).i32(n).i64(3L);
            axpy.launch(s, (n + 255) / 256, 1, 1, 256, 1, 1, 0, args);
            s.synchronize();

            MemorySegment out = arena.allocate(JAVA_FLOAT, n);
            dy.copyToHost(0, out);
            for (int i = 0; i < n; i++) {
                assertEquals(2f * i + 0.5f * i + 3f, out.getAtIndex(JAVA_FLOAT, i), "y[" + i + "]");
            }
        }
    }

    @Test
    void launchesAKernelTakingAStructByValue() {
        Kernel scale = testKernels().kernel("infer_test_scale");
        int n = 300;
        float[] y = new float[n];
        java.util.Arrays.fill(y, 3f);
        try (Stream s = device.createStream(); DeviceBuffer dy = device.alloc(4L * n)) {
            dy.copyFromHost(floats(y), 0);
            MemorySegment params = arena.allocate(16, 8);  // struct ScaleParams { int n; float scale; float* y; }
            params.set(JAVA_INT, 0, n - 1);
            params.set(JAVA_FLOAT, 4, 0.25f);
            params.set(JAVA_LONG, 8, dy.address());
            KernelArgs args = new KernelArgs(arena, 1, 16).struct(params);
            scale.launch(s, 2, 1, 1, 256, 1, 1, 0, args);
            s.synchronize();

            MemorySegment out = arena.allocate(JAVA_FLOAT, n);
            dy.copyToHost(0, out);
            assertEquals(0.75f, out.getAtIndex(JAVA_FLOAT, 0));
            assertEquals(0.75f, out.getAtIndex(JAVA_FLOAT, n - 2));
            assertEquals(3f, out.getAtIndex(JAVA_FLOAT, n - 1), "the last element lies beyond p.n");
        }
    }

    @Test
    void launchesWithMoreThan48KiBOfDynamicSharedMemoryAfterOptingIn() {
        Kernel shared = testKernels().kernel("infer_test_shared");
        int words = 16 * 1024;  // 64 KiB of floats
        assumeTrue(device.maxSharedMemoryPerBlock() >= 4 * words, "device allows " + device.maxSharedMemoryPerBlock());
        shared.setMaxDynamicSharedMemory(4 * words);
        try (Stream s = device.createStream(); DeviceBuffer out = device.alloc(8)) {
            KernelArgs args = new KernelArgs(arena, 2).ptr(out).i32(words);
            shared.launch(s, 2, 1, 1, 256, 1, 1, 4 * words, args);
            s.synchronize();
            MemorySegment sums = arena.allocate(JAVA_FLOAT, 2);
            out.copyToHost(0, sums);
            assertEquals((float) words, sums.getAtIndex(JAVA_FLOAT, 0));
            assertEquals((float) words, sums.getAtIndex(JAVA_FLOAT, 1));
        }
    }

    @Test
    void aKernelLaunchCanBeCapturedAndReplayed() {
        Kernel axpy = testKernels().kernel("infer_test_axpy");
        try (Stream s = device.createStream(); DeviceBuffer dx = device.alloc(16); DeviceBuffer dy = device.alloc(16)) {
            dx.copyFromHost(floats(1f, 1f, 1f, 1f), 0);
            dy.copyFromHost(floats(0f, 0f, 0f, 0f), 0);
            KernelArgs args = new KernelArgs(arena, 5).ptr(dy).ptr(dx).f32(1f).i32(4).i64(0L);
            s.beginCapture();
            axpy.launch(s, 1, 1, 1, 32, 1, 1, 0, args);
            try (Graph g = s.endCapture(); GraphExec exec = g.instantiate()) {
                args.clear().ptr(dy).ptr(dx).f32(100f).i32(4).i64(0L);  // captured values are already copied
                exec.launch(s);
                exec.launch(s);
                exec.launch(s);
                s.synchronize();
            }
            MemorySegment out = arena.allocate(JAVA_FLOAT, 4);
            dy.copyToHost(0, out);
            assertEquals(3f, out.getAtIndex(JAVA_FLOAT, 3));
        }
    }

    /**
     * Dependent launches (cuLaunchKernelEx on Hopper, a plain launch elsewhere) take their grid, block and arguments
     * from the launch description and stay in order behind a launch that does not let them start early, also when
     * captured: a wrong field of CUlaunchConfig would fail the launch or cover other elements.
     */
    @Test
    void dependentLaunchesRunTheirGridInStreamOrderAlsoInAGraph() {
        Kernel axpy = testKernels().kernel("infer_test_axpy");
        int n = 3000;
        try (Stream s = device.createStream(); DeviceBuffer dx = device.alloc(4L * n); DeviceBuffer dy = device.alloc(4L * n)) {
            float[] ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            dx.copyFromHost(floats(ones), 0);
            s.fill(dy, 0, 4L * n, (byte) 0);
            KernelArgs args = new KernelArgs(arena, 5);
            args.clear().ptr(dy).ptr(dx).f32(1f).i32(n).i64(0L);
            axpy.launch(s, (n + 127) / 128, 1, 1, 128, 1, 1, 0, args);
            args.clear().ptr(dy).ptr(dx).f32(2f).i32(n - 1).i64(0L);
            axpy.launchDependent(s, (n + 255) / 256, 1, 1, 256, 1, 1, 0, args);
            s.beginCapture();
            args.clear().ptr(dy).ptr(dx).f32(4f).i32(n - 2).i64(0L);
            axpy.launchDependent(s, (n + 63) / 64, 1, 1, 64, 1, 1, 0, args);
            try (Graph g = s.endCapture(); GraphExec exec = g.instantiate()) {
                exec.launch(s);
                exec.launch(s);
            }
            s.synchronize();
            MemorySegment out = arena.allocate(JAVA_FLOAT, n);
            dy.copyToHost(0, out);
            assertEquals(11f, out.getAtIndex(JAVA_FLOAT, 0));
            assertEquals(11f, out.getAtIndex(JAVA_FLOAT, n - 3));
            assertEquals(3f, out.getAtIndex(JAVA_FLOAT, n - 2), "beyond the graph's n");
            assertEquals(1f, out.getAtIndex(JAVA_FLOAT, n - 1), "beyond the second launch's n");
        }
    }

    @Test
    void aMissingKernelIsAnErrorNamingTheCallAndTheName() {
        Module module = testKernels();
        GpuException e = assertThrows(GpuException.class, () -> module.kernel("infer_no_such_kernel"));
        assertEquals("cuModuleGetFunction(infer_no_such_kernel)", e.call());
        assertEquals("CUDA_ERROR_NOT_FOUND", e.errorName());
    }
}
