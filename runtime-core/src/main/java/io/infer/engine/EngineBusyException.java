package io.infer.engine;

/** The wait queue is full (or the engine is shutting down): the request was not accepted. Retry later. */
public final class EngineBusyException extends RuntimeException {

    public EngineBusyException(String message) {
        super(message);
    }
}
