package io.infer.bench.compare;

import java.util.Arrays;

/**
 * One streamed request as the client saw it.
 *
 * @param error            null when the request succeeded, else why it did not
 * @param promptTokens     as the server counted them (usage, timings.prompt_n, prompt_eval_count); -1 if not said
 * @param completionTokens as the server counted them (usage, timings.predicted_n, eval_count), else the number
 *                         of token chunks received
 * @param tokenNanos       when each token-carrying chunk arrived, nanoseconds after the request was sent
 * @param e2eNanos         request sent → stream ended
 * @param serverTokPerSec  the server's own decode rate (llama {@code timings}, Ollama {@code eval_*}); null when
 *                         the server reports none
 */
public record RequestResult(String error, int promptTokens, int completionTokens, long[] tokenNanos, long e2eNanos,
                            Double serverTokPerSec) {

    public static RequestResult failed(String error, long e2eNanos) {
        return new RequestResult(error, -1, 0, new long[0], e2eNanos, null);
    }

    public boolean ok() {
        return error == null;
    }

    /** Time to first token in nanoseconds; -1 when no token arrived. */
    public long ttftNanos() {
        return tokenNanos.length == 0 ? -1 : tokenNanos[0];
    }

    /** Gaps between consecutive token chunks (what vLLM's benchmark calls ITL), nanoseconds. */
    public long[] itlNanos() {
        long[] gaps = new long[Math.max(0, tokenNanos.length - 1)];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = tokenNanos[i + 1] - tokenNanos[i];
        }
        return gaps;
    }

    /**
     * Decode rate seen by the client: tokens after the first over the time from the first token chunk to the last
     * (prompt processing excluded, like the servers' own rates); null with fewer than two chunks.
     */
    public Double clientDecodeTokPerSec() {
        if (tokenNanos.length < 2 || completionTokens < 2) {
            return null;
        }
        long span = tokenNanos[tokenNanos.length - 1] - tokenNanos[0];
        return span <= 0 ? null : (completionTokens - 1) / (span / 1e9);
    }

    /** Completion tokens over the whole request's wall clock (how the reference guide measures vLLM and LM Studio). */
    public Double e2eTokPerSec() {
        return e2eNanos <= 0 || completionTokens == 0 ? null : completionTokens / (e2eNanos / 1e9);
    }

    /** Time per output token after the first, as vLLM defines it: (e2e − ttft) / (tokens − 1); null below two tokens. */
    public Double tpotMillis() {
        if (completionTokens < 2 || tokenNanos.length == 0) {
            return null;
        }
        return (e2eNanos - tokenNanos[0]) / 1e6 / (completionTokens - 1);
    }

    @Override
    public String toString() {
        return "RequestResult[error=" + error + ", prompt=" + promptTokens + ", completion=" + completionTokens
                + ", chunks=" + tokenNanos.length + ", e2e=" + e2eNanos / 1e6 + " ms, server=" + serverTokPerSec + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestResult r && java.util.Objects.equals(error, r.error) && promptTokens == r.promptTokens
                && completionTokens == r.completionTokens && Arrays.equals(tokenNanos, r.tokenNanos)
                && e2eNanos == r.e2eNanos && java.util.Objects.equals(serverTokPerSec, r.serverTokPerSec);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(error, promptTokens, completionTokens, Arrays.hashCode(tokenNanos), e2eNanos,
                serverTokPerSec);
    }
}
