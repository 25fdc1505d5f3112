package io.infer.hip.driver;

import io.infer.hip.ffi.NativeLibrary;

import java.lang.foreign.MemorySegment;

/** One vendor's driver library: finding it, counting and describing its devices, opening one. */
sealed interface Driver permits CudaDriver, HipDriver {

    /** {@code cuda} or {@code hip}. */
    String vendor();

    /** The shared library behind it (opened on first use). */
    NativeLibrary library();

    /** Loads and initialises the driver and looks for devices; reports every failure in the result, never throws. */
    GpuProbe probe();

    /** Devices the driver reports; throws {@link GpuException} when it cannot initialise. */
    int deviceCount();

    /** Reads what device {@code ordinal} is, without creating a context. */
    DeviceInfo describe(int ordinal);

    /** Opens device {@code ordinal} and makes it current on the calling thread. */
    VendorDevice open(int ordinal);

    /** The NUL-terminated string at the start of {@code buffer} (all of it when there is no NUL). */
    static String cString(MemorySegment buffer) {
        long n = 0;
        while (n < buffer.byteSize() && buffer.get(java.lang.foreign.ValueLayout.JAVA_BYTE, n) != 0) {
            n++;
        }
        return new String(buffer.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Fails with a clear message when the library did not load, instead of an UnsatisfiedLinkError per call. */
    default void requireLibrary() {
        if (!library().isLoaded()) {
            throw new IllegalStateException(
                    library().description() + " not found (tried " + String.join(", ", library().candidates()) + ")");
        }
    }

    default void requireOrdinal(int ordinal) {
        int count = deviceCount();
        if (ordinal < 0 || ordinal >= count) {
            throw new IllegalArgumentException(
                    vendor() + " device " + ordinal + " does not exist (" + count + " device(s))");
        }
    }
}
