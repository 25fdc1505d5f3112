package io.infer.tokenizer;

import io.infer.gguf.GgufFile;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real Qwen3 vocabulary from the fixture model, loaded once per test JVM; skips when fixtures are absent. */
final class FixtureTokenizer {

    private static Qwen2Tokenizer tokenizer;

    private FixtureTokenizer() {
    }

    static Path fixtures() {
        String dir = System.getProperty("infer.fixtures");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "fixtures not found (system property infer.fixtures = " + dir + ")");
        return Path.of(dir);
    }

    static Path model() {
        Path model = fixtures().resolve("models/qwen3-tiny-f16.gguf");
        Assumptions.assumeTrue(Files.isRegularFile(model), "fixture model missing: " + model);
        return model;
    }

    static synchronized Qwen2Tokenizer get() {
        if (tokenizer == null) {
            try (GgufFile gguf = GgufFile.open(model())) {
                tokenizer = Qwen2Tokenizer.fromGguf(gguf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizer;
    }
}
