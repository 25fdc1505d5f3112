package io.infer.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A submitted request: cancel it, or wait for its result. */
public final class Generation {

    private final long id;
    private final GenerationRequest request;
    private final GenerationListener listener;
    private final Engine engine;
    final long submittedNanos;
    private volatile boolean cancelRequested;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    Generation(long id, GenerationRequest request, GenerationListener listener, Engine engine) {
        this.id = id;
        this.request = request;
        this.listener = listener;
        this.engine = engine;
        this.submittedNanos = System.nanoTime();
    }

    public long id() {
        return id;
    }

    public GenerationRequest request() {
        return request;
    }

    /**
     * Stops the generation: a queued request leaves the queue now, a running one within one scheduler step (its
     * slot is freed then). The listener's {@code onFinish} gets {@link FinishReason#CANCELLED}. Idempotent; no
     * effect once finished.
     */
    public void cancel() {
        cancelRequested = true;
        engine.cancelled(this);
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** Completes (never exceptionally) when the generation ends, after the listener's {@code onFinish}. */
    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    /** Waits for the end. */
    public GenerationResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    GenerationListener listener() {
        return listener;
    }

    /** Delivers the result exactly once; false if it was already finished. */
    boolean finish(GenerationResult r) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        try {
            listener.onFinish(r);
        } catch (RuntimeException | Error ignored) {
            // the result still completes: a failing listener must not leave waiters hanging
        } finally {
            result.complete(r);
        }
        return true;
    }
}
