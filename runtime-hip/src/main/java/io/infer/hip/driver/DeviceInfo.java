package io.infer.hip.driver;

/**
 * What a device is, read without opening it (no context is created).
 *
 * @param vendor {@code cuda} or {@code hip}
 * @param ordinal index among the vendor's devices
 * @param name marketing name
 * @param arch code target: {@code sm_90}, {@code gfx1151}
 * @param totalMemory bytes of device memory
 * @param multiprocessors SMs (NVIDIA) or compute units (AMD)
 * @param maxSharedMemoryPerBlock largest dynamic shared memory per block, with opt-in where the vendor has one
 */
public record DeviceInfo(String vendor, int ordinal, String name, String arch, long totalMemory, int multiprocessors,
        int maxSharedMemoryPerBlock) {

    /** "NVIDIA H100 80GB HBM3 (sm_90, 79.1 GiB, 132 SMs)". */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s (%s, %.1f GiB, %d %s)", name, arch,
                totalMemory / (1024.0 * 1024 * 1024), multiprocessors, vendor.equals("cuda") ? "SMs" : "CUs");
    }
}
