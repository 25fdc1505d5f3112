package io.infer.hip.gpu;

import io.infer.gguf.GgufTensor;
import io.infer.hip.driver.Device;
import io.infer.hip.driver.DeviceBuffer;
import io.infer.hip.driver.Event;
import io.infer.hip.driver.HostBuffer;
import io.infer.hip.driver.Stream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's tensors in one device buffer, each at a 256-byte aligned offset (the kernels' wide loads need 16), in
 * the GGUF byte layout. Uploaded once from the mmapped file through two pinned staging buffers, so reading the next
 * chunk from the file overlaps the copy of the previous one.
 */
final class DeviceWeights {

    private static final long ALIGN = 256;
    private static final long STAGING = 32L << 20;
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
                total = alignUp(total + t.byteSize());
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
                total = alignUp(total + t.byteSize());
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
                MemorySegment src = e.getKey().data();
                long size = e.getKey().byteSize();
                for (long off = 0; off < size; off += STAGING) {
                    long n = Math.min(STAGING, size - off);
                    if (inFlight[slot]) {
                        done[slot].synchronize();
                    }
                    MemorySegment.copy(src, off, staging[slot].segment(), 0, n);
                    stream.copyToDevice(staging[slot].segment(), buffer, e.getValue() + off, n);
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
