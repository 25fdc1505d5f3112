package io.infer.engine;

/** Why a generation ended. */
public enum FinishReason {
    /** EOS / end-of-turn token, a stop token id or a stop string. */
    STOP,
    /** max_tokens reached (or the context is full). */
    LENGTH,
    /** The caller cancelled (client disconnected) or the engine shut down. */
    CANCELLED,
    /** The forward pass or a listener failed; {@link GenerationResult#error()} says why. */
    ERROR;

    /** The wire name: {@code stop}, {@code length}, {@code cancelled}, {@code error}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
