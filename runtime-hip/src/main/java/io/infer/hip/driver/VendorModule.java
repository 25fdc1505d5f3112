package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

final class VendorModule extends VendorResource implements Module {

    final MemorySegment handle;
    private final Map<String, VendorKernel> kernels = new HashMap<>();

    VendorModule(VendorDevice device, MemorySegment handle) {
        super(device);
        this.handle = handle;
    }

    @Override
    public Kernel kernel(String name) {
        ensureOpen();
        VendorKernel k = kernels.get(name);
        if (k == null) {
            k = new VendorKernel(this, name, device.moduleFunction(handle, name));
            kernels.put(name, k);
        }
        return k;
    }

    @Override
    void destroy() {
        device.moduleUnload(handle);
    }
}
