package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

final class VendorBuffer extends VendorResource implements DeviceBuffer {

    private final long address;
    private final long size;

    VendorBuffer(VendorDevice device, long address, long size) {
        super(device);
        this.address = address;
        this.size = size;
    }

    @Override
    public long address() {
        ensureOpen();
        return address;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void copyFromHost(MemorySegment host, long offset) {
        ensureOpen();
        checkRange(this, offset, host.byteSize());
        checkHost(host, host.byteSize());
        if (host.byteSize() > 0) {
            device.copyHtoD(address + offset, host, host.byteSize());
        }
    }

    @Override
    public void copyToHost(long offset, MemorySegment host) {
        ensureOpen();
        checkRange(this, offset, host.byteSize());
        checkHost(host, host.byteSize());
        if (host.byteSize() > 0) {
            device.copyDtoH(host, address + offset, host.byteSize());
        }
    }

    @Override
    void destroy() {
        device.free(address);
    }

    @Override
    public String toString() {
        return "DeviceBuffer[0x" + Long.toHexString(address) + ", " + size + " bytes]";
    }

    static void checkRange(DeviceBuffer b, long offset, long bytes) {
        if (offset < 0 || bytes < 0 || offset > b.size() - bytes) {
            throw new IndexOutOfBoundsException(
                    "bytes [" + offset + ", " + offset + " + " + bytes + ") outside a buffer of " + b.size());
        }
    }

    static void checkHost(MemorySegment host, long bytes) {
        if (!host.isNative()) {
            throw new IllegalArgumentException("host memory for a device copy must be native, not a heap segment");
        }
        if (host.byteSize() < bytes) {
            throw new IndexOutOfBoundsException(bytes + " bytes requested from a host segment of " + host.byteSize());
        }
    }
}
