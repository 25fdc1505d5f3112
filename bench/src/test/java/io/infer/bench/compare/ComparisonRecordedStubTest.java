package io.infer.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole comparison of two peers that cannot run here (llama-server, Ollama), replayed by recorded-response stubs. */
class ComparisonRecordedStubTest {

    @Test
    void llamaAndOllamaRecordedStubs_everyLevelMeasuredAndWrittenAsTableJsonAndPng(@TempDir Path out) throws Exception {
        try (StubServer llama = StubServer.replaying("llama-server-completions.sse");
             StubServer ollama = StubServer.replaying("ollama-generate.ndjson")) {
            List<String> prompts = List.of("p0", "p1", "p2");
            CompareConfig config = CompareConfig.defaults(List.of(
                            Target.parse("llama=" + llama.url()), Target.parse("ollama=ollama:" + ollama.url())))
                    .withModel("qwen3").withPrompts(prompts).withMaxTokens(16).withRuns(2).withWarmup(1)
                    .withConcurrency(List.of(1, 2));
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            CompareReport report = new Comparison(config, new PrintStream(log, true)).run();

            assertEquals(4, report.results().size());
            for (LevelResult r : report.results()) {
                assertEquals(2 * r.concurrency(), r.requests());
                assertEquals(0, r.failed(), r.errors().toString());
                assertEquals(r.requests(), r.ttftMs().n());
                assertTrue(r.aggregateTokPerSec() > 0);
            }
            LevelResult l2 = report.resultsFor("llama").get(1);
            assertEquals(2, l2.concurrency());
            assertEquals(70.0, l2.serverTokPerSec().mean(), 1e-9);
            assertEquals(7.0, l2.completionTokens().mean(), 1e-9);
            assertEquals(4 * 6, l2.itlMs().n());   // 4 requests × 6 gaps between 7 token chunks
            assertEquals(50.0, report.resultsFor("ollama").getFirst().serverTokPerSec().p50(), 1e-9);

            // 1 warm-up + 2 rounds at 1 + 2 rounds at 2; every backend is sent the same prompts in the same order
            assertEquals(7, llama.requests().size());
            List<String> sent = llama.requests().stream().map(j -> j.get("prompt").asText()).toList();
            assertEquals("p0", sent.getFirst());
            assertEquals(List.of("p0", "p1"), sent.subList(1, 3));
            assertEquals(sent.stream().sorted().collect(Collectors.toList()),
                    ollama.requests().stream().map(j -> j.get("prompt").asText()).sorted().toList());

            report.write(out);
            String md = Files.readString(out.resolve(CompareReport.MARKDOWN_FILE));
            assertEquals(md, report.toMarkdown());
            assertTrue(md.contains("| llama | llama | qwen3 | 1 | 2/2 | 7 | 70.0 |"), md);
            assertTrue(md.contains("| ollama | ollama | qwen3 | 2 | 4/4 | 7 | 50.0 |"), md);

            JsonNode json = new ObjectMapper().readTree(out.resolve(CompareReport.JSON_FILE).toFile());
            assertEquals(16, json.get("config").get("max_tokens").asInt());
            assertEquals(0.8, json.get("config").get("temperature").asDouble());
            assertEquals("/api/generate", json.get("targets").get(1).get("endpoint").asText());
            JsonNode first = json.get("results").get(0);
            assertEquals("llama", first.get("target").asText());
            assertEquals(70.0, first.get("server_tok_per_sec").get("mean").asDouble(), 1e-9);
            assertTrue(first.get("itl_ms").has("p99"));
            assertTrue(first.get("aggregate_tok_per_sec").asDouble() > 0);

            BufferedImage png = ImageIO.read(out.resolve(CompareReport.CHART_FILE).toFile());
            assertEquals(3 * CompareChart.WIDTH, png.getWidth());
            assertEquals(CompareChart.HEIGHT, png.getHeight());
        }
    }

    @Test
    void unreachableTargetWithoutModel_stopsWithItsNameAndAddress() {
        Target t = Target.parse("llama=http://127.0.0.1:1");
        CompareConfig config = CompareConfig.defaults(List.of(t)).withWarmup(0).withRuns(1);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new Comparison(config, new PrintStream(new ByteArrayOutputStream())).run());
        assertTrue(e.getMessage().contains("llama (http://127.0.0.1:1)"), e.getMessage());
    }

    @Test
    void failingPeer_isReportedWithItsErrorAndTheOthersStillRun(@TempDir Path out) throws Exception {
        try (StubServer down = StubServer.failing(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}");
             StubServer vllm = StubServer.replaying("vllm-completions.sse")) {
            CompareConfig config = CompareConfig.defaults(List.of(
                            Target.parse("llama=" + down.url()), Target.parse("vllm=" + vllm.url())))
                    .withModel("m").withMaxTokens(8).withRuns(1).withWarmup(0);
            CompareReport report = new Comparison(config, new PrintStream(new ByteArrayOutputStream())).run();
            LevelResult failed = report.resultsFor("llama").getFirst();
            assertEquals(1, failed.failed());
            assertTrue(failed.errors().getFirst().contains("503"));
            assertEquals(0.0, failed.aggregateTokPerSec());
            assertEquals(0, report.resultsFor("vllm").getFirst().failed());
            report.write(out);
            assertTrue(Files.readString(out.resolve(CompareReport.MARKDOWN_FILE)).contains("Loading model"));
            assertTrue(Files.size(out.resolve(CompareReport.CHART_FILE)) > 0);
        }
    }
}
