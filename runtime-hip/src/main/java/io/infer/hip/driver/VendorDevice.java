package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the CUDA and HIP devices share: the {@link Device} methods, written once over the primitive driver calls each
 * vendor implements. Every primitive makes the device current on the calling thread, makes one driver call and turns
 * a failing status into {@link GpuException}; the resource classes ({@link VendorStream}, {@link VendorBuffer}, ...)
 * only call primitives.
 */
abstract sealed class VendorDevice implements Device permits CudaDevice, HipDevice {

    private final DeviceInfo info;
    private final Set<VendorResource> open = new LinkedHashSet<>();
    private boolean closed;

    VendorDevice(DeviceInfo info) {
        this.info = info;
    }

    // ---- primitives: one driver call each; handles are MemorySegments, device addresses are longs

    /** Makes this device current on the calling thread, cheaply when it already is. */
    abstract void makeCurrent();

    abstract long memGetInfoFree();

    abstract void deviceSynchronize();

    abstract MemorySegment moduleLoad(MemorySegment image);

    abstract void moduleUnload(MemorySegment module);

    abstract MemorySegment moduleFunction(MemorySegment module, String name);

    abstract void functionSetMaxDynamicSharedMemory(MemorySegment function, int bytes);

    abstract void launch(MemorySegment function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
            MemorySegment stream, MemorySegment kernelParams);

    /** {@link Kernel#launchDependent}: a plain launch where the vendor or device has no dependent launch. */
    void launchDependent(MemorySegment function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
            MemorySegment stream, MemorySegment kernelParams, MemorySegment config) {
        launch(function, gx, gy, gz, bx, by, bz, sharedBytes, stream, kernelParams);
    }

    abstract long malloc(long bytes);

    abstract void free(long address);

    abstract long hostAlloc(long bytes);

    abstract void hostFree(long address);

    abstract void copyHtoD(long dst, MemorySegment src, long bytes);

    abstract void copyDtoH(MemorySegment dst, long src, long bytes);

    abstract void copyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream);

    abstract void copyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream);

    abstract void copyDtoDAsync(long dst, long src, long bytes, MemorySegment stream);

    abstract void memsetAsync(long dst, byte value, long bytes, MemorySegment stream);

    abstract MemorySegment streamCreate();

    abstract void streamDestroy(MemorySegment stream);

    abstract void streamSynchronize(MemorySegment stream);

    abstract void streamBeginCapture(MemorySegment stream);

    abstract MemorySegment streamEndCapture(MemorySegment stream);

    abstract MemorySegment graphInstantiate(MemorySegment graph);

    abstract void graphLaunch(MemorySegment exec, MemorySegment stream);

    abstract void graphExecDestroy(MemorySegment exec);

    abstract void graphDestroy(MemorySegment graph);

    abstract MemorySegment eventCreate();

    abstract void eventRecord(MemorySegment event, MemorySegment stream);

    abstract void eventSynchronize(MemorySegment event);

    abstract float eventElapsedTime(MemorySegment start, MemorySegment end);

    abstract void eventDestroy(MemorySegment event);

    /** Gives the device back to the driver (CUDA: releases the primary context). */
    abstract void release();

    // ---- Device

    @Override
    public String vendor() {
        return info.vendor();
    }

    @Override
    public int ordinal() {
        return info.ordinal();
    }

    @Override
    public String name() {
        return info.name();
    }

    @Override
    public String arch() {
        return info.arch();
    }

    @Override
    public long totalMemory() {
        return info.totalMemory();
    }

    @Override
    public int multiprocessors() {
        return info.multiprocessors();
    }

    @Override
    public int maxSharedMemoryPerBlock() {
        return info.maxSharedMemoryPerBlock();
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public long freeMemory() {
        ensureOpen();
        return memGetInfoFree();
    }

    @Override
    public Module loadModule(MemorySegment image) {
        ensureOpen();
        if (!image.isNative() || image.byteSize() == 0) {
            throw new IllegalArgumentException("a code image must be non-empty native memory");
        }
        return track(new VendorModule(this, moduleLoad(image)));
    }

    @Override
    public Stream createStream() {
        ensureOpen();
        return track(new VendorStream(this, streamCreate()));
    }

    @Override
    public DeviceBuffer alloc(long bytes) {
        ensureOpen();
        if (bytes <= 0) {
            throw new IllegalArgumentException("allocation size must be positive: " + bytes);
        }
        return track(new VendorBuffer(this, malloc(bytes), bytes));
    }

    @Override
    public HostBuffer allocHost(long bytes) {
        ensureOpen();
        if (bytes <= 0) {
            throw new IllegalArgumentException("allocation size must be positive: " + bytes);
        }
        return track(new VendorHostBuffer(this, hostAlloc(bytes), bytes));
    }

    @Override
    public Event createEvent() {
        ensureOpen();
        return track(new VendorEvent(this, eventCreate()));
    }

    @Override
    public void synchronize() {
        ensureOpen();
        deviceSynchronize();
    }

    @Override
    public void close() {
        List<VendorResource> children;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            children = new ArrayList<>(open);
        }
        GpuException first = null;
        for (VendorResource r : children.reversed()) {
            try {
                r.close();
            } catch (GpuException e) {
                // keep freeing: a failed destroy must not leak everything created before it
                if (first == null) {
                    first = e;
                }
            }
        }
        release();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return info.vendor() + ":" + info.ordinal() + " " + info.summary();
    }

    // ---- resource bookkeeping

    synchronized <R extends VendorResource> R track(R resource) {
        open.add(resource);
        return resource;
    }

    synchronized void forget(VendorResource resource) {
        open.remove(resource);
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("device " + info.vendor() + ":" + info.ordinal() + " is closed");
        }
    }
}
