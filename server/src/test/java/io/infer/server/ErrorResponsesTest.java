package io.infer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infer.engine.Engine;
import java.net.http.HttpRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every error case: status, OpenAI shape (or Ollama's) and the field named. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ErrorResponsesTest {

    private static Http http;

    @BeforeAll
    static void start() {
        http = new Http(TestServers.shared(), TestServers.API_KEY);
    }

    /** Checks the OpenAI error shape and returns the error object. */
    private static JsonNode openAiError(Http.Response r, int status) {
        assertEquals(status, r.status(), r.body());
        JsonNode e = r.json().get("error");
        assertTrue(e.isObject(), r.body());
        assertTrue(e.get("message").isTextual());
        assertTrue(e.get("type").isTextual());
        assertTrue(e.has("param") && e.has("code"), r.body());
        return e;
    }

    @Test
    void malformedJson() {
        JsonNode e = openAiError(http.post("/v1/completions", "{\"prompt\": \"x\", "), 400);
        assertEquals("invalid_request_error", e.get("type").asText());
        assertTrue(e.get("message").asText().contains("JSON"), e.toString());
        openAiError(http.post("/v1/chat/completions", "[1,2]"), 400);
        openAiError(http.post("/v1/chat/completions", ""), 400);
    }

    @Test
    void badFieldsAreNamed() {
        assertEquals("max_tokens", openAiError(http.post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":\"ten\"}"), 400).get("param").asText());
        assertEquals("temperature", openAiError(http.post("/v1/completions", "{\"prompt\":\"x\",\"temperature\":-1}"), 400).get("param").asText());
        assertEquals("top_p", openAiError(http.post("/v1/completions", "{\"prompt\":\"x\",\"top_p\":1.5}"), 400).get("param").asText());
        assertEquals("n", openAiError(http.post("/v1/completions", "{\"prompt\":\"x\",\"n\":0}"), 400).get("param").asText());
        assertEquals("stop", openAiError(http.post("/v1/completions", "{\"prompt\":\"x\",\"stop\":5}"), 400).get("param").asText());
        assertEquals("prompt", openAiError(http.post("/v1/completions", "{\"prompt\":[1,-4]}"), 400).get("param").asText());
        assertEquals("messages", openAiError(http.post("/v1/chat/completions", "{\"model\":\"qwen3-tiny\"}"), 400).get("param").asText());
        assertEquals("messages[0].role", openAiError(http.post("/v1/chat/completions", "{\"messages\":[{\"content\":\"hi\"}]}"), 400).get("param").asText());
        assertEquals("messages[0].content[0]", openAiError(http.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}"), 400).get("param").asText());
        assertEquals("stream_options.include_usage", openAiError(http.post("/v1/completions",
                "{\"prompt\":\"x\",\"stream_options\":{\"include_usage\":\"yes\"}}"), 400).get("param").asText());
        // null means absent; unknown fields are ignored
        assertEquals(200, http.post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":1,\"logprobs\":null,\"ignore_me\":{\"a\":1},"
                + "\"repetition_penalty\":1.0,\"ignore_eos\":false,\"cache_prompt\":true}").status());
    }

    @Test
    void authentication() {
        Http noKey = new Http(TestServers.shared(), null);
        JsonNode e = openAiError(noKey.post("/v1/completions", "{\"prompt\":\"x\"}"), 401);
        assertEquals("invalid_api_key", e.get("code").asText());
        Http wrong = new Http(TestServers.shared(), "sk-nope-nope-nope");
        e = openAiError(wrong.get("/v1/models"), 401);
        assertTrue(e.get("message").asText().startsWith("Incorrect API key provided"), e.toString());
        assertTrue(!e.get("message").asText().contains("sk-nope-nope-nope"), "the key is redacted");
        assertEquals(200, noKey.get("/health").status());
        assertEquals(401, noKey.get("/metrics").status());
        assertEquals(401, noKey.post("/api/generate", "{\"model\":\"qwen3-tiny\",\"prompt\":\"x\"}").status());
    }

    @Test
    void unknownModel() {
        JsonNode e = openAiError(http.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 404);
        assertEquals("model_not_found", e.get("code").asText());
        assertEquals("model", e.get("param").asText());
        Http.Response ollama = http.post("/api/generate", "{\"model\":\"llama3\",\"prompt\":\"x\"}");
        assertEquals(404, ollama.status());
        assertEquals("model 'llama3' not found", ollama.json().get("error").asText());
        Http.Response missing = http.post("/api/chat", "{\"messages\":[]}");
        assertEquals(400, missing.status());
        assertTrue(missing.json().get("error").isTextual());
        // the file name and Ollama's :latest tag name the same model
        assertEquals(200, http.post("/v1/completions", "{\"model\":\"qwen3-tiny-f16.gguf\",\"prompt\":\"x\",\"max_tokens\":1}").status());
        assertEquals(200, http.post("/api/generate", "{\"model\":\"qwen3-tiny:latest\",\"prompt\":\"x\",\"stream\":false,\"options\":{\"num_predict\":1}}").status());
    }

    @Test
    void unknownRoute() {
        JsonNode e = openAiError(http.get("/v1/nothing"), 404);
        assertTrue(e.get("message").asText().contains("/v1/nothing"));
    }

    @Test
    void contextLengthExceeded() {
        String longPrompt = "word ".repeat(1100);
        JsonNode e = openAiError(http.post("/v1/completions", "{\"prompt\":\"" + longPrompt + "\",\"max_tokens\":10}"), 400);
        assertEquals("context_length_exceeded", e.get("code").asText());
        assertEquals("prompt", e.get("param").asText());
        assertEquals(TestServers.CONTEXT, e.get("n_ctx").asInt());
        assertTrue(e.get("n_prompt_tokens").asInt() > TestServers.CONTEXT);
        assertTrue(e.get("message").asText().startsWith("This model's maximum context length is " + TestServers.CONTEXT + " tokens."));
        e = openAiError(http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":5000}"), 400);
        assertEquals("context_length_exceeded", e.get("code").asText());
        assertEquals("messages", e.get("param").asText());
        Http.Response ollama = http.post("/api/generate", "{\"model\":\"qwen3-tiny\",\"prompt\":\"" + longPrompt + "\",\"stream\":false}");
        assertEquals(400, ollama.status());
        assertTrue(ollama.json().get("error").asText().contains("maximum context length"));
    }

    @Test
    void busyPastTheQueueLimit() throws Exception {
        try (ServedModel model = TestServers.open(1, 512, new Engine.Options(0, 256))) {
            InferServer server = InferServer.start(TestServers.options(), model);
            try {
                Http h = new Http(server, null);
                var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> h.post("/v1/completions",
                        "{\"prompt\":\"x\",\"max_tokens\":500,\"ignore_eos\":true}"));
                while (model.engine().metrics().busySlots() == 0) {
                    Thread.sleep(5);
                }
                JsonNode e = openAiError(h.post("/v1/completions", "{\"prompt\":\"y\",\"max_tokens\":5}"), 503);
                assertEquals("server_busy", e.get("code").asText());
                Http.Response ollama = h.post("/api/generate", "{\"model\":\"qwen3-tiny\",\"prompt\":\"y\",\"stream\":false}");
                assertEquals(503, ollama.status());
                assertTrue(ollama.json().get("error").isTextual());
                assertEquals(200, slow.get(60, TimeUnit.SECONDS).status(), "the running request is unaffected");
                assertEquals(200, h.post("/v1/completions", "{\"prompt\":\"y\",\"max_tokens\":2}").status(), "free again");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void loadingAnswers503() {
        InferServer server = new InferServer(TestServers.options()).start();
        try {
            Http h = new Http(server, null);
            Http.Response health = h.get("/health");
            assertEquals(503, health.status());
            assertEquals("Loading model", health.json().get("error").get("message").asText());
            assertEquals("unavailable_error", openAiError(h.post("/v1/completions", "{\"prompt\":\"x\"}"), 503).get("type").asText());
            assertEquals(503, h.post("/api/chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").status());
            ServedModel model = TestServers.open(1, 256, null);
            try {
                server.serve(model);
                assertEquals(200, h.get("/health").status());
                assertEquals(200, h.post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":1}").status());
            } finally {
                server.close();
                model.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void requestsAfterAFailedOneStillWork() {
        for (int i = 0; i < 5; i++) {
            http.send(http.request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString("{\"messages\":")));
        }
        assertEquals(200, http.post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":1}").status());
        assertEquals(0, TestServers.sharedModel().engine().metrics().queued());
    }
}
