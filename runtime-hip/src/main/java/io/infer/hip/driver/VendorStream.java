package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

final class VendorStream extends VendorResource implements Stream {

    final MemorySegment handle;

    VendorStream(VendorDevice device, MemorySegment handle) {
        super(device);
        this.handle = handle;
    }

    /** {@code s} as a stream of {@code device}, open. */
    static VendorStream of(Stream s, VendorDevice device) {
        if (!(s instanceof VendorStream vs) || vs.device != device) {
            throw new IllegalArgumentException("stream " + s + " does not belong to " + device);
        }
        vs.ensureOpen();
        return vs;
    }

    @Override
    public void copyToDevice(MemorySegment host, DeviceBuffer dst, long dstOffset, long bytes) {
        ensureOpen();
        VendorBuffer.checkRange(dst, dstOffset, bytes);
        VendorBuffer.checkHost(host, bytes);
        if (bytes > 0) {
            device.copyHtoDAsync(dst.address() + dstOffset, host, bytes, handle);
        }
    }

    @Override
    public void copyToHost(DeviceBuffer src, long srcOffset, MemorySegment host, long bytes) {
        ensureOpen();
        VendorBuffer.checkRange(src, srcOffset, bytes);
        VendorBuffer.checkHost(host, bytes);
        if (bytes > 0) {
            device.copyDtoHAsync(host, src.address() + srcOffset, bytes, handle);
        }
    }

    @Override
    public void copyDeviceToDevice(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long bytes) {
        ensureOpen();
        VendorBuffer.checkRange(src, srcOffset, bytes);
        VendorBuffer.checkRange(dst, dstOffset, bytes);
        if (bytes > 0) {
            device.copyDtoDAsync(dst.address() + dstOffset, src.address() + srcOffset, bytes, handle);
        }
    }

    @Override
    public void fill(DeviceBuffer dst, long offset, long bytes, byte value) {
        ensureOpen();
        VendorBuffer.checkRange(dst, offset, bytes);
        if (bytes > 0) {
            device.memsetAsync(dst.address() + offset, value, bytes, handle);
        }
    }

    @Override
    public void synchronize() {
        ensureOpen();
        device.streamSynchronize(handle);
    }

    @Override
    public void beginCapture() {
        ensureOpen();
        device.streamBeginCapture(handle);
    }

    @Override
    public Graph endCapture() {
        ensureOpen();
        return device.track(new VendorGraph(device, device.streamEndCapture(handle)));
    }

    @Override
    void destroy() {
        device.streamDestroy(handle);
    }
}
