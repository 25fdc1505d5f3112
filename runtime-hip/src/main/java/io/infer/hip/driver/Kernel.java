package io.infer.hip.driver;

/**
 * One kernel of a loaded {@link Module}. Launching allocates nothing: arguments come from a reused
 * {@link KernelArgs}.
 */
public interface Kernel {

    /** The kernel's symbol name. */
    String name();

    /** Enqueues the kernel on {@code s} with a grid of {@code gx*gy*gz} blocks of {@code bx*by*bz} threads. */
    void launch(Stream s, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, KernelArgs args);

    /**
     * Allows launches with up to {@code bytes} of dynamic shared memory (CUDA needs this above 48 KiB; HIP has no
     * opt-in and only checks the device limit).
     */
    void setMaxDynamicSharedMemory(int bytes);
}
