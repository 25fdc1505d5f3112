package io.infer.bench.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one FFM downcall costs, the price the GPU backend pays per driver call (launch, copy, synchronise): libc
 * {@code labs} through a plain and a critical (no thread-state transition) downcall handle, {@code strlen} on a
 * native string, and {@link Math#abs(long)} as the no-call baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class FfmDowncallBenchmark {

    static final Linker LINKER = Linker.nativeLinker();
    static final FunctionDescriptor LONG_TO_LONG = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    static final MethodHandle LABS = LINKER.downcallHandle(symbol("labs"), LONG_TO_LONG);
    static final MethodHandle LABS_CRITICAL = LINKER.downcallHandle(symbol("labs"), LONG_TO_LONG,
            Linker.Option.critical(false));
    static final MethodHandle STRLEN = LINKER.downcallHandle(symbol("strlen"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    long value = -123_456_789L;
    Arena arena;
    MemorySegment text;

    static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException(name + " not found in the C library"));
    }

    @Setup
    public void setup() {
        arena = Arena.ofConfined();
        text = arena.allocateFrom("a 32-byte native string, padded.");
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public long javaAbsBaseline() {
        return Math.abs(value);
    }

    @Benchmark
    public long downcallLabs() throws Throwable {
        return (long) LABS.invokeExact(value);
    }

    @Benchmark
    public long downcallLabsCritical() throws Throwable {
        return (long) LABS_CRITICAL.invokeExact(value);
    }

    @Benchmark
    public long downcallStrlen() throws Throwable {
        return (long) STRLEN.invokeExact(text);
    }
}
