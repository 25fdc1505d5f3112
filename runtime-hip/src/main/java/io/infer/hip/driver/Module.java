package io.infer.hip.driver;

/** A loaded code image; closing it unloads the code, after which its kernels must not be launched. */
public interface Module extends AutoCloseable {

    /** The {@code extern "C"} kernel {@code name}; the same object for the same name. */
    Kernel kernel(String name);

    @Override
    void close();
}
