package io.infer.bench.jmh;

import io.infer.hip.driver.Device;
import io.infer.hip.driver.Gpu;
import io.infer.hip.driver.GpuProbe;
import io.infer.hip.driver.GraphExec;
import io.infer.hip.driver.Kernel;
import io.infer.hip.driver.KernelArgs;
import io.infer.hip.driver.Module;
import io.infer.hip.driver.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Launch overhead with an empty kernel ({@code noop-kernel.ptx}, NVIDIA): one launch waited for, {@value #BATCH}
 * launches then one wait, and the same {@value #BATCH} launches captured once into a graph and replayed (per kernel,
 * so batch and graph compare directly with what a decode step of ~{@value #BATCH} kernels pays). Skips without an
 * NVIDIA GPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GpuLaunchBenchmark {

    static final int BATCH = 64;

    Arena arena;
    Device device;
    Stream stream;
    Kernel noop;
    KernelArgs args;
    GraphExec graph;

    @Setup
    public void setup() throws IOException {
        GpuProbe p = GpuBench.require();
        if (!p.vendor().equals("cuda")) {
            throw GpuBench.skip("the launch benchmark carries a PTX kernel only; found " + p.vendor());
        }
        arena = Arena.ofShared();
        device = Gpu.open(0);
        byte[] ptx;
        try (InputStream in = GpuLaunchBenchmark.class.getResourceAsStream("noop-kernel.ptx")) {
            ptx = in.readAllBytes();
        }
        MemorySegment image = arena.allocate(ptx.length + 1L);   // NUL-terminated: PTX is loaded as a C string
        MemorySegment.copy(ptx, 0, image, ValueLayout.JAVA_BYTE, 0, ptx.length);
        Module module = device.loadModule(image);
        noop = module.kernel("infer_bench_noop");
        stream = device.createStream();
        args = new KernelArgs(arena, 1).i32(0);
        stream.beginCapture();
        for (int i = 0; i < BATCH; i++) {
            noop.launch(stream, 1, 1, 1, 32, 1, 1, 0, args);
        }
        try (var g = stream.endCapture()) {
            graph = g.instantiate();
        }
        stream.synchronize();
    }

    @Benchmark
    public void launchAndWait() {
        noop.launch(stream, 1, 1, 1, 32, 1, 1, 0, args);
        stream.synchronize();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void launchBatchPerKernel() {
        for (int i = 0; i < BATCH; i++) {
            noop.launch(stream, 1, 1, 1, 32, 1, 1, 0, args);
        }
        stream.synchronize();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void graphReplayPerKernel() {
        graph.launch(stream);
        stream.synchronize();
    }

    @TearDown
    public void tearDown() {
        if (device != null) {
            device.close();   // closes the graph, stream and module made from it
        }
        if (arena != null) {
            arena.close();
        }
    }
}
