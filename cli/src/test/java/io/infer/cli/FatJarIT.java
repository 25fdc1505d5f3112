package io.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fat jar exactly as a user starts it: {@code java -jar infer.jar ...} with no JVM options, so the Vector API
 * module is missing and the launcher must start itself again with it (runs after {@code package}, under failsafe).
 */
class FatJarIT {

    static final Path JAR = Path.of("target", "infer.jar");

    record Result(int code, String out) {
    }

    static Result java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "infer " + String.join(" ", args) + " did not finish in 120 s");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void runsWithPlainJavaDashJar() throws Exception {
        assumeTrue(Files.exists(JAR), "the fat jar is built by package");
        Result version = java("--version");
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().contains("infer"), version.out());

        Path fixtures = Path.of(System.getProperty("infer.fixtures", "../../shared/fixtures"));
        assumeTrue(Files.isDirectory(fixtures), "fixtures not present");
        Result run = java("run", "-m", fixtures.resolve("models/qwen3-tiny-f16.gguf").toString(), "-p", "Hello",
                "-n", "4", "--temp", "0", "--backend", "cpu");
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("decode: 4 tokens"), run.out());
    }

    @Test
    void aCorruptModelIsOneLineAndExitCodeOne() throws Exception {
        assumeTrue(Files.exists(JAR), "the fat jar is built by package");
        Path junk = Files.createTempFile("junk", ".gguf");
        Files.writeString(junk, "GGUF but not really");
        try {
            Result r = java("info", "-m", junk.toString());
            assertEquals(1, r.code(), r.out());
            assertTrue(r.out().contains("error: invalid GGUF"), r.out());
            assertTrue(!r.out().contains("\tat "), r.out());
        } finally {
            Files.delete(junk);
        }
    }
}
