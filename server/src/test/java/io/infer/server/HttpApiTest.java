package io.infer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Wire formats of every route, as a raw HTTP client sees them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpApiTest {

    private static Http http;

    @BeforeAll
    static void start() {
        http = new Http(TestServers.shared(), TestServers.API_KEY);
    }

    /** The {@code data:} payloads of an SSE body, checking the framing on the way. */
    static List<String> sseEvents(String body) {
        assertTrue(body.endsWith("data: [DONE]\n\n"), "ends with [DONE]: " + body);
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.startsWith(":")) {
                continue; // comment (keep-alive)
            }
            assertTrue(block.startsWith("data: "), "every event is a data line: " + block);
            assertFalse(block.substring(6).contains("\n"), "one line per event");
            events.add(block.substring(6));
        }
        assertEquals("[DONE]", events.removeLast());
        return events;
    }

    @Test
    void completionsSseFraming() {
        Http.Response r = http.post("/v1/completions",
                "{\"model\":\"qwen3-tiny\",\"prompt\":\"Hi\",\"max_tokens\":6,\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/event-stream"), r.contentType());
        List<String> events = sseEvents(r.body());
        StringBuilder text = new StringBuilder();
        String id = null;
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = Http.parse(events.get(i));
            assertEquals("text_completion", e.get("object").asText());
            id = id == null ? e.get("id").asText() : id;
            assertEquals(id, e.get("id").asText(), "one id per stream");
            assertTrue(e.has("usage"), "include_usage: every chunk carries usage");
            if (i == events.size() - 1) {
                assertEquals(0, e.get("choices").size(), "the usage chunk has no choices");
                assertEquals(6, e.get("usage").get("completion_tokens").asInt());
            } else {
                assertTrue(e.get("usage").isNull());
                JsonNode ch = e.get("choices").get(0);
                text.append(ch.get("text").asText());
                boolean last = i == events.size() - 2;
                assertEquals(last ? "length" : null, ch.get("finish_reason").isNull() ? null : ch.get("finish_reason").asText());
                if (last) {
                    assertEquals(6, e.get("timings").get("predicted_n").asInt());
                }
            }
        }
        JsonNode full = http.post("/v1/completions", "{\"prompt\":\"Hi\",\"max_tokens\":6,\"temperature\":0}").json();
        assertEquals(full.get("choices").get(0).get("text").asText(), text.toString());
    }

    @Test
    void promptArraysAndSeveralChoicesAreIndexedPromptMajor() {
        int[] ids = TestServers.sharedModel().tokenizer().encode("Good morning", true);
        StringBuilder tokens = new StringBuilder();
        for (int id : ids) {
            tokens.append(tokens.isEmpty() ? "" : ",").append(id);
        }
        JsonNode n = http.post("/v1/completions", "{\"prompt\":[\"Good morning\",\"Bonsoir\"],\"n\":2,\"max_tokens\":3,\"temperature\":0}").json();
        JsonNode choices = n.get("choices");
        assertEquals(4, choices.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, choices.get(i).get("index").asInt());
        }
        assertEquals(choices.get(0).get("text"), choices.get(1).get("text"));
        assertEquals(12, n.get("usage").get("completion_tokens").asInt());
        JsonNode byIds = http.post("/v1/completions", "{\"prompt\":[" + tokens + "],\"max_tokens\":3,\"temperature\":0,\"echo\":true}").json();
        assertEquals("Good morning" + choices.get(0).get("text").asText(), byIds.get("choices").get(0).get("text").asText());
        JsonNode nested = http.post("/v1/completions", "{\"prompt\":[[" + tokens + "],[" + tokens + "]],\"max_tokens\":3,\"temperature\":0}").json();
        assertEquals(2, nested.get("choices").size());
        assertEquals(choices.get(0).get("text"), nested.get("choices").get(1).get("text"));
    }

    @Test
    void stopStringsEndTheTextAndReportStop() {
        String text = http.post("/v1/completions", "{\"prompt\":\"Hi\",\"max_tokens\":12,\"temperature\":0}").json()
                .get("choices").get(0).get("text").asText();
        String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
        JsonNode n = http.post("/v1/completions", "{\"prompt\":\"Hi\",\"max_tokens\":12,\"temperature\":0,\"stop\":"
                + Http.JSON.valueToTree(List.of(stop)) + "}").json();
        JsonNode ch = n.get("choices").get(0);
        assertEquals(text.substring(0, text.indexOf(stop)), ch.get("text").asText());
        assertEquals("stop", ch.get("finish_reason").asText());
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsage() {
        Http.Response r = http.post("/v1/completions", "{\"prompt\":\"Hi\",\"max_tokens\":3,\"stream\":true}");
        for (String e : sseEvents(r.body())) {
            JsonNode n = Http.parse(e);
            assertFalse(n.has("usage"));
            assertEquals(1, n.get("choices").size());
        }
    }

    @Test
    void chatSseFraming() {
        Http.Response r = http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":5,\"temperature\":0,\"stream\":true}");
        assertEquals(200, r.status());
        List<String> events = sseEvents(r.body());
        JsonNode first = Http.parse(events.getFirst());
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.get("choices").get(0).get("delta").get("role").asText());
        JsonNode last = Http.parse(events.getLast());
        assertEquals(0, last.get("choices").get(0).get("delta").size(), "the last delta is empty");
        assertEquals("length", last.get("choices").get(0).get("finish_reason").asText());
        for (String e : events.subList(1, events.size() - 1)) {
            JsonNode ch = Http.parse(e).get("choices").get(0);
            assertTrue(ch.get("finish_reason").isNull());
            assertTrue(ch.get("delta").has("content") || ch.get("delta").has("reasoning_content"), e);
        }
    }

    @Test
    void curlStyleFormEncodedBodiesAreJson() {
        // curl -d sends Content-Type: application/x-www-form-urlencoded
        HttpRequest.Builder b = http.request("/v1/completions").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Tell me about GPUs\",\"max_tokens\":40,\"temperature\":0.8}"));
        Http.Response r = http.send(b);
        assertEquals(200, r.status(), r.body());
        JsonNode n = r.json();
        assertEquals(40, n.get("usage").get("completion_tokens").asInt());
        assertTrue(n.get("timings").get("predicted_ms").isNumber());
        assertTrue(n.get("timings").get("predicted_per_second").isNumber());

        b = http.request("/api/generate").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"qwen3-tiny\",\"prompt\":\"Why is the sky blue?\",\"stream\":false,\"options\":{\"num_predict\":30}}"));
        r = http.send(b);
        assertEquals(200, r.status(), r.body());
        n = r.json();
        assertEquals(30, n.get("eval_count").asInt());
        assertTrue(n.get("eval_duration").isIntegralNumber() && n.get("eval_duration").asLong() > 0);
        assertTrue(n.get("done").asBoolean());
        assertTrue(n.get("total_duration").asLong() >= n.get("eval_duration").asLong());
        assertEquals(n.get("prompt_eval_count").asInt() + 30, n.get("context").size());
    }

    @Test
    void ollamaGenerateNdjson() {
        Http.Response r = http.post("/api/generate", "{\"model\":\"qwen3-tiny\",\"prompt\":\"Hi\",\"options\":{\"num_predict\":5,\"temperature\":0}}");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("application/x-ndjson"), r.contentType());
        String[] lines = r.body().split("\n");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            JsonNode n = Http.parse(lines[i]);
            assertEquals("qwen3-tiny:latest", n.get("model").asText());
            assertTrue(n.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), n.get("created_at").asText());
            text.append(n.get("response").asText());
            assertEquals(i == lines.length - 1, n.get("done").asBoolean());
        }
        JsonNode last = Http.parse(lines[lines.length - 1]);
        assertEquals("length", last.get("done_reason").asText());
        for (String f : List.of("total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration")) {
            assertTrue(last.get(f).isIntegralNumber(), f);
        }
        assertEquals(5, last.get("eval_count").asInt());
        JsonNode full = http.post("/api/generate", "{\"model\":\"qwen3-tiny\",\"prompt\":\"Hi\",\"stream\":false,\"options\":{\"num_predict\":5,\"temperature\":0}}").json();
        assertEquals(full.get("response").asText(), text.toString());
    }

    @Test
    void ollamaChatNdjson() {
        Http.Response r = http.post("/api/chat", "{\"model\":\"qwen3-tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"options\":{\"num_predict\":4,\"temperature\":0},\"think\":false}");
        assertEquals(200, r.status());
        String[] lines = r.body().split("\n");
        for (String line : lines) {
            JsonNode n = Http.parse(line);
            assertEquals("assistant", n.get("message").get("role").asText());
        }
        JsonNode last = Http.parse(lines[lines.length - 1]);
        assertTrue(last.get("done").asBoolean());
        assertEquals("", last.get("message").get("content").asText());
        assertEquals(4, last.get("eval_count").asInt());
        int plain = http.post("/api/chat", "{\"model\":\"qwen3-tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"options\":{\"num_predict\":1},\"stream\":false}").json().get("prompt_eval_count").asInt();
        assertTrue(last.get("prompt_eval_count").asInt() > plain, "think:false appends the empty think block");
    }

    @Test
    void ollamaInfoRoutes() {
        JsonNode tags = http.get("/api/tags").json();
        JsonNode m = tags.get("models").get(0);
        assertEquals("qwen3-tiny:latest", m.get("name").asText());
        assertEquals("gguf", m.get("details").get("format").asText());
        assertEquals("F16", m.get("details").get("quantization_level").asText());
        assertEquals(64, m.get("digest").asText().length());
        JsonNode show = http.post("/api/show", "{\"model\":\"qwen3-tiny\"}").json();
        assertEquals("qwen3", show.get("model_info").get("general.architecture").asText());
        assertTrue(show.get("template").asText().contains("<|im_start|>"));
        assertTrue(show.get("capabilities").toString().contains("tools"));
        assertEquals(TestServers.CONTEXT, http.get("/api/ps").json().get("models").get(0).get("context_length").asInt());
        assertTrue(http.get("/api/version").json().get("version").isTextual());
        Http.Response root = new Http(TestServers.shared(), null).get("/");
        assertEquals(200, root.status());
        assertEquals("Ollama is running", root.body());
    }

    @Test
    void infoRoutes() {
        JsonNode models = http.get("/v1/models").json();
        assertEquals("list", models.get("object").asText());
        JsonNode m = models.get("data").get(0);
        assertEquals("qwen3-tiny", m.get("id").asText());
        assertEquals("qwen3-tiny", m.get("root").asText());
        assertEquals(TestServers.CONTEXT, m.get("max_model_len").asInt());
        JsonNode props = http.get("/props").json();
        assertEquals(TestServers.SLOTS, props.get("total_slots").asInt());
        assertEquals(TestServers.CONTEXT, props.get("default_generation_settings").get("n_ctx").asInt());
        assertTrue(props.get("chat_template").asText().contains("<|im_start|>"));
        Http.Response health = new Http(TestServers.shared(), null).get("/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.json().get("status").asText());
    }

    @Test
    void tokenizeAndDetokenize() {
        JsonNode t = http.post("/tokenize", "{\"content\":\"Hello world<|im_end|>\"}").json();
        int[] expected = TestServers.sharedModel().tokenizer().encode("Hello world<|im_end|>", true);
        assertEquals(expected.length, t.get("tokens").size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.get("tokens").get(i).asInt());
        }
        JsonNode pieces = http.post("/tokenize", "{\"content\":\"Hello 😀\",\"with_pieces\":true}").json().get("tokens");
        boolean sawBytes = false;
        StringBuilder joined = new StringBuilder();
        for (JsonNode p : pieces) {
            assertTrue(p.get("id").isInt());
            if (p.get("piece").isArray()) {
                sawBytes = true; // the emoji's bytes are split over tokens: not valid UTF-8 alone
            } else {
                joined.append(p.get("piece").asText());
            }
        }
        assertTrue(joined.toString().startsWith("Hello"));
        assertTrue(sawBytes || joined.toString().equals("Hello 😀"));
        JsonNode d = http.post("/detokenize", "{\"tokens\":" + t.get("tokens") + "}").json();
        assertEquals("Hello world<|im_end|>", d.get("content").asText());
        JsonNode vllm = http.post("/tokenize", "{\"model\":\"qwen3-tiny\",\"prompt\":\"Hello\"}").json();
        assertEquals(vllm.get("tokens").size(), vllm.get("count").asInt());
        assertEquals(TestServers.CONTEXT, vllm.get("max_model_len").asInt());
    }

    @Test
    void metricsArePrometheusText() {
        http.post("/v1/completions", "{\"prompt\":\"Hi\",\"max_tokens\":2}");
        Http.Response r = http.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/plain"));
        String body = r.body();
        for (String name : List.of("infer_http_requests_total{route=\"/v1/completions\",status=\"200\"}",
                "infer_prompt_tokens_total", "infer_generation_tokens_total", "infer_prompt_seconds_total",
                "infer_decode_seconds_total", "infer_busy_slots", "infer_queue_length",
                "infer_time_to_first_token_seconds_bucket", "infer_time_to_first_token_seconds_count",
                "# TYPE infer_time_to_first_token_seconds histogram", "llamacpp:tokens_predicted_total")) {
            assertTrue(body.contains(name), "metrics has " + name);
        }
        for (String line : body.split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? -?[0-9.eE+-]+"), line);
        }
    }

    @Test
    void reasoningFieldsAndLogprobsInChat() {
        JsonNode n = http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":4,"
                + "\"temperature\":0,\"logprobs\":true,\"top_logprobs\":2}").json();
        JsonNode content = n.get("choices").get(0).get("logprobs").get("content");
        assertEquals(4, content.size());
        for (JsonNode e : content) {
            assertTrue(e.get("logprob").asDouble() <= 0);
            assertEquals(2, e.get("top_logprobs").size());
            assertTrue(e.get("bytes").isArray());
        }
        assertNull(n.get("choices").get(0).get("message").get("reasoning_content"), "no think block in this output");
    }
}
