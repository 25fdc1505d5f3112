package io.infer.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The server's one ObjectMapper and a few helpers for building responses as trees. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a request body; anything that is not a JSON object is a 400 naming the problem. */
    static ObjectNode parseBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request body is empty: expected a JSON object", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            String msg = e.getMessage();
            int cut = msg == null ? -1 : msg.indexOf("\n at [Source");
            throw ApiException.badRequest("Invalid JSON body: " + (cut > 0 ? msg.substring(0, cut) : msg), null);
        }
        if (!(node instanceof ObjectNode o)) {
            throw ApiException.badRequest("the request body must be a JSON object", null);
        }
        return o;
    }
}
