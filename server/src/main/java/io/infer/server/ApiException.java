package io.infer.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered to the client: HTTP status plus the OpenAI error fields ({@code message}, {@code type},
 * {@code param}, {@code code}) and any extra fields (llama-server's {@code n_prompt_tokens}/{@code n_ctx}).
 * Ollama routes render only the message.
 */
final class ApiException extends RuntimeException {

    final int status;
    final String type;
    final String param;
    final String code;
    final Map<String, Object> extra = new LinkedHashMap<>();

    ApiException(int status, String message, String type, String param, String code) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    ApiException with(String key, Object value) {
        extra.put(key, value);
        return this;
    }

    /** 400: a malformed or invalid request field. */
    static ApiException badRequest(String message, String param) {
        return new ApiException(400, message, "invalid_request_error", param, param == null ? null : "invalid_value");
    }

    static ApiException invalidType(String field, String expected) {
        return new ApiException(400, "'" + field + "' must be " + expected, "invalid_request_error", field, "invalid_type");
    }

    static ApiException missing(String field) {
        return new ApiException(400, "'" + field + "' is required", "invalid_request_error", field, "missing_required_parameter");
    }

    static ApiException modelNotFound(String model) {
        return new ApiException(404, "The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error", "model", "model_not_found");
    }

    static ApiException busy(String message) {
        return new ApiException(503, message, "unavailable_error", null, "server_busy");
    }

    static ApiException loading() {
        return new ApiException(503, "Loading model", "unavailable_error", null, "model_loading");
    }
}
