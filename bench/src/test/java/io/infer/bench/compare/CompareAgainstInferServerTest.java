package io.infer.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer.backend.cpu.CpuBackend;
import io.infer.engine.Engine;
import io.infer.server.InferServer;
import io.infer.server.ServedModel;
import io.infer.server.ServerOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison against the project's own server, running for real in this JVM on the tiny fixture model, measured
 * through each of its faces: OpenAI {@code /v1/completions} with llama-server timings, Ollama {@code /api/generate},
 * and the same OpenAI route treated as a vLLM-style server (usage and the client clock only).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CompareAgainstInferServerTest {

    static final int MAX_TOKENS = 12;

    static ServedModel model;
    static InferServer server;

    @BeforeAll
    static void start() throws Exception {
        Path file = Path.of(System.getProperty("infer.fixtures", "../../shared/fixtures"), "models", "qwen3-tiny-f16.gguf");
        assumeTrue(Files.exists(file), "fixture model not present at " + file.toAbsolutePath());
        model = ServedModel.open(file, new CpuBackend(), 2, 512, "qwen3-tiny", new Engine.Options(16, 256));
        server = InferServer.start(new ServerOptions("127.0.0.1", 0, null, null, Duration.ofSeconds(2), false, false), model);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void inferServeThroughEveryFace_producesTableJsonAndPng(@TempDir Path out) throws Exception {
        String url = server.url();
        CompareConfig config = CompareConfig.defaults(List.of(
                        Target.parse("infer=" + url), Target.parse("infer-ollama=ollama:" + url),
                        Target.parse("infer-as-vllm=vllm:" + url)))
                .withMaxTokens(MAX_TOKENS).withRuns(2).withWarmup(1).withConcurrency(List.of(1, 2)).withSeed(3L);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CompareReport report = new Comparison(config, new PrintStream(log, true)).run();

        // no --model: each face was asked for its model list (Ollama names carry a tag)
        assertEquals(List.of("qwen3-tiny", "qwen3-tiny:latest", "qwen3-tiny"),
                report.targets().stream().map(Target::model).toList());
        assertEquals(6, report.results().size());
        for (LevelResult r : report.results()) {
            String what = r.target() + "@" + r.concurrency() + " " + r.errors();
            assertEquals(0, r.failed(), what);
            assertEquals(2 * r.concurrency(), r.requests(), what);
            assertTrue(r.completionTokens().min() >= 1 && r.completionTokens().max() <= MAX_TOKENS, what);
            assertTrue(r.promptTokens().min() > 0, what);
            assertNotNull(r.ttftMs(), what);
            assertTrue(r.aggregateTokPerSec() > 0, what);
            if (r.target().equals("infer-as-vllm")) {
                assertNull(r.serverTokPerSec(), "a vLLM-kind target takes no server-reported rate");
            } else {
                assertNotNull(r.serverTokPerSec(), what + ": the server reports its decode rate");
            }
        }

        report.write(out);
        String md = Files.readString(out.resolve(CompareReport.MARKDOWN_FILE));
        assertTrue(md.contains("| infer | infer | qwen3-tiny | 1 | 2/2 |"), md);
        assertTrue(md.contains("| infer-ollama | ollama | qwen3-tiny:latest | 2 | 4/4 |"), md);
        JsonNode json = new ObjectMapper().readTree(out.resolve(CompareReport.JSON_FILE).toFile());
        assertEquals(6, json.get("results").size());
        assertEquals(url, json.get("targets").get(0).get("url").asText());
        BufferedImage png = ImageIO.read(out.resolve(CompareReport.CHART_FILE).toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() > 0);
    }
}
