package io.infer.bench.jmh;

import io.infer.gguf.GgufFile;
import io.infer.tokenizer.Qwen2Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
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
import org.openjdk.jmh.annotations.Warmup;

/** Tokenizing about 100 KB of mixed-script text (the fixture prompts repeated). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TokenizerBenchmark {

    Qwen2Tokenizer tokenizer;
    String text;

    @Setup
    public void setup() throws IOException {
        try (GgufFile f = GgufFile.open(BenchFixtures.model("qwen3-tiny-f16.gguf"))) {
            tokenizer = Qwen2Tokenizer.fromGguf(f);
        }
        StringBuilder sb = new StringBuilder();
        String[] prompts = {"p1", "p2", "p4"};
        for (int i = 0; sb.length() < 100_000; i++) {
            sb.append(Files.readString(BenchFixtures.prompt(prompts[i % prompts.length]))).append('\n');
        }
        text = sb.substring(0, 100_000);
    }

    @Benchmark
    public int encode100KB() {
        return tokenizer.encode(text, false).length;
    }
}
