package io.infer.hip.gpu;

import io.infer.backend.Backend;
import io.infer.backend.ForwardPass;
import io.infer.hip.driver.Device;
import io.infer.hip.driver.DeviceInfo;
import io.infer.hip.driver.Gpu;
import io.infer.hip.driver.GpuProbe;
import io.infer.hip.driver.Module;
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
            DeviceInfo device = Gpu.devices(probe.vendor()).get(deviceOrdinal());
            KernelImages images = KernelImages.onClassPath();
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
        // Once GpuForwardPass (written with the kernels) is in the tree, this becomes:
        //   Device device = openDevice(); return new GpuForwardPass(device, loadKernels(device), model, ...);
        throw new UnsupportedOperationException("GPU forward pass not built yet");
    }

    /** Opens the device this backend runs on. */
    public static Device openDevice() {
        return Gpu.open(deviceOrdinal());
    }

    /** Loads this jar's kernel image for {@code device}; the module belongs to the device and closes with it. */
    public static Module loadKernels(Device device) {
        KernelImages images = KernelImages.onClassPath();
        String image = images.imageFor(device.info()).orElseThrow(() -> new IllegalStateException(
                "device " + device.arch() + " has no code in this build (built for: " + images.describeTargets() + ")"));
        byte[] bytes = KernelImages.read(KERNEL_DIR + image);
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
     * The kernel images in the jar and the devices each can run.
     *
     * <p>{@code io/infer/kernels/index.txt}, when present, lists one image per line: its file name, then optionally
     * the targets it holds ({@code sm_80}, {@code compute_80}, {@code gfx1151}), separated by spaces or commas;
     * {@code #} starts a comment. Without targets, or without an index, targets follow from the name: an
     * {@code infer-gfxNNNN.hsaco} runs on that gfx target, and {@code infer.fatbin} on any NVIDIA device from
     * {@code sm_80} on (it carries {@code compute_80} PTX, which the driver compiles for newer devices).
     */
    record KernelImages(List<Entry> entries) {

        static final String CUDA_IMAGE = "infer.fatbin";
        static final String INDEX = "index.txt";
        /** The compute capability the PTX in an undescribed {@code infer.fatbin} targets. */
        static final int DEFAULT_PTX_CAPABILITY = 80;
        /** gfx targets probed by resource name when the jar has no index. */
        static final List<String> KNOWN_GFX = List.of("gfx900", "gfx906", "gfx908", "gfx90a", "gfx940", "gfx941",
                "gfx942", "gfx950", "gfx1010", "gfx1030", "gfx1031", "gfx1032", "gfx1100", "gfx1101", "gfx1102",
                "gfx1103", "gfx1150", "gfx1151", "gfx1152", "gfx1200", "gfx1201");

        /** One image file and the targets it declares (empty: derive them from the name). */
        record Entry(String file, List<String> targets) {}

        static KernelImages onClassPath() {
            if (exists(KERNEL_DIR + INDEX)) {
                return parse(new String(read(KERNEL_DIR + INDEX), StandardCharsets.UTF_8));
            }
            List<Entry> found = new ArrayList<>();
            if (exists(KERNEL_DIR + CUDA_IMAGE)) {
                found.add(new Entry(CUDA_IMAGE, List.of()));
            }
            for (String gfx : KNOWN_GFX) {
                String file = "infer-" + gfx + ".hsaco";
                if (exists(KERNEL_DIR + file)) {
                    found.add(new Entry(file, List.of()));
                }
            }
            return new KernelImages(List.copyOf(found));
        }

        static KernelImages parse(String index) {
            List<Entry> entries = new ArrayList<>();
            for (String line : index.split("\n")) {
                int hash = line.indexOf('#');
                String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (content.isEmpty()) {
                    continue;
                }
                String[] words = content.split("[\\s,]+");
                entries.add(new Entry(words[0], List.of(words).subList(1, words.length)));
            }
            return new KernelImages(List.copyOf(entries));
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

        /** 90 for ("sm_90", "sm_"); -1 when {@code target} is not the prefix and digits only ("sm_90a"). */
        private static int capability(String target, String prefix) {
            String digits = target.startsWith(prefix) ? target.substring(prefix.length()) : "";
            return !digits.isEmpty() && digits.chars().allMatch(Character::isDigit) ? Integer.parseInt(digits) : -1;
        }

        /** "sm_80+ (PTX), gfx1151", or "nothing (no kernel images in the jar)". */
        String describeTargets() {
            Set<String> all = new LinkedHashSet<>();
            for (Entry e : entries) {
                for (String t : targets(e)) {
                    all.add(t.startsWith("compute_") ? "sm_" + t.substring(8) + "+ (PTX)" : t);
                }
            }
            return all.isEmpty() ? "nothing (no kernel images in the jar)" : String.join(", ", all);
        }

        private static List<String> targets(Entry e) {
            if (!e.targets().isEmpty()) {
                return e.targets();
            }
            if (e.file().equals(CUDA_IMAGE)) {
                return List.of("compute_" + DEFAULT_PTX_CAPABILITY);
            }
            if (e.file().startsWith("infer-") && e.file().endsWith(".hsaco")) {
                return List.of(e.file().substring("infer-".length(), e.file().length() - ".hsaco".length()));
            }
            return List.of();
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
