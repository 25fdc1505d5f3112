package io.infer.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands in for a peer that cannot run here (llama-server, Ollama, vLLM): replays a recorded response from
 * {@code src/test/resources/io/infer/bench/compare/} one event at a time (flushing after each, with a millisecond
 * between them, as a generating server would), and keeps the request bodies it was sent.
 */
final class StubServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private StubServer(String recording, int status, String errorBody) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/models", ex -> send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"stub-model\",\"object\":\"model\"}]}"));
        server.createContext("/api/tags", ex -> send(ex, 200, "{\"models\":[{\"name\":\"qwen3:8b\",\"model\":\"qwen3:8b\"}]}"));
        server.createContext("/", ex -> {
            try (ex) {
                paths.add(ex.getRequestURI().getPath());
                requests.add(JSON.readTree(ex.getRequestBody()));
                if (status != 200) {
                    send(ex, status, errorBody);
                    return;
                }
                replay(ex, recording);
            }
        });
        server.start();
    }

    /** Replays {@code recording} (a resource name) on every POST. */
    static StubServer replaying(String recording) throws IOException {
        return new StubServer(recording, 200, null);
    }

    /** Answers every POST with {@code status} and {@code body}. */
    static StubServer failing(int status, String body) throws IOException {
        return new StubServer(null, status, body);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<JsonNode> requests() {
        return requests;
    }

    List<String> paths() {
        return paths;
    }

    private static void replay(HttpExchange ex, String recording) throws IOException {
        String text;
        try (InputStream in = StubServer.class.getResourceAsStream(recording)) {
            if (in == null) {
                throw new IOException("no recording " + recording);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean sse = recording.endsWith(".sse");
        ex.getResponseHeaders().set("Content-Type", sse ? "text/event-stream" : "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        // SSE: an event ends at a blank line; NDJSON: every line is one event
        for (String event : sse ? text.split("(?<=\n\n)") : text.split("(?<=\n)")) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
