package io.infer.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One request against peers that cannot run on this machine, through recorded-response stubs ({@link StubServer}):
 * which endpoint and body each kind gets, and how tokens, counts and the server's rate are read from its stream.
 */
class RecordedPeerStubTest {

    static HttpClient http;

    @BeforeAll
    static void client() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void close() {
        http.close();
    }

    static RequestResult once(StubServer stub, String spec) {
        Target t = Target.parse(spec + stub.url());
        CompareConfig config = CompareConfig.defaults(List.of(t)).withMaxTokens(16).withSeed(7L);
        return ServerClient.create(http, t, "qwen3", config).complete("Hello there");
    }

    @Test
    void llamaServerRecordedStub_takesUsageAndTimingsFromTheFinalChunk() throws Exception {
        try (StubServer stub = StubServer.replaying("llama-server-completions.sse")) {
            RequestResult r = once(stub, "llama=");
            assertTrue(r.ok(), r.toString());
            assertEquals(7, r.completionTokens());
            assertEquals(18, r.promptTokens());
            // the closing chunk (empty text, finish_reason set) is not a token
            assertEquals(7, r.tokenNanos().length);
            assertEquals(6, r.itlNanos().length);
            assertEquals(70.0, r.serverTokPerSec(), 1e-9);   // predicted_n 7 / predicted_ms 100
            assertNotNull(r.clientDecodeTokPerSec());
            assertTrue(r.ttftNanos() > 0 && r.ttftNanos() <= r.e2eNanos());

            assertEquals(List.of("/v1/completions"), stub.paths());
            JsonNode body = stub.requests().getFirst();
            assertEquals("qwen3", body.get("model").asText());
            assertEquals("Hello there", body.get("prompt").asText());
            assertEquals(16, body.get("max_tokens").asInt());
            assertEquals(0.8, body.get("temperature").asDouble());
            assertTrue(body.get("stream").asBoolean());
            assertTrue(body.get("stream_options").get("include_usage").asBoolean());
            assertEquals(7, body.get("seed").asLong());
            assertFalse(body.has("ignore_eos"));
        }
    }

    @Test
    void ollamaRecordedStub_countsEveryLineAndTakesEvalCountOverEvalDuration() throws Exception {
        try (StubServer stub = StubServer.replaying("ollama-generate.ndjson")) {
            RequestResult r = once(stub, "ollama=ollama:");
            assertTrue(r.ok(), r.toString());
            assertEquals(7, r.completionTokens());
            assertEquals(18, r.promptTokens());
            // a line with "response":"" is still a token (its bytes are held back)
            assertEquals(7, r.tokenNanos().length);
            assertEquals(50.0, r.serverTokPerSec(), 1e-9);   // eval_count 7 / eval_duration 0.14 s

            assertEquals(List.of("/api/generate"), stub.paths());
            JsonNode body = stub.requests().getFirst();
            assertEquals("qwen3", body.get("model").asText());
            assertTrue(body.get("stream").asBoolean());
            assertTrue(body.get("raw").asBoolean());
            assertEquals(16, body.get("options").get("num_predict").asInt());
            assertEquals(0.8, body.get("options").get("temperature").asDouble());
            assertEquals(7, body.get("options").get("seed").asLong());
        }
    }

    @Test
    void vllmRecordedStub_hasNoServerRateAndTakesTokensFromTheUsageChunk() throws Exception {
        try (StubServer stub = StubServer.replaying("vllm-completions.sse")) {
            RequestResult r = once(stub, "vllm=");
            assertTrue(r.ok(), r.toString());
            assertEquals(5, r.completionTokens());
            assertEquals(18, r.promptTokens());
            assertEquals(5, r.tokenNanos().length);  // the last text chunk carries finish_reason and still counts
            assertNull(r.serverTokPerSec());
            assertNotNull(r.e2eTokPerSec());
            assertNotNull(r.tpotMillis());
        }
    }

    @Test
    void lmStudioKindWithRecordedStubWithoutUsage_countsTokenChunks() throws Exception {
        try (StubServer stub = StubServer.replaying("openai-no-usage.sse")) {
            RequestResult r = once(stub, "lms=lmstudio:");
            assertTrue(r.ok(), r.toString());
            assertEquals(3, r.completionTokens());
            assertEquals(-1, r.promptTokens());
            assertNull(r.serverTokPerSec());
        }
    }

    @Test
    void ignoreEosIsSentOnlyWhenAsked() throws Exception {
        try (StubServer stub = StubServer.replaying("vllm-completions.sse")) {
            Target t = Target.parse("vllm=" + stub.url());
            CompareConfig config = CompareConfig.defaults(List.of(t)).withIgnoreEos(true).withApiKey("k1");
            assertTrue(ServerClient.create(http, t, "m", config).complete("x").ok());
            JsonNode body = stub.requests().getFirst();
            assertTrue(body.get("ignore_eos").asBoolean());
            assertEquals(512, body.get("max_tokens").asInt());
            assertFalse(body.has("seed"));
        }
    }

    @Test
    void recordedStubHttpError_isAFailedRequestWithTheStatusAndMessage() throws Exception {
        try (StubServer stub = StubServer.failing(404, "{\"error\":\"model 'nope' not found\"}")) {
            RequestResult r = once(stub, "ollama=ollama:");
            assertFalse(r.ok());
            assertTrue(r.error().contains("404") && r.error().contains("not found"), r.error());
            assertEquals(0, r.completionTokens());
            assertEquals(-1, r.ttftNanos());
        }
    }

    @Test
    void recordedStubErrorMidStream_isAFailedRequest() throws Exception {
        try (StubServer stub = StubServer.replaying("llama-server-error-midstream.sse")) {
            RequestResult r = once(stub, "llama=");
            assertFalse(r.ok());
            assertTrue(r.error().contains("slot was cancelled"), r.error());
        }
    }

    @Test
    void recordedStubStreamEndingWithoutDone_isAFailedRequest() throws Exception {
        try (StubServer stub = StubServer.replaying("truncated.sse")) {
            RequestResult r = once(stub, "llama=");
            assertFalse(r.ok());
            assertTrue(r.error().contains("ended before"), r.error());
        }
    }

    @Test
    void unreachableServer_isAFailedRequest() {
        Target t = Target.parse("llama=http://127.0.0.1:1");
        RequestResult r = ServerClient.create(http, t, "m", CompareConfig.defaults(List.of(t))).complete("x");
        assertFalse(r.ok());
        assertNotNull(r.error());
    }

    @Test
    void modelDiscovery_readsTheFirstListedModel() throws Exception {
        try (StubServer stub = StubServer.replaying("vllm-completions.sse")) {
            Target openai = Target.parse("vllm=" + stub.url());
            Target ollama = Target.parse("ollama=ollama:" + stub.url());
            CompareConfig config = CompareConfig.defaults(List.of(openai));
            assertEquals("stub-model", ServerClient.discoverModel(http, openai, config));
            assertEquals("qwen3:8b", ServerClient.discoverModel(http, ollama, config));
        }
    }

    @Test
    void tokenTimesAreIncreasing() throws Exception {
        try (StubServer stub = StubServer.replaying("llama-server-completions.sse")) {
            long[] t = once(stub, "llama=").tokenNanos();
            long[] sorted = t.clone();
            Arrays.sort(sorted);
            assertTrue(Arrays.equals(t, sorted));
        }
    }
}
