package io.infer.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkListTest {

    /** JDK 23+ skips annotation processors unless asked; without the generator benchmarks.jar runs nothing. */
    @Test
    void jmhGeneratorRanForEveryBenchmark() throws IOException {
        String list;
        try (InputStream in = BenchmarkListTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList was not generated: the JMH annotation processor did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String b : List.of("GgufOpenBenchmark.openAndClose", "TokenizerBenchmark.encode100KB",
                "QuantDotBenchmark.dot", "CpuDecodeBenchmark.decodeStep", "FfmDowncallBenchmark.downcallLabs",
                "GpuDecodeBenchmark.decodeStep", "GpuLaunchBenchmark.graphReplayPerKernel",
                "SamplerBenchmark.sampleDefaults")) {
            String[] cm = b.split("\\.");
            // entries are length-prefixed fields: "... S 37 io.infer.bench.jmh.GpuDecodeBenchmark ... S 10 decodeStep ..."
            boolean listed = list.lines().anyMatch(l -> l.contains(" io.infer.bench.jmh." + cm[0] + " ")
                    && l.contains(" " + cm[1] + " "));
            assertTrue(listed, b + " missing from the benchmark list");
        }
    }

    @Test
    void withoutAGpuTheGpuBenchmarksSkipWithTheReason() {
        assumeFalse(GpuBench.probe().ok(), "a GPU is present");
        IllegalStateException e = assertThrows(IllegalStateException.class, GpuBench::require);
        assertTrue(e.getMessage().startsWith("SKIPPED (no usable GPU here): "), e.getMessage());
        assertTrue(e.getMessage().length() > "SKIPPED (no usable GPU here): ".length());
    }

    @Test
    void gpuBenchmarkClassesMatchTheExcludePattern() {
        assertTrue(GpuDecodeBenchmark.class.getName().startsWith(GpuBench.PREFIX));
        assertTrue(GpuLaunchBenchmark.class.getName().startsWith(GpuBench.PREFIX));
        assertTrue(!CpuDecodeBenchmark.class.getName().startsWith(GpuBench.PREFIX));
    }
}
