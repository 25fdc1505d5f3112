package io.infer.gguf;

import java.io.IOException;

/** A GGUF file that cannot be read: corrupt, truncated, hostile or of an unsupported version. */
public final class GgufException extends IOException {

    public GgufException(String message) {
        super(message);
    }

    static GgufException at(String field, long offset, String problem) {
        return new GgufException("invalid GGUF: " + field + " at byte offset " + offset + ": " + problem);
    }
}
