package io.infer.hip.driver;

/** Something created from a {@link VendorDevice} that must be given back to the driver exactly once. */
abstract sealed class VendorResource implements AutoCloseable
        permits VendorModule, VendorStream, VendorBuffer, VendorHostBuffer, VendorEvent, VendorGraph, VendorGraphExec {

    final VendorDevice device;
    private boolean closed;

    VendorResource(VendorDevice device) {
        this.device = device;
    }

    /** The driver call that frees this resource. */
    abstract void destroy();

    final boolean isClosed() {
        return closed;
    }

    final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName().replace("Vendor", "") + " is closed");
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.forget(this);
        destroy();
    }
}
