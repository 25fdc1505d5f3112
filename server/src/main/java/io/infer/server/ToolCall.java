package io.infer.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function call the model made ({@code <tool_call>{"name":..., "arguments":{...}}</tool_call>} in Qwen3's
 * format).
 *
 * @param arguments the arguments object as the model wrote it (OpenAI sends it as a JSON string, Ollama as an
 *                  object)
 */
record ToolCall(String id, String name, JsonNode arguments) {

    String argumentsJson() {
        return arguments.isTextual() ? arguments.asText() : Json.write(arguments);
    }

    /** Parses the JSON between the tags; null when it is not a call (the text then stays content). */
    static ToolCall parse(String body, String id) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body.strip());
        } catch (java.io.IOException e) {
            return null;
        }
        if (n == null || !n.isObject() || !n.path("name").isTextual()) {
            return null;
        }
        JsonNode args = n.get("arguments");
        if (args == null || args.isNull()) {
            args = n.has("parameters") ? n.get("parameters") : Json.object();
        }
        if (args.isTextual()) {
            // some models double-encode: keep a JSON object when the string holds one
            try {
                JsonNode inner = Json.MAPPER.readTree(args.asText());
                if (inner != null && inner.isObject()) {
                    args = inner;
                }
            } catch (java.io.IOException ignored) {
                // leave it a string
            }
        }
        return new ToolCall(id, n.get("name").asText(), args);
    }
}
