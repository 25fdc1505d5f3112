package io.infer.bench.jmh;

import io.infer.tensor.GgmlType;
import io.infer.tensor.QuantOps;
import io.infer.tensor.QuantSynth;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.Warmup;

/** A 4096-element dot product against one weight row, per quant format (the CPU matvec's inner loop). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class QuantDotBenchmark {

    static final int N = 4096;

    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    String type;

    GgmlType t;
    MemorySegment row;
    float[] x = new float[N];

    @Setup
    public void setup() {
        t = GgmlType.valueOf(type);
        row = Arena.ofAuto().allocate(t.byteSize(N), 64);
        QuantSynth.fillRandom(t, row, N, 7, 0.02f);
        for (int i = 0; i < N; i++) {
            x[i] = (float) Math.sin(i);
        }
    }

    @Benchmark
    public float dot() {
        return QuantOps.dot(t, row, 0, x, 0, N);
    }
}
