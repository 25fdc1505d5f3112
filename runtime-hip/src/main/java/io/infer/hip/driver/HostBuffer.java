package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

/** Page-locked host memory: copies from and to it run asynchronously and at full bus speed. */
public interface HostBuffer extends AutoCloseable {

    /** The memory, readable and writable from Java until {@link #close()}. */
    MemorySegment segment();

    long size();

    @Override
    void close();
}
