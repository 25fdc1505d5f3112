package io.infer.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.http.HttpClient;

/**
 * {@code POST /v1/completions} with {@code stream:true} and {@code stream_options.include_usage}: infer,
 * llama-server, vLLM, LM Studio and other OpenAI-compatible servers.
 *
 * <p>A chunk counts as a token when it has a choice whose {@code text} is not empty, or whose
 * {@code finish_reason} is still null (a token whose bytes the server holds back until the UTF-8 character is
 * complete); the closing chunk that only carries {@code finish_reason} does not. Token counts come from
 * {@code usage.completion_tokens}, else {@code timings.predicted_n}, else the number of token chunks; the server's
 * decode rate from llama-server's {@code timings} ({@code predicted_n / predicted_ms}) where the server sends them
 * and the target's kind reads them ({@link Api#readsTimings()}: vLLM and LM Studio are measured by usage and the
 * client clock, as the reference guide does).
 */
public final class OpenAiCompletionsClient extends ServerClient {

    OpenAiCompletionsClient(HttpClient http, Target target, String model, CompareConfig config) {
        super(http, target, model, config);
    }

    @Override
    protected String path() {
        return "/v1/completions";
    }

    @Override
    protected ObjectNode body(String prompt) {
        ObjectNode b = JSON.createObjectNode();
        b.put("model", model);
        b.put("prompt", prompt);
        b.put("max_tokens", config.maxTokens());
        b.put("temperature", config.temperature());
        b.put("stream", true);
        b.putObject("stream_options").put("include_usage", true);
        if (config.seed() != null) {
            b.put("seed", config.seed());
        }
        if (config.ignoreEos()) {
            b.put("ignore_eos", true);
        }
        return b;
    }

    @Override
    protected void read(BufferedReader in, StreamState state) throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (!data.isEmpty() && event(data.toString(), state, target.api().readsTimings())) {
                    return;
                }
                data.setLength(0);
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
            }
            // ':' comments (keep-alives), event:, id: and retry: lines carry nothing we measure
        }
        if (!data.isEmpty()) {
            event(data.toString(), state, target.api().readsTimings());
        }
    }

    /** Handles one SSE event; true at {@code [DONE]} or an error, after which nothing more is read. */
    static boolean event(String data, StreamState state, boolean readTimings) throws IOException {
        if (data.strip().equals("[DONE]")) {
            state.done();
            return true;
        }
        JsonNode chunk = JSON.readTree(data);
        if (chunk.hasNonNull("error")) {
            state.error("error in stream: " + errorMessage(chunk.get("error")));
            return true;
        }
        JsonNode choices = chunk.path("choices");
        if (choices.isArray() && !choices.isEmpty()) {
            JsonNode c = choices.get(0);
            String text = c.path("text").asText("");
            boolean finished = c.hasNonNull("finish_reason");
            if (!text.isEmpty() || !finished) {
                state.token();
            }
            if (finished) {
                state.done();  // [DONE] should still follow, with the usage chunk before it
            }
        }
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
            if (usage.hasNonNull("completion_tokens")) {
                state.completionTokens(usage.get("completion_tokens").asInt());
            }
            if (usage.hasNonNull("prompt_tokens")) {
                state.promptTokens(usage.get("prompt_tokens").asInt());
            }
        }
        JsonNode timings = chunk.path("timings");
        if (readTimings && timings.isObject() && timings.hasNonNull("predicted_n") && timings.hasNonNull("predicted_ms")) {
            int n = timings.get("predicted_n").asInt();
            double ms = timings.get("predicted_ms").asDouble();
            if (n > 0 && ms > 0) {
                state.serverTokPerSec(n / (ms / 1000));
            }
            if (!usage.isObject()) {
                state.completionTokens(n);
                if (timings.hasNonNull("prompt_n")) {
                    state.promptTokens(timings.get("prompt_n").asInt());
                }
            }
        }
        return false;
    }
}
