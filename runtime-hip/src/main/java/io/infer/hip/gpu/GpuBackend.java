package io.infer.hip.gpu;

import io.infer.backend.Backend;
import io.infer.backend.ForwardPass;
import io.infer.hip.driver.Device;
import io.infer.hip.driver.DeviceInfo;
import io.infer.hip.driver.Gpu;
import io.infer.hip.driver.GpuProbe;
import io.infer.hip.driver.Module;
import io.infer.kernels.KernelImages;
import io.infer.model.Qwen3Model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The GPU backend: NVIDIA through the CUDA driver API or AMD through HIP, whichever {@link Gpu#probe()} finds, running
 * the kernels packed into the jar under {@code io/infer/kernels/}. Registered with {@link java.util.ServiceLoader}.
 *
 * <p>The device is ordinal 0 unless the system property {@value #DEVICE_PROPERTY} names another; the vendor can be
 * forced with {@value Gpu#VENDOR_PROPERTY}.
 */
public final class GpuBackend implements Backend {

    /** System property: ordinal of the device to use (default 0). */
    public static final String DEVICE_PROPERTY = "infer.gpu.device";

    static final String KERNEL_DIR = "io/infer/kernels/";

    private volatile Availability availability;

    @Override
    public String name() {
        return "gpu";
    }

    /** Probes once per instance: loading a driver and initialising it takes a noticeable fraction of a second. */
    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = probe();
            availability = a;
        }
        return a;
    }

    private static Availability probe() {
        try {
            GpuProbe probe = Gpu.probe();
            if (!probe.ok()) {
                return Availability.no(probe.detail());
            }
            List<DeviceInfo> devices = Gpu.devices(probe.vendor());
            int ordinal = deviceOrdinal();
            if (ordinal < 0 || ordinal >= devices.size()) {
                return Availability.no(DEVICE_PROPERTY + "=" + ordinal + " but " + probe.vendor() + " reports "
                        + devices.size() + " device(s)");
            }
            DeviceInfo device = devices.get(ordinal);
            KernelIndex images = KernelIndex.onClassPath();
            Optional<String> image = images.imageFor(device);
            if (image.isEmpty()) {
                return Availability.no("device " + device.arch() + " has no code in this build (built for: "
                        + images.describeTargets() + ")");
            }
            return Availability.yes(device.vendor() + ":" + device.ordinal() + " " + device.summary() + ", kernels "
                    + image.get());
        } catch (RuntimeException | LinkageError e) {
            // A driver that loads but misbehaves must not take the process down with it: the CPU backend remains.
            return Availability.no("GPU probe failed: " + e);
        }
    }

    @Override
    public ForwardPass open(Qwen3Model model, int maxSequences, int contextLength) {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("gpu backend is not available: " + a.detail());
        }
        Device device = openDevice();
        try {
            // the pass owns the device (and the module loaded into it) and closes both
            return new GpuForwardPass(device, loadKernels(device), model, maxSequences, contextLength);
        } catch (RuntimeException | Error e) {
            device.close();
            throw e;
        }
    }

    /** Opens the device this backend runs on. */
    public static Device openDevice() {
        return Gpu.open(deviceOrdinal());
    }

    /** Loads this jar's kernel image for {@code device}; the module belongs to the device and closes with it. */
    public static Module loadKernels(Device device) {
        KernelIndex images = KernelIndex.onClassPath();
        String image = images.imageFor(device.info()).orElseThrow(() -> new IllegalStateException(
                "device " + device.arch() + " has no code in this build (built for: " + images.describeTargets() + ")"));
        byte[] bytes = KernelIndex.read(KERNEL_DIR + image);
        // The driver copies (or JIT-compiles) the image during the load, so the native copy lives only that long.
        try (Arena arena = Arena.ofConfined()) {
            // One trailing NUL: a PTX image must be a C string; for binary images it is ignored.
            MemorySegment segment = arena.allocate(bytes.length + 1L, 16);
            MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
            return device.loadModule(segment);
        }
    }

    private static int deviceOrdinal() {
        return Integer.getInteger(DEVICE_PROPERTY, 0);
    }

    /**
     * The kernel images in the jar and the devices each can run, read from {@code io/infer/kernels/index.txt}, which
     * {@code kernels/build.sh} writes: {@code file <name> <nvidia|amd> <target>...} per image ({@code sm_90},
     * {@code compute_80}, {@code gfx1151}), {@code kernel <name>} per entry point, {@code #} comments. Without an
     * index the jar is probed for {@link KernelImages#fileFor} names; targets then follow from the name: an
     * {@code infer-gfxNNNN.hsaco} runs on that target, {@code infer.fatbin} on NVIDIA from {@code sm_80} on (through
     * its {@code compute_80} PTX).
     */
    record KernelIndex(List<Entry> entries) {

        /** The compute capability of the PTX an undescribed {@code infer.fatbin} carries. */
        static final int DEFAULT_PTX_CAPABILITY = 80;

        /** One image file and the targets it declares (empty: derive them from the name). */
        record Entry(String file, List<String> targets) {}

        static KernelIndex onClassPath() {
            if (exists(KERNEL_DIR + KernelImages.INDEX)) {
                return parse(new String(read(KERNEL_DIR + KernelImages.INDEX), StandardCharsets.UTF_8));
            }
            List<Entry> found = new ArrayList<>();
            for (String arch : concat(List.of("sm_80"), KernelImages.AMD_ARCHS)) {
                String file = KernelImages.fileFor(arch);
                if (exists(KERNEL_DIR + file)) {
                    found.add(new Entry(file, List.of()));
                }
            }
            return new KernelIndex(List.copyOf(found));
        }

        static KernelIndex parse(String index) {
            List<Entry> entries = new ArrayList<>();
            for (String line : index.split("\n")) {
                int hash = line.indexOf('#');
                String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("[\\s,]+");
                if (words.length >= 2 && words[0].equals("file")) {
                    List<String> targets = new ArrayList<>(List.of(words).subList(2, words.length));
                    targets.removeAll(List.of("nvidia", "amd"));  // the vendor word before the targets
                    entries.add(new Entry(words[1], List.copyOf(targets)));
                }
            }
            return new KernelIndex(List.copyOf(entries));
        }

        /** The image that runs on {@code device}: an exact target first, then PTX the driver can compile. */
        Optional<String> imageFor(DeviceInfo device) {
            String arch = device.arch();
            for (Entry e : entries) {
                if (targets(e).contains(arch)) {
                    return Optional.of(e.file());
                }
            }
            int capability = capability(arch, "sm_");
            if (device.vendor().equals("cuda") && capability > 0) {
                for (Entry e : entries) {
                    for (String t : targets(e)) {
                        int ptx = capability(t, "compute_");
                        if (ptx > 0 && ptx <= capability) {
                            return Optional.of(e.file());
                        }
                    }
                }
            }
            return Optional.empty();
        }

        /** "sm_80, sm_90, sm_80+ (PTX), gfx1151", or "nothing (no kernel images in the jar)". */
        String describeTargets() {
            Set<String> all = new LinkedHashSet<>();
            for (Entry e : entries) {
                for (String t : targets(e)) {
                    all.add(t.startsWith("compute_") ? "sm_" + t.substring(8) + "+ (PTX)" : t);
                }
            }
            return all.isEmpty() ? "nothing (no kernel images in the jar)" : String.join(", ", all);
        }

        /** 90 for ("sm_90", "sm_"); -1 when {@code target} is not the prefix and digits only ("sm_90a"). */
        private static int capability(String target, String prefix) {
            String digits = target.startsWith(prefix) ? target.substring(prefix.length()) : "";
            return !digits.isEmpty() && digits.chars().allMatch(Character::isDigit) ? Integer.parseInt(digits) : -1;
        }

        private static List<String> targets(Entry e) {
            if (!e.targets().isEmpty()) {
                return e.targets();
            }
            if (e.file().equals(KernelImages.FATBIN)) {
                return List.of("compute_" + DEFAULT_PTX_CAPABILITY);
            }
            if (e.file().startsWith("infer-") && e.file().endsWith(".hsaco")) {
                return List.of(e.file().substring("infer-".length(), e.file().length() - ".hsaco".length()));
            }
            return List.of();
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        private static boolean exists(String resource) {
            return GpuBackend.class.getClassLoader().getResource(resource) != null;
        }

        static byte[] read(String resource) {
            try (InputStream in = GpuBackend.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is not on the class path");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + resource, e);
            }
        }
    }
}
