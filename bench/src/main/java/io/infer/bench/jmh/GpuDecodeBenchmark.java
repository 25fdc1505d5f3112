package io.infer.bench.jmh;

import io.infer.backend.Backend;
import io.infer.backend.ForwardPass;
import io.infer.hip.gpu.GpuBackend;
import io.infer.model.Qwen3Model;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One greedy GPU decode step (throughput = tokens/s, the argmax read back each step), positions cycling through
 * 256. Any GGUF can be measured: {@code -p model=/models/qwen3-8b-q4_k_m.gguf}. Skips without a usable GPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GpuDecodeBenchmark {

    @Param({"qwen3-small-q4km.gguf"})
    String model;

    Qwen3Model m;
    ForwardPass pass;
    int pos;
    int token = 785;

    @Setup
    public void setup() throws IOException {
        GpuBench.require();
        GpuBackend backend = new GpuBackend();
        Backend.Availability a = backend.availability();
        if (!a.available()) {
            throw GpuBench.skip(a.detail());
        }
        m = Qwen3Model.load(BenchFixtures.model(model));
        try {
            pass = backend.open(m, 1, 256);
        } catch (UnsupportedOperationException e) {
            m.close();
            throw GpuBench.skip(e.getMessage());
        }
    }

    @Benchmark
    public int decodeStep() {
        token = pass.decodeGreedy(0, token, pos);
        pos = (pos + 1) % 256;
        return token;
    }

    @TearDown
    public void tearDown() {
        if (pass != null) {
            pass.close();
        }
        if (m != null) {
            m.close();
        }
    }
}
