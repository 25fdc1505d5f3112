package io.infer.engine;

/**
 * Receives one generation's output. All calls come from the engine's scheduler thread (except {@code onFinish} of
 * a request cancelled while still queued, which comes from the cancelling thread), in order, and must return
 * quickly: a slow listener stalls every sequence in the batch. Hand the work to another thread (the server
 * queues events for the HTTP thread). An exception thrown here ends that generation with
 * {@link FinishReason#ERROR}; the others continue.
 */
public interface GenerationListener {

    /** The request left the queue and got a slot; prompt processing starts. */
    default void onAdmitted() {
    }

    /**
     * A generated output token (not an end-of-generation or stop token), in order, before the text it contributes
     * is released through {@link #onText}. {@code logprob} is null unless the request asked for logprobs.
     */
    default void onToken(int token, TokenLogprob logprob) {
    }

    /**
     * Output text that is now final: whole characters only, with stop strings (and anything after them) removed.
     * Text that could still turn out to be the start of a stop string is held back until it cannot. Never empty.
     */
    default void onText(String text) {
    }

    /** Called exactly once, last. */
    void onFinish(GenerationResult result);
}
