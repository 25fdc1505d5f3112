package io.infer.hip.driver;

/**
 * Whether a GPU can be used here, and why not.
 *
 * @param ok a driver loaded, initialised and reports at least one device
 * @param vendor {@code cuda} or {@code hip}: the vendor found, or the one whose failure {@code detail} reports first;
 *     {@code none} when no driver library loaded
 * @param detail what was found ("libcuda.so.1 (CUDA 12.8): 1 device; 0: NVIDIA H100 ... (sm_90, ...)") or why
 *     nothing was ("no GPU driver found (tried libcuda.so.1, ...)", "... reports no device (...)")
 */
public record GpuProbe(boolean ok, String vendor, String detail) {

    public static final String NONE = "none";
}
