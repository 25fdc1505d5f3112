package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

/** Device memory. Its address is only meaningful on the device (kernel arguments, copies). */
public interface DeviceBuffer extends AutoCloseable {

    long address();

    long size();

    /** Synchronous copy from host memory (pageable is fine, e.g. mmapped weights) to {@code address() + offset}. */
    void copyFromHost(MemorySegment host, long offset);

    /** Synchronous copy from {@code address() + offset} to host memory, filling {@code host}. */
    void copyToHost(long offset, MemorySegment host);

    @Override
    void close();
}
