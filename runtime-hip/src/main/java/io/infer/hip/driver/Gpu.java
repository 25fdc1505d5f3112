package io.infer.hip.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry point: finds a GPU driver that loads and reports a device, and opens devices through it.
 *
 * <p>The CUDA driver API ({@code libcuda.so.1}) is tried first, then the HIP runtime ({@code libamdhip64.so}). A
 * machine has one or the other in practice; where both load, the system property {@value #VENDOR_PROPERTY}
 * ({@code cuda} or {@code hip}) picks one. Nothing here throws for a missing driver or device: {@link #probe()} says
 * why, and {@link #open(int)} throws {@link IllegalStateException} with the same text.
 */
public final class Gpu {

    /** System property naming the only vendor to try: {@code cuda} or {@code hip}. */
    public static final String VENDOR_PROPERTY = "infer.gpu.vendor";

    private static final List<Driver> DRIVERS = List.of(CudaDriver.INSTANCE, HipDriver.INSTANCE);

    private Gpu() {}

    /** The first vendor (CUDA, then HIP, or only {@value #VENDOR_PROPERTY}) whose driver loads and finds a device. */
    public static GpuProbe probe() {
        List<String> failures = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        String firstVendor = GpuProbe.NONE;
        for (Driver driver : drivers()) {
            if (!driver.library().isLoaded()) {
                tried.addAll(driver.library().candidates());
                continue;
            }
            GpuProbe p = driver.probe();
            if (p.ok()) {
                return p;
            }
            if (failures.isEmpty()) {
                firstVendor = p.vendor();
            }
            failures.add(p.detail());
        }
        if (failures.isEmpty()) {
            return new GpuProbe(false, GpuProbe.NONE, "no GPU driver found (tried " + String.join(", ", tried) + ")");
        }
        if (!tried.isEmpty()) {
            failures.add("not found: " + String.join(", ", tried));
        }
        return new GpuProbe(false, firstVendor, String.join("; ", failures));
    }

    /** Probes one vendor ({@code cuda} or {@code hip}) only, whatever {@value #VENDOR_PROPERTY} says. */
    public static GpuProbe probe(String vendor) {
        return driver(vendor).probe();
    }

    /** Opens device {@code ordinal} of the vendor {@link #probe()} finds. */
    public static Device open(int ordinal) {
        GpuProbe p = probe();
        if (!p.ok()) {
            throw new IllegalStateException(p.detail());
        }
        return driver(p.vendor()).open(ordinal);
    }

    /** Opens device {@code ordinal} of {@code vendor} ({@code cuda} or {@code hip}). */
    public static Device open(String vendor, int ordinal) {
        return driver(vendor).open(ordinal);
    }

    /**
     * Describes {@code vendor}'s devices without opening them (no context is created).
     *
     * @throws GpuException when the driver loads but cannot count its devices
     */
    public static List<DeviceInfo> devices(String vendor) {
        Driver driver = driver(vendor);
        int count = driver.deviceCount();
        List<DeviceInfo> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            devices.add(driver.describe(i));
        }
        return List.copyOf(devices);
    }

    private static List<Driver> drivers() {
        String only = System.getProperty(VENDOR_PROPERTY);
        return only == null || only.isBlank() ? DRIVERS : List.of(driver(only.trim()));
    }

    private static Driver driver(String vendor) {
        for (Driver d : DRIVERS) {
            if (d.vendor().equalsIgnoreCase(vendor)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown GPU vendor \"" + vendor + "\" (cuda or hip)");
    }
}
