package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

final class VendorEvent extends VendorResource implements Event {

    final MemorySegment handle;

    VendorEvent(VendorDevice device, MemorySegment handle) {
        super(device);
        this.handle = handle;
    }

    @Override
    public void record(Stream s) {
        ensureOpen();
        device.eventRecord(handle, VendorStream.of(s, device).handle);
    }

    @Override
    public void synchronize() {
        ensureOpen();
        device.eventSynchronize(handle);
    }

    @Override
    public float elapsedMillis(Event start) {
        ensureOpen();
        if (!(start instanceof VendorEvent s) || s.device != device) {
            throw new IllegalArgumentException("event " + start + " does not belong to " + device);
        }
        s.ensureOpen();
        return device.eventElapsedTime(s.handle, handle);
    }

    @Override
    void destroy() {
        device.eventDestroy(handle);
    }
}
