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
     * Like {@link #launch}, but the kernel may start while the launch before it on {@code s} still runs
     * (programmatic dependent launch: CUDA on compute capability 9.0 and up; elsewhere exactly {@code launch}). The
     * kernel must itself wait for that launch's results before reading them (compat.h's grid_dependency_wait); it
     * starts early only where that launch lets it (grid_dependents_launch). A captured graph keeps the overlap.
     */
    void launchDependent(Stream s, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, KernelArgs args);

    /**
     * Allows launches with up to {@code bytes} of dynamic shared memory (CUDA needs this above 48 KiB; HIP has no
     * opt-in and only checks the device limit).
     */
    void setMaxDynamicSharedMemory(int bytes);
}
