package io.infer.bench.jmh;

import io.infer.backend.ForwardPass;
import io.infer.backend.cpu.CpuBackend;
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
 * One greedy CPU decode step (throughput = tokens/s) on the fixture models (small Q4_K_M: 4 layers × 256, tiny F16:
 * 2 layers × 64, both with the full 151,936-token output), positions cycling through 256.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuDecodeBenchmark {

    @Param({"qwen3-small-q4km.gguf", "qwen3-tiny-f16.gguf"})
    String model;

    Qwen3Model m;
    ForwardPass pass;
    int pos;
    int token = 785;

    @Setup
    public void setup() throws IOException {
        m = Qwen3Model.load(BenchFixtures.model(model));
        pass = new CpuBackend().open(m, 1, 256);
    }

    @Benchmark
    public int decodeStep() {
        token = pass.decodeGreedy(0, token, pos);
        pos = (pos + 1) % 256;
        return token;
    }

    @TearDown
    public void tearDown() {
        pass.close();
        m.close();
    }
}
