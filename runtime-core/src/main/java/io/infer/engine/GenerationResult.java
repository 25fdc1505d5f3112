package io.infer.engine;

/**
 * The outcome and statistics of one generation.
 *
 * @param text             the whole output text (what {@link GenerationListener#onText} delivered)
 * @param tokens           the output token ids (end-of-generation / stop tokens excluded)
 * @param promptTokens     prompt length in tokens
 * @param completionTokens generated tokens counted for usage: output tokens plus a final EOS/stop token
 * @param stopString       the stop string that ended the output, or null
 * @param queueNanos       time from submission to admission into a slot
 * @param promptNanos      prompt processing time (admission to the first sampled token)
 * @param decodeNanos      time from the first sampled token to the end
 * @param error            why it failed, for {@link FinishReason#ERROR}; otherwise null
 */
public record GenerationResult(
        FinishReason finishReason,
        String text,
        int[] tokens,
        int promptTokens,
        int completionTokens,
        String stopString,
        long queueNanos,
        long promptNanos,
        long decodeNanos,
        Throwable error) {

    public double promptMillis() {
        return promptNanos / 1e6;
    }

    public double decodeMillis() {
        return decodeNanos / 1e6;
    }

    /** Time to first token: queueing plus prompt processing. */
    public long timeToFirstTokenNanos() {
        return queueNanos + promptNanos;
    }

    /** Decode throughput over the tokens generated after the first one (which the prompt pass produced). */
    public double decodeTokensPerSecond() {
        return decodeNanos <= 0 || completionTokens <= 1 ? 0 : (completionTokens - 1) / (decodeNanos / 1e9);
    }

    public double promptTokensPerSecond() {
        return promptNanos <= 0 ? 0 : promptTokens / (promptNanos / 1e9);
    }
}
