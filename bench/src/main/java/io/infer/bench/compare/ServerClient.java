package io.infer.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Sends one streamed completion to a target and times its chunks as they arrive. Subclasses know the wire format:
 * {@link OpenAiCompletionsClient} (SSE) and {@link OllamaGenerateClient} (NDJSON).
 */
public abstract sealed class ServerClient permits OpenAiCompletionsClient, OllamaGenerateClient {

    static final ObjectMapper JSON = new ObjectMapper();

    protected final HttpClient http;
    protected final Target target;
    protected final String model;
    protected final CompareConfig config;

    ServerClient(HttpClient http, Target target, String model, CompareConfig config) {
        this.http = http;
        this.target = target;
        this.model = model;
        this.config = config;
    }

    /** The client for {@code target}'s kind, sending {@code model}. */
    public static ServerClient create(HttpClient http, Target target, String model, CompareConfig config) {
        return switch (target.api().protocol()) {
            case OPENAI_COMPLETIONS -> new OpenAiCompletionsClient(http, target, model, config);
            case OLLAMA_GENERATE -> new OllamaGenerateClient(http, target, model, config);
        };
    }

    /** The first model the server lists ({@code /v1/models} or {@code /api/tags}), for runs without {@code --model}. */
    public static String discoverModel(HttpClient http, Target target, CompareConfig config) throws IOException {
        boolean ollama = target.api().protocol() == Api.Protocol.OLLAMA_GENERATE;
        JsonNode body = getJson(http, target.resolve(ollama ? "/api/tags" : "/v1/models"), config);
        JsonNode first = ollama ? body.path("models").path(0).path("name") : body.path("data").path(0).path("id");
        if (!first.isTextual()) {
            throw new IOException(target.name() + " lists no model; pass --model");
        }
        return first.asText();
    }

    static JsonNode getJson(HttpClient http, URI uri, CompareConfig config) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET();
        if (config.apiKey() != null) {
            b.header("Authorization", "Bearer " + config.apiKey());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("GET " + uri + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
            }
            return JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Sends {@code prompt} with streaming on and reads the stream to its end; never throws for a failed request. */
    public final RequestResult complete(String prompt) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(body(prompt));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(path()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.apiKey() != null) {
            b.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpRequest request = b.build();
        long start = System.nanoTime();
        StreamState state = new StreamState(start);
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    String text = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
                    return RequestResult.failed("HTTP " + response.statusCode() + ": " + abbreviate(text),
                            System.nanoTime() - start);
                }
                read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), state);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.error("interrupted");
        } catch (IOException | RuntimeException e) {
            state.error(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return state.finish();
    }

    /** Endpoint path, e.g. {@code /v1/completions}. */
    protected abstract String path();

    /** The request body for {@code prompt}. */
    protected abstract ObjectNode body(String prompt);

    /** Reads the response stream to its end, telling {@code state} about tokens, counts, rates and errors. */
    protected abstract void read(BufferedReader in, StreamState state) throws IOException;

    /** The message of an error object: OpenAI's {@code {"error":{"message"}}} or Ollama's {@code {"error":"..."}}. */
    static String errorMessage(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        JsonNode m = error.path("message");
        return m.isTextual() ? m.asText() : error.toString();
    }

    static String abbreviate(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
