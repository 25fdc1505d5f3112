package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

final class VendorGraphExec extends VendorResource implements GraphExec {

    private final MemorySegment handle;

    VendorGraphExec(VendorDevice device, MemorySegment handle) {
        super(device);
        this.handle = handle;
    }

    @Override
    public void launch(Stream s) {
        ensureOpen();
        device.graphLaunch(handle, VendorStream.of(s, device).handle);
    }

    @Override
    void destroy() {
        device.graphExecDestroy(handle);
    }
}
