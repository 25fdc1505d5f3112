package io.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The infer command as a user runs it (in-process, same entry point as the fat jar). */
class CliTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static synchronized Run infer(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path fixtures() {
        Path p = Path.of(System.getProperty("infer.fixtures", "../../shared/fixtures"));
        assumeTrue(Files.isDirectory(p), "fixtures not present");
        return p;
    }

    @Test
    void infoDescribesTheModel() {
        Run r = infer("info", "-m", fixtures().resolve("models/qwen3-small-q4km.gguf").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("architecture:    qwen3"), r.out());
        assertTrue(r.out().contains("layers:          4"), r.out());
        assertTrue(r.out().contains("Q4_K"), r.out());
        assertTrue(r.out().contains("Q6_K"), r.out());
    }

    @Test
    void tokenizeJsonEqualsTheGoldenTokens() throws Exception {
        Path f = fixtures();
        Run r = infer("tokenize", "-m", f.resolve("models/qwen3-tiny-f16.gguf").toString(),
                "--file", f.resolve("prompts/p3.txt").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode golden = new ObjectMapper().readTree(f.resolve("golden/tiny-f16.p3.json").toFile());
        assertEquals(golden.get("prompt_tokens").toString(), r.out().trim());
    }

    @Test
    void logitsOutputMatchesTheGoldenFile() throws Exception {
        Path f = fixtures();
        Path out = dir.resolve("l.json");
        Run r = infer("logits", "-m", f.resolve("models/qwen3-tiny-f16.gguf").toString(),
                "--file", f.resolve("prompts/p2.txt").toString(), "--backend", "cpu", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode ours = json.readTree(out.toFile());
        JsonNode golden = json.readTree(f.resolve("golden/tiny-f16.p2.json").toFile());
        assertEquals(golden.get("n_vocab"), ours.get("n_vocab"));
        assertEquals(golden.get("prompt_tokens"), ours.get("prompt_tokens"));
        assertEquals(golden.get("greedy"), ours.get("greedy"));
        // same format: 32 [id, logit] pairs per position; the top-1 logit within the tiny-f16 tolerance (0.1)
        for (int i = 0; i < golden.get("prompt_logits").size(); i++) {
            JsonNode a = ours.get("prompt_logits").get(i);
            JsonNode b = golden.get("prompt_logits").get(i);
            assertEquals(32, a.get("top").size());
            assertEquals(b.get("logsumexp").asDouble(), a.get("logsumexp").asDouble(), 0.1);
            assertEquals(b.get("top").get(0).get(1).asDouble(), a.get("top").get(0).get(1).asDouble(), 0.1);
        }
    }

    @Test
    void synthOutputLoadsInInfoAndRun() {
        Path model = dir.resolve("tiny.gguf");
        Run s = infer("synth", "--preset", "tiny", "-o", model.toString(), "--seed", "3");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("RANDOM weights"), s.out());
        Run i = infer("info", "-m", model.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("layers:          2"), i.out());
        Run r = infer("run", "-m", model.toString(), "-p", "Hello", "-n", "5", "--temp", "0", "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Hello"), r.out());
        assertTrue(r.err().contains("decode:"), r.err());
        assertTrue(r.err().contains("tok/s"), r.err());
    }

    @Test
    void runIsReproducibleWithASeed() {
        String model = fixtures().resolve("models/qwen3-tiny-f16.gguf").toString();
        Run a = infer("run", "-m", model, "-p", "Once upon a time", "-n", "8", "--temp", "0.9", "--seed", "11", "--backend", "cpu");
        Run b = infer("run", "-m", model, "-p", "Once upon a time", "-n", "8", "--temp", "0.9", "--seed", "11", "--backend", "cpu");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out());
    }

    @Test
    void badInputIsOneClearError() throws Exception {
        Run missing = infer("info", "-m", dir.resolve("nope.gguf").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("error: no such file"), missing.err());

        Path junk = dir.resolve("junk.gguf");
        Files.writeString(junk, "this is not a model");
        Run corrupt = infer("info", "-m", junk.toString());
        assertEquals(1, corrupt.code());
        assertTrue(corrupt.err().contains("invalid GGUF: magic"), corrupt.err());
        assertTrue(!corrupt.err().contains("\tat "), "no stack trace: " + corrupt.err());

        Run tooLong = infer("run", "-m", fixtures().resolve("models/qwen3-tiny-f16.gguf").toString(), "-c", "16",
                "--file", fixtures().resolve("prompts/p4.txt").toString(), "-n", "4", "--backend", "cpu");
        assertEquals(1, tooLong.code());
        assertTrue(tooLong.err().contains("maximum context length is 16 tokens"), tooLong.err());
        assertEquals("", tooLong.out(), "nothing is generated or echoed");

        Run preset = infer("synth", "--preset", "huge", "-o", dir.resolve("x.gguf").toString());
        assertEquals(1, preset.code());
        assertTrue(preset.err().contains("unknown preset 'huge'"), preset.err());
    }
}
