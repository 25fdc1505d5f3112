package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

final class VendorGraph extends VendorResource implements Graph {

    private final MemorySegment handle;

    VendorGraph(VendorDevice device, MemorySegment handle) {
        super(device);
        this.handle = handle;
    }

    @Override
    public GraphExec instantiate() {
        ensureOpen();
        return device.track(new VendorGraphExec(device, device.graphInstantiate(handle)));
    }

    @Override
    void destroy() {
        device.graphDestroy(handle);
    }
}
