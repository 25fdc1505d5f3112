package io.infer.bench.jmh;

import io.infer.hip.driver.GpuProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of {@code benchmarks.jar}: JMH's own command line, except that without a usable GPU the GPU
 * benchmarks are excluded up front (with one line saying why) instead of failing one by one.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> jmhArgs = new ArrayList<>(List.of(args));
        GpuProbe gpu = GpuBench.probe();
        if (gpu.ok()) {
            System.err.println("GPU: " + gpu.detail());
        } else {
            System.err.println("GPU benchmarks skipped: " + gpu.detail());
            jmhArgs.addAll(0, List.of("-e", GpuBench.PREFIX.replace(".", "\\.")));
        }
        org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
    }
}
