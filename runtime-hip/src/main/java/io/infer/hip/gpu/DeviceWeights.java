package io.infer.hip.gpu;

import io.infer.gguf.GgufTensor;
import io.infer.hip.driver.Device;
import io.infer.hip.driver.DeviceBuffer;
import io.infer.hip.driver.Event;
import io.infer.hip.driver.HostBuffer;
import io.infer.hip.driver.Stream;
import io.infer.tensor.GgmlType;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A model's tensors in one device buffer, each at a 256-byte aligned offset (the kernels' wide loads need 16), in
 * the GGUF byte layout except for Q6_K ({@link Q6KDeviceLayout}). Uploaded once from the mmapped file through two
 * pinned staging buffers, so reading the next chunk from the file overlaps the copy of the previous one.
 */
final class DeviceWeights {

    private static final long ALIGN = 256;
    private static final long STAGING = 32L << 20;
    private static final int REPACK_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Models above this size report upload progress on stderr. */
    private static final long PROGRESS_ABOVE = 512L << 20;

    private final DeviceBuffer buffer;
    private final Map<GgufTensor, Long> offsets;

    private DeviceWeights(DeviceBuffer buffer, Map<GgufTensor, Long> offsets) {
        this.buffer = buffer;
        this.offsets = offsets;
    }

    /** Bytes the tensors take on the device (each distinct tensor once, aligned). */
    static long deviceBytes(List<GgufTensor> tensors) {
        Map<GgufTensor, Long> seen = new IdentityHashMap<>();
        long total = 0;
        for (GgufTensor t : tensors) {
            if (seen.putIfAbsent(t, total) == null) {
                total = alignUp(total + deviceSize(t));
            }
        }
        return total;
    }

    /** Uploads {@code tensors} (a tensor listed twice, like a tied output, is stored once). */
    static DeviceWeights upload(Device device, Stream stream, List<GgufTensor> tensors, PrintStream progress) {
        Map<GgufTensor, Long> offsets = new IdentityHashMap<>();
        long total = 0;
        for (GgufTensor t : tensors) {
            if (!offsets.containsKey(t)) {
                offsets.put(t, total);
                total = alignUp(total + deviceSize(t));
            }
        }
        DeviceBuffer buffer = device.alloc(Math.max(total, ALIGN));
        boolean report = total > PROGRESS_ABOVE && progress != null;
        long start = System.nanoTime();
        HostBuffer[] staging = {device.allocHost(STAGING), device.allocHost(STAGING)};
        Event[] done = {device.createEvent(), device.createEvent()};
        boolean[] inFlight = new boolean[2];
        try {
            int slot = 0;
            long copied = 0;
            int lastTenth = 0;
            for (Map.Entry<GgufTensor, Long> e : offsets.entrySet()) {
                GgufTensor t = e.getKey();
                MemorySegment src = t.data();
                boolean q6k = t.type() == GgmlType.Q6_K;
                // whole rows per chunk where the device layout differs from the file's
                long inRow = q6k ? Q6KDeviceLayout.fileRowBytes(t.cols()) : 1;
                long outRow = q6k ? Q6KDeviceLayout.rowBytes(t.cols()) : 1;
                long units = q6k ? t.rows() : t.byteSize();
                if (outRow > STAGING) {
                    throw new IllegalArgumentException("tensor " + t.name() + ": rows of " + outRow
                            + " bytes exceed the upload staging buffer");
                }
                long perChunk = STAGING / outRow;
                for (long u = 0; u < units; u += perChunk) {
                    long count = Math.min(perChunk, units - u);
                    long n = count * outRow;
                    if (inFlight[slot]) {
                        done[slot].synchronize();
                    }
                    MemorySegment dst = staging[slot].segment();
                    if (q6k) {
                        // spread over the cores: on one, the 8B model's 1.3 GB of Q6_K made its upload 1.5 s
                        // instead of 0.6 (H100 machine; 1.0-1.9 s spread)
                        long first = u;
                        int parts = (int) Math.min(count, REPACK_THREADS);
                        IntStream.range(0, parts).parallel().forEach(part -> {
                            long r0 = count * part / parts, r1 = count * (part + 1) / parts;
                            Q6KDeviceLayout.repack(src, (first + r0) * inRow, dst, r0 * outRow, (int) (r1 - r0),
                                    t.cols());
                        });
                    } else {
                        MemorySegment.copy(src, u, dst, 0, n);
                    }
                    stream.copyToDevice(dst, buffer, e.getValue() + u * outRow, n);
                    done[slot].record(stream);
                    inFlight[slot] = true;
                    slot ^= 1;
                    copied += n;
                    int tenth = (int) (copied * 10 / total);
                    if (report && tenth > lastTenth) {
                        lastTenth = tenth;
                        progress.printf(Locale.ROOT, "gpu: uploading weights %.2f / %.2f GiB%n", copied / GIB, total / GIB);
                    }
                }
            }
            stream.synchronize();
        } finally {
            for (int i = 0; i < 2; i++) {
                done[i].close();
                staging[i].close();
            }
        }
        if (report) {
            double s = (System.nanoTime() - start) / 1e9;
            progress.printf(Locale.ROOT, "gpu: %.2f GiB of weights on the device in %.1f s (%.2f GiB/s)%n", total / GIB, s,
                    total / GIB / s);
        }
        return new DeviceWeights(buffer, offsets);
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** Bytes of {@code t} on the device (before alignment). */
    static long deviceSize(GgufTensor t) {
        return t.type() == GgmlType.Q6_K ? t.rows() * Q6KDeviceLayout.rowBytes(t.cols()) : t.byteSize();
    }

    /** The device address of {@code t}, which must have been uploaded. */
    long address(GgufTensor t) {
        Long off = offsets.get(t);
        if (off == null) {
            throw new IllegalArgumentException("tensor " + t.name() + " is not on the device");
        }
        return buffer.address() + off;
    }

    long bytes() {
        return buffer.size();
    }

    private static long alignUp(long v) {
        return (v + ALIGN - 1) & -ALIGN;
    }
}
