package io.infer.hip.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

final class VendorHostBuffer extends VendorResource implements HostBuffer {

    private final long address;
    private final long size;
    // Owns the segment's lifetime: closing it before freeing makes later Java access fail instead of reading freed
    // memory. Shared so any thread may fill the buffer.
    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;

    VendorHostBuffer(VendorDevice device, long address, long size) {
        super(device);
        this.address = address;
        this.size = size;
        this.segment = MemorySegment.ofAddress(address).reinterpret(size, arena, null);
    }

    @Override
    public MemorySegment segment() {
        ensureOpen();
        return segment;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    void destroy() {
        arena.close();
        device.hostFree(address);
    }
}
