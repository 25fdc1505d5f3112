package io.infer.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.http.HttpClient;

/**
 * Ollama's {@code POST /api/generate} (NDJSON; one line per token, the last with {@code done:true} and the
 * counters). Sent with {@code raw:true} so that Ollama, like the {@code /v1/completions} servers, sees the prompt
 * text as it is rather than wrapped in the model's chat template. The server rate is
 * {@code eval_count / eval_duration} (nanoseconds).
 */
public final class OllamaGenerateClient extends ServerClient {

    OllamaGenerateClient(HttpClient http, Target target, String model, CompareConfig config) {
        super(http, target, model, config);
    }

    @Override
    protected String path() {
        return "/api/generate";
    }

    @Override
    protected ObjectNode body(String prompt) {
        ObjectNode b = JSON.createObjectNode();
        b.put("model", model);
        b.put("prompt", prompt);
        b.put("stream", true);
        b.put("raw", true);
        ObjectNode o = b.putObject("options");
        o.put("num_predict", config.maxTokens());
        o.put("temperature", config.temperature());
        if (config.seed() != null) {
            o.put("seed", config.seed());
        }
        return b;
    }

    @Override
    protected void read(BufferedReader in, StreamState state) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank() && line(line, state)) {
                return;
            }
        }
    }

    /** Handles one NDJSON line; true at the final line or an error. */
    static boolean line(String line, StreamState state) throws IOException {
        JsonNode o = JSON.readTree(line);
        if (o.hasNonNull("error")) {
            state.error("error in stream: " + errorMessage(o.get("error")));
            return true;
        }
        if (!o.path("done").asBoolean(false)) {
            state.token();  // one generated token per line, even when its text is held back ("response":"")
            return false;
        }
        if (o.hasNonNull("eval_count")) {
            int n = o.get("eval_count").asInt();
            state.completionTokens(n);
            long ns = o.path("eval_duration").asLong(0);
            if (n > 0 && ns > 0) {
                state.serverTokPerSec(n / (ns / 1e9));
            }
        }
        if (o.hasNonNull("prompt_eval_count")) {
            state.promptTokens(o.get("prompt_eval_count").asInt());
        }
        state.done();
        return true;
    }
}
