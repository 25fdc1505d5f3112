package io.infer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures (../shared/fixtures): models, prompts, golden logits. Tests skip when they are absent. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("infer.fixtures", "../../shared/fixtures"));
        assumeTrue(Files.isDirectory(p), "fixtures not present at " + p.toAbsolutePath());
        return p;
    }

    public static Path model(String file) {
        Path p = root().resolve("models").resolve(file);
        assumeTrue(Files.exists(p), "fixture " + p + " not present");
        return p;
    }

    public static String prompt(String name) {
        try {
            return Files.readString(root().resolve("prompts").resolve(name + ".txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode golden(String name) {
        try {
            return new ObjectMapper().readTree(root().resolve("golden").resolve(name + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
