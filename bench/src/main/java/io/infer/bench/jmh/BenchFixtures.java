package io.infer.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the JMH benchmarks find the fixture models: -Dinfer.fixtures=DIR, else ../shared/fixtures. */
final class BenchFixtures {

    private BenchFixtures() {
    }

    /** A fixture model by file name, or any GGUF by path (a name with a slash), e.g. {@code -p model=/m/qwen3-8b.gguf}. */
    static Path model(String file) {
        Path root = Path.of(System.getProperty("infer.fixtures", "../shared/fixtures"));
        Path p = file.contains("/") ? Path.of(file) : root.resolve("models").resolve(file);
        if (!Files.exists(p)) {
            throw new IllegalStateException("fixture model " + p.toAbsolutePath() + " not found: pass -Dinfer.fixtures=DIR");
        }
        return p;
    }

    static Path prompt(String name) {
        return Path.of(System.getProperty("infer.fixtures", "../shared/fixtures")).resolve("prompts").resolve(name + ".txt");
    }
}
