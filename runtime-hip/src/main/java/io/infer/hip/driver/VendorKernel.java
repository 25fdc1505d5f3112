package io.infer.hip.driver;

import java.lang.foreign.MemorySegment;

final class VendorKernel implements Kernel {

    private final VendorModule module;
    private final String name;
    private final MemorySegment function;

    VendorKernel(VendorModule module, String name, MemorySegment function) {
        this.module = module;
        this.name = name;
        this.function = function;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void launch(Stream s, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, KernelArgs args) {
        VendorStream stream = checkLaunch(s, gx, gy, gz, bx, by, bz, sharedBytes);
        module.device.launch(function, gx, gy, gz, bx, by, bz, sharedBytes, stream.handle, args.kernelParams());
    }

    @Override
    public void launchDependent(Stream s, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
            KernelArgs args) {
        VendorStream stream = checkLaunch(s, gx, gy, gz, bx, by, bz, sharedBytes);
        module.device.launchDependent(function, gx, gy, gz, bx, by, bz, sharedBytes, stream.handle,
                args.kernelParams(), args.launchConfig());
    }

    private VendorStream checkLaunch(Stream s, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes) {
        module.ensureOpen();
        if (gx <= 0 || gy <= 0 || gz <= 0 || bx <= 0 || by <= 0 || bz <= 0 || sharedBytes < 0) {
            throw new IllegalArgumentException(name + ": bad launch geometry grid=" + gx + "x" + gy + "x" + gz
                    + " block=" + bx + "x" + by + "x" + bz + " shared=" + sharedBytes);
        }
        return VendorStream.of(s, module.device);
    }

    @Override
    public void setMaxDynamicSharedMemory(int bytes) {
        module.ensureOpen();
        if (bytes < 0 || bytes > module.device.maxSharedMemoryPerBlock()) {
            throw new IllegalArgumentException(name + ": " + bytes + " bytes of shared memory; the device allows "
                    + module.device.maxSharedMemoryPerBlock());
        }
        module.device.functionSetMaxDynamicSharedMemory(function, bytes);
    }

    @Override
    public String toString() {
        return name;
    }
}
