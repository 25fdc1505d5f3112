package io.infer.api;

import io.infer.engine.FinishReason;
import io.infer.engine.GenerationResult;

/** The result of one generation, with the speeds a user sees. */
public record Completion(String text, FinishReason finishReason, int promptTokens, int completionTokens,
                         double promptTokensPerSecond, double decodeTokensPerSecond) {

    static Completion of(GenerationResult r) {
        return new Completion(r.text(), r.finishReason(), r.promptTokens(), r.completionTokens(),
                r.promptTokensPerSecond(), r.decodeTokensPerSecond());
    }
}
