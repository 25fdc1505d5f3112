package io.infer.hip.driver;

/** A marker in a stream, for waiting and timing. */
public interface Event extends AutoCloseable {

    /** Marks the point reached by the work queued so far on {@code s}. */
    void record(Stream s);

    /** Waits until the recorded point is reached. */
    void synchronize();

    /** Milliseconds between {@code start} and this event; both must have been recorded and reached. */
    float elapsedMillis(Event start);

    @Override
    void close();
}
