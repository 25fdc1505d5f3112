package io.infer.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** OpenAI and Ollama chat messages → the plain maps a chat template renders. */
final class ChatMessages {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private ChatMessages() {
    }

    static List<Map<String, Object>> openAi(JsonNode messages) {
        List<Map<String, Object>> out = messageList(messages);
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = "messages[" + i + "]";
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("role", role(m, at));
            msg.put("content", content(m.get("content"), at + ".content"));
            copyText(m, "name", msg, "name", at);
            copyText(m, "tool_call_id", msg, "tool_call_id", at);
            String reasoning = text(m, "reasoning_content", at);
            if (reasoning == null) {
                reasoning = text(m, "reasoning", at);
            }
            if (reasoning != null) {
                msg.put("reasoning_content", reasoning);
            }
            JsonNode calls = m.get("tool_calls");
            if (calls != null && !calls.isNull()) {
                if (!calls.isArray()) {
                    throw ApiException.invalidType(at + ".tool_calls", "an array");
                }
                msg.put("tool_calls", Json.MAPPER.convertValue(calls, new TypeReference<List<Object>>() {}));
            }
            out.add(msg);
        }
        return out;
    }

    static List<Map<String, Object>> ollama(JsonNode messages) {
        List<Map<String, Object>> out = messageList(messages);
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = "messages[" + i + "]";
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("role", role(m, at));
            msg.put("content", content(m.get("content"), at + ".content"));
            String thinking = text(m, "thinking", at);
            if (thinking != null) {
                msg.put("reasoning_content", thinking);
            }
            copyText(m, "tool_name", msg, "name", at);
            JsonNode images = m.get("images");
            if (images != null && images.isArray() && !images.isEmpty()) {
                throw ApiException.badRequest("this model does not support images (" + at + ".images)", at + ".images");
            }
            JsonNode calls = m.get("tool_calls");
            if (calls != null && calls.isArray()) {
                List<Object> converted = new ArrayList<>();
                for (JsonNode c : calls) {
                    Map<String, Object> call = new LinkedHashMap<>();
                    call.put("type", "function");
                    call.put("function", Json.MAPPER.convertValue(c.path("function"), new TypeReference<Map<String, Object>>() {}));
                    converted.add(call);
                }
                msg.put("tool_calls", converted);
            }
            out.add(msg);
        }
        return out;
    }

    /** OpenAI / Ollama tool definitions, as plain values for the template; null for none. */
    static List<Object> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return null;
        }
        if (!tools.isArray()) {
            throw ApiException.invalidType("tools", "an array");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            if (!t.isObject() || !t.path("function").path("name").isTextual()) {
                throw ApiException.badRequest("tools[" + i + "] must be {\"type\":\"function\",\"function\":{\"name\":...}}", "tools[" + i + "]");
            }
        }
        return tools.isEmpty() ? null : Json.MAPPER.convertValue(tools, new TypeReference<List<Object>>() {});
    }

    private static List<Map<String, Object>> messageList(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw ApiException.missing("messages");
        }
        if (!messages.isArray()) {
            throw ApiException.invalidType("messages", "an array");
        }
        if (messages.isEmpty()) {
            throw ApiException.badRequest("'messages' must contain at least one message", "messages");
        }
        return new ArrayList<>();
    }

    private static String role(JsonNode m, String at) {
        if (!m.isObject()) {
            throw ApiException.invalidType(at, "an object");
        }
        JsonNode r = m.get("role");
        if (r == null || !r.isTextual()) {
            throw ApiException.missing(at + ".role");
        }
        String role = r.asText();
        if (!ROLES.contains(role)) {
            throw ApiException.badRequest("'" + at + ".role' must be one of system, user, assistant, tool; got '" + role + "'", at + ".role");
        }
        return switch (role) {
            case "developer" -> "system";
            case "function" -> "tool";
            default -> role;
        };
    }

    /** A string, null (→ ""), or an array of text parts (joined by newlines); other parts are refused. */
    private static String content(JsonNode c, String at) {
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (!c.isArray()) {
            throw ApiException.invalidType(at, "a string or an array of content parts");
        }
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < c.size(); j++) {
            JsonNode part = c.get(j);
            String text;
            if (part.isTextual()) {
                text = part.asText();
            } else if (part.isObject() && "text".equals(part.path("type").asText("text")) && part.path("text").isTextual()) {
                text = part.get("text").asText();
            } else {
                String type = part.path("type").asText("?");
                throw ApiException.badRequest("'" + at + "[" + j + "]': content parts of type '" + type
                        + "' are not supported (this model reads text only)", at + "[" + j + "]");
            }
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(text);
        }
        return sb.toString();
    }

    private static String text(JsonNode m, String field, String at) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalidType(at + "." + field, "a string");
        }
        return v.asText();
    }

    private static void copyText(JsonNode m, String field, Map<String, Object> msg, String as, String at) {
        String v = text(m, field, at);
        if (v != null) {
            msg.put(as, v);
        }
    }
}
