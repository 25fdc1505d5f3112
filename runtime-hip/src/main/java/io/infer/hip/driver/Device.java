package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

/**
 * One GPU opened through its vendor's driver (CUDA driver API or HIP runtime). Every method makes the device current
 * on the calling thread first, so any thread may call; objects created here are not themselves thread-safe.
 *
 * <p>Closing the device closes what was created from it and is still open (graphs, modules, streams, events,
 * buffers), newest first, then releases the device.
 */
public interface Device extends AutoCloseable {

    /** {@code cuda} or {@code hip}. */
    String vendor();

    /** The device's ordinal among its vendor's devices. */
    int ordinal();

    /** Marketing name ("NVIDIA H100 80GB HBM3", "AMD Radeon Graphics"). */
    String name();

    /** Code target: {@code sm_90} for NVIDIA, {@code gfx1151} for AMD (feature flags like ":xnack-" dropped). */
    String arch();

    /** Device memory in bytes. */
    long totalMemory();

    /** Device memory currently free, in bytes (other processes' allocations included). */
    long freeMemory();

    /** Streaming multiprocessors (NVIDIA) or compute units (AMD). */
    int multiprocessors();

    /** Vendor, ordinal, name, arch, memory and multiprocessors together, as read when the device was opened. */
    DeviceInfo info();

    /** Largest dynamic shared memory one block may use after {@link Kernel#setMaxDynamicSharedMemory(int)}. */
    int maxSharedMemoryPerBlock();

    /** Loads a code image (cubin/fatbin/PTX for CUDA, code object for HIP) held in native memory. */
    Module loadModule(MemorySegment image);

    /** A stream that does not synchronise with the legacy default stream. */
    Stream createStream();

    /** Device memory ({@code cuMemAlloc} / {@code hipMalloc}; never managed memory), not initialised. */
    DeviceBuffer alloc(long bytes);

    /** Page-locked host memory for asynchronous copies ({@code cuMemHostAlloc} / {@code hipHostMalloc}). */
    HostBuffer allocHost(long bytes);

    /** A timing event. */
    Event createEvent();

    /** Waits for all work on the device. */
    void synchronize();

    @Override
    void close();
}
