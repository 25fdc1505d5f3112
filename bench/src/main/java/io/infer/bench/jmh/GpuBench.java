package io.infer.bench.jmh;

import io.infer.hip.driver.Gpu;
import io.infer.hip.driver.GpuProbe;

/** Whether the GPU benchmarks can run here; they skip (fail their setup with this message) when not. */
final class GpuBench {

    /** Benchmarks whose class name starts with this need a GPU ({@link BenchMain} leaves them out without one). */
    static final String PREFIX = "io.infer.bench.jmh.Gpu";

    private GpuBench() {
    }

    static GpuProbe probe() {
        try {
            return Gpu.probe();
        } catch (RuntimeException | LinkageError e) {
            return new GpuProbe(false, GpuProbe.NONE, "GPU probe failed: " + e);
        }
    }

    /** Throws, with the reason, when no GPU is usable: JMH reports the benchmark as not run and goes on. */
    static GpuProbe require() {
        GpuProbe p = probe();
        if (!p.ok()) {
            throw skip(p.detail());
        }
        return p;
    }

    static IllegalStateException skip(String why) {
        return new IllegalStateException("SKIPPED (no usable GPU here): " + why);
    }
}
