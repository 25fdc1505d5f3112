package io.infer.bench.compare;

import java.util.Arrays;

/** What a streamed response has told so far: token arrival times and the counts and rates the server reports. */
final class StreamState {

    private final long start;
    private long[] tokenNanos = new long[64];
    private int chunks;
    private int promptTokens = -1;
    private int completionTokens = -1;
    private Double serverTokPerSec;
    private String error;
    private boolean done;

    StreamState(long startNanos) {
        this.start = startNanos;
    }

    /** A chunk carrying generated text arrived now. */
    void token() {
        long now = System.nanoTime();
        if (chunks == tokenNanos.length) {
            tokenNanos = Arrays.copyOf(tokenNanos, chunks * 2);
        }
        tokenNanos[chunks++] = now - start;
    }

    void promptTokens(int n) {
        promptTokens = n;
    }

    void completionTokens(int n) {
        completionTokens = n;
    }

    void serverTokPerSec(double v) {
        serverTokPerSec = Double.isFinite(v) && v > 0 ? v : null;
    }

    void error(String message) {
        if (error == null) {
            error = message;
        }
    }

    void done() {
        done = true;
    }

    boolean isDone() {
        return done;
    }

    int chunks() {
        return chunks;
    }

    RequestResult finish() {
        long e2e = System.nanoTime() - start;
        String err = error;
        if (err == null && !done) {
            err = "the stream ended before the server said it was done";
        }
        if (err != null) {
            return RequestResult.failed(err, e2e);
        }
        int completion = completionTokens >= 0 ? completionTokens : chunks;
        return new RequestResult(null, promptTokens, completion, Arrays.copyOf(tokenNanos, chunks), e2e, serverTokPerSec);
    }
}
