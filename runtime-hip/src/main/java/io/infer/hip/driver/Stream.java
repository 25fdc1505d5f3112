package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

/** An in-order queue of device work. Copies are asynchronous: host memory must stay valid until synchronised. */
public interface Stream extends AutoCloseable {

    /** Copies {@code bytes} from native host memory (best pinned: {@link HostBuffer}) to {@code dst + dstOffset}. */
    void copyToDevice(MemorySegment host, DeviceBuffer dst, long dstOffset, long bytes);

    /** Copies {@code bytes} from {@code src + srcOffset} to native host memory (best pinned: {@link HostBuffer}). */
    void copyToHost(DeviceBuffer src, long srcOffset, MemorySegment host, long bytes);

    /** Copies {@code bytes} between device buffers. */
    void copyDeviceToDevice(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long bytes);

    /** Sets {@code bytes} bytes at {@code dst + offset} to {@code value}. */
    void fill(DeviceBuffer dst, long offset, long bytes, byte value);

    /** Waits for all work queued on this stream. */
    void synchronize();

    /**
     * Starts recording this stream's work into a graph instead of running it, until {@link #endCapture()}. Capture is
     * thread-local: other threads may keep using the device meanwhile, but this thread must not make calls that are
     * illegal while capturing (synchronous copies, allocation, synchronisation).
     */
    void beginCapture();

    /** Ends the capture started by {@link #beginCapture()} and returns what was recorded. */
    Graph endCapture();

    @Override
    void close();
}
