package io.infer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of request fields. A {@code null} value counts as absent (clients send {@code "logprobs": null});
 * a value of the wrong type or out of range is a 400 that names the field.
 */
final class Fields {

    private final ObjectNode body;
    private final String prefix;

    Fields(ObjectNode body) {
        this(body, "");
    }

    private Fields(ObjectNode body, String prefix) {
        this.body = body;
        this.prefix = prefix;
    }

    ObjectNode node() {
        return body;
    }

    /** Fields of a nested object ({@code options}, {@code stream_options}); empty when absent. */
    Fields object(String name) {
        JsonNode n = get(name);
        if (n == null) {
            return new Fields(Json.object(), prefix + name + ".");
        }
        if (!n.isObject()) {
            throw ApiException.invalidType(prefix + name, "an object");
        }
        return new Fields((ObjectNode) n, prefix + name + ".");
    }

    String path(String name) {
        return prefix + name;
    }

    JsonNode get(String name) {
        JsonNode n = body.get(name);
        return n == null || n.isNull() ? null : n;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    String string(String name, String fallback) {
        JsonNode n = get(name);
        if (n == null) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw ApiException.invalidType(path(name), "a string");
        }
        return n.asText();
    }

    boolean bool(String name, boolean fallback) {
        JsonNode n = get(name);
        if (n == null) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw ApiException.invalidType(path(name), "a boolean");
        }
        return n.asBoolean();
    }

    Integer integer(String name, Integer fallback, long min, long max) {
        JsonNode n = get(name);
        if (n == null) {
            return fallback;
        }
        if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
            throw ApiException.invalidType(path(name), "an integer");
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw ApiException.badRequest("'" + path(name) + "' must be between " + min + " and " + max + ", got " + v, path(name));
        }
        return (int) v;
    }

    Long longValue(String name, Long fallback) {
        JsonNode n = get(name);
        if (n == null) {
            return fallback;
        }
        if (!n.isIntegralNumber()) {
            throw ApiException.invalidType(path(name), "an integer");
        }
        return n.asLong();
    }

    Double number(String name, Double fallback, double min, double max) {
        JsonNode n = get(name);
        if (n == null) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw ApiException.invalidType(path(name), "a number");
        }
        double v = n.asDouble();
        if (!(v >= min && v <= max)) {
            throw ApiException.badRequest("'" + path(name) + "' must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(v), path(name));
        }
        return v;
    }

    /** A string or an array of strings (OpenAI's {@code stop}). */
    List<String> strings(String name, int maxItems) {
        JsonNode n = get(name);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isTextual()) {
            out.add(n.asText());
            return out;
        }
        if (!n.isArray()) {
            throw ApiException.invalidType(path(name), "a string or an array of strings");
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw ApiException.invalidType(path(name), "a string or an array of strings");
            }
            out.add(e.asText());
        }
        if (out.size() > maxItems) {
            throw ApiException.badRequest("'" + path(name) + "' takes at most " + maxItems + " entries, got " + out.size(), path(name));
        }
        return out;
    }

    int[] ints(String name) {
        JsonNode n = get(name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw ApiException.invalidType(path(name), "an array of integers");
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isIntegralNumber()) {
                throw ApiException.invalidType(path(name), "an array of integers");
            }
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
