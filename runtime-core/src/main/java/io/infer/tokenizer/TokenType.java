package io.infer.tokenizer;

/** The GGUF {@code tokenizer.ggml.token_type} values (llama.cpp's {@code llama_token_type}). */
public enum TokenType {
    UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    private static final TokenType[] BY_CODE = values();

    /** The type for a GGUF code; codes outside 0..6 are {@link #UNDEFINED}. */
    public static TokenType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNDEFINED;
    }

    public int code() {
        return ordinal();
    }
}
