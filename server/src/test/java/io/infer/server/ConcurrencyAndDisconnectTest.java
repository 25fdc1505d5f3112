package io.infer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infer.engine.Engine;
import io.infer.engine.EngineMetrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients at once, clients that leave, and shutdown. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrencyAndDisconnectTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sixteenConcurrentStreamsEachGetTheirOwnCompleteOutput() throws Exception {
        InferServer server = TestServers.shared();
        int clients = 16;
        List<String> prompts = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String prompt = "Client " + i + " asks about topic " + (i * 7919 % 101);
            prompts.add(prompt);
            String body = "{\"prompt\":\"" + prompt + "\",\"max_tokens\":" + (20 + i) + ",\"temperature\":0,\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true}}";
            futures.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
                    .header("Authorization", "Bearer " + TestServers.API_KEY).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> streamed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            HttpResponse<String> r = futures.get(i).get(120, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            List<String> events = HttpApiTest.sseEvents(r.body());
            StringBuilder text = new StringBuilder();
            String id = null;
            boolean finished = false;
            for (String e : events) {
                JsonNode n = Http.parse(e);
                id = id == null ? n.get("id").asText() : id;
                assertEquals(id, n.get("id").asText(), "client " + i + " got another stream's chunk");
                if (n.get("choices").isEmpty()) {
                    assertTrue(finished);
                    assertEquals(20 + i, n.get("usage").get("completion_tokens").asInt(), "client " + i);
                    continue;
                }
                assertFalse(finished, "nothing after the finish chunk but usage");
                JsonNode ch = n.get("choices").get(0);
                text.append(ch.get("text").asText());
                finished = !ch.get("finish_reason").isNull();
            }
            assertTrue(finished);
            streamed.add(text.toString());
            ids.add(id);
        }
        assertEquals(clients, ids.stream().distinct().count());
        // the same prompts one at a time: batching must not change or mix anyone's output
        Http http = new Http(server, TestServers.API_KEY);
        for (int i = 0; i < clients; i++) {
            JsonNode alone = http.post("/v1/completions", "{\"prompt\":\"" + prompts.get(i) + "\",\"max_tokens\":" + (20 + i)
                    + ",\"temperature\":0}").json();
            assertEquals(alone.get("choices").get(0).get("text").asText(), streamed.get(i), "client " + i);
        }
        EngineMetrics m = TestServers.sharedModel().engine().metrics();
        assertEquals(0, m.busySlots());
        assertEquals(0, m.queued());
    }

    /** Sends a request over a raw socket (so the test can hang up whenever it likes). */
    private static Socket open(InferServer server, String path, String body) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServers.API_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
        return s;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void streamingClientThatHangsUpIsCancelledAndFreesItsSlot() throws Exception {
        try (ServedModel model = TestServers.open(1, 2048, new Engine.Options(4, 256))) {
            InferServer server = InferServer.start(TestServers.options().withApiKey(TestServers.API_KEY), model);
            try {
                Engine engine = model.engine();
                Socket s = open(server, "/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":2000,\"ignore_eos\":true,\"stream\":true}");
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                int events = 0;
                for (String line = in.readLine(); line != null && events < 3; line = in.readLine()) {
                    if (line.startsWith("data: ")) {
                        events++;
                    }
                }
                assertEquals(3, events);
                s.close();
                await(() -> engine.metrics().requestsCancelled() == 1, "the generation is cancelled");
                assertEquals(0, engine.metrics().busySlots());
                assertTrue(engine.metrics().generatedTokens() < 2000, "stopped early: " + engine.metrics().generatedTokens());
                // the slot serves the next request
                assertEquals(200, new Http(server, TestServers.API_KEY).post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":3}").status());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void nonStreamingAndQueuedClientsThatHangUpAreCancelled() throws Exception {
        try (ServedModel model = TestServers.open(1, 2048, new Engine.Options(4, 256))) {
            InferServer server = InferServer.start(TestServers.options().withApiKey(TestServers.API_KEY), model);
            try {
                Engine engine = model.engine();
                Socket running = open(server, "/v1/chat/completions",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":2000,\"ignore_eos\":true}");
                await(() -> engine.metrics().busySlots() == 1, "the first request runs");
                Socket queued = open(server, "/api/generate", "{\"model\":\"qwen3-tiny\",\"prompt\":\"y\",\"stream\":false}");
                await(() -> engine.metrics().queued() == 1, "the second request waits");
                queued.close();
                await(() -> engine.metrics().requestsCancelled() == 1 && engine.metrics().queued() == 0, "the queued request is dropped");
                assertEquals(1, engine.metrics().busySlots());
                running.close();
                await(() -> engine.metrics().requestsCancelled() == 2 && engine.metrics().busySlots() == 0, "the running one is cancelled");
                assertTrue(engine.metrics().generatedTokens() < 2000);
            } finally {
                server.close();
            }
        }
    }

    @Test
    void shutdownLetsInFlightStreamsFinishCleanly() throws Exception {
        try (ServedModel model = TestServers.open(2, 1024, null)) {
            InferServer server = InferServer.start(TestServers.options().withShutdownGrace(Duration.ofSeconds(60)), model);
            CompletableFuture<HttpResponse<String>> f = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"max_tokens\":150,\"ignore_eos\":true,\"stream\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            await(() -> model.engine().metrics().generatedTokens() > 0, "generation started");
            server.close();
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            List<String> events = HttpApiTest.sseEvents(r.body());
            assertEquals("length", Http.parse(events.getLast()).get("choices").get(0).get("finish_reason").asText());
            assertEquals(1, model.engine().metrics().requestsLength());
        }
    }

    @Test
    void shutdownWithoutGraceEndsStreamsWithAnErrorEvent() throws Exception {
        try (ServedModel model = TestServers.open(1, 2048, null)) {
            InferServer server = InferServer.start(TestServers.options().withShutdownGrace(Duration.ZERO), model);
            CompletableFuture<HttpResponse<String>> f = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                            + "\"max_tokens\":2000,\"ignore_eos\":true,\"stream\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            await(() -> model.engine().metrics().generatedTokens() > 2, "generation started");
            server.close();
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            String[] blocks = r.body().split("\n\n");
            JsonNode last = Http.parse(blocks[blocks.length - 1].substring("data: ".length()));
            assertEquals("unavailable_error", last.get("error").get("type").asText(), r.body());
            assertEquals(1, model.engine().metrics().requestsCancelled());
        }
    }
}
