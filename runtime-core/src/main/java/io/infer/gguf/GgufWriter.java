package io.infer.gguf;

import io.infer.tensor.GgmlType;
import io.infer.util.Progress;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF v3 files: metadata, then tensor infos, then aligned tensor data filled in place through a writable
 * mapping (so multi-gigabyte files are written without heap copies). The file is written to a temporary sibling
 * and moved into place at the end, so a failed write never leaves a half-written model under the target name.
 */
public final class GgufWriter {

    /** Writes the bytes of one tensor into {@code dst} (exactly the tensor's byte size). */
    @FunctionalInterface
    public interface TensorData {
        void fill(MemorySegment dst);
    }

    private record Entry(GgufValueType type, Object value) {
    }

    private record PendingTensor(String name, GgmlType type, long[] shape, TensorData data) {
        long byteSize() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return type.byteSize(n);
        }
    }

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Map<String, Entry> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufWriter putInt32(String key, long value) {
        return put(key, GgufValueType.INT32, value);
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    public GgufWriter putArray(String key, GgufArray value) {
        return put(key, GgufValueType.ARRAY, value);
    }

    /**
     * Any value as {@link GgufFile} returns it: integers as Long (written with {@code type}'s width), Float,
     * Double, Boolean, String, GgufArray.
     */
    public GgufWriter put(String key, GgufValueType type, Object value) {
        metadata.put(key, new Entry(type, value));
        return this;
    }

    /** Copies every metadata key of {@code source} whose name starts with {@code prefix}, keeping its type. */
    public GgufWriter copyMetadata(GgufFile source, String prefix) {
        for (Map.Entry<String, Object> e : source.metadata().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                put(e.getKey(), source.typeOf(e.getKey()), e.getValue());
            }
        }
        return this;
    }

    public GgufWriter addTensor(String name, GgmlType type, long[] shape, TensorData data) {
        tensors.add(new PendingTensor(name, type, shape.clone(), data));
        return this;
    }

    public long tensorDataBytes() {
        long total = 0;
        for (PendingTensor t : tensors) {
            total = GgufFile.alignUp(total, GgufFile.DEFAULT_ALIGNMENT) + t.byteSize();
        }
        return total;
    }

    public void write(Path target) throws IOException {
        write(target, Progress.NONE);
    }

    public void write(Path target, Progress progress) throws IOException {
        long alignment = metadata.containsKey("general.alignment")
                ? (Long) metadata.get("general.alignment").value() : GgufFile.DEFAULT_ALIGNMENT;
        long headerSize = 4 + 4 + 8 + 8;
        for (Map.Entry<String, Entry> e : metadata.entrySet()) {
            headerSize += stringSize(e.getKey()) + 4 + valueSize(e.getValue().type, e.getValue().value);
        }
        long[] offsets = new long[tensors.size()];
        long dataSize = 0;
        for (int i = 0; i < tensors.size(); i++) {
            PendingTensor t = tensors.get(i);
            headerSize += stringSize(t.name) + 4 + 8L * t.shape.length + 4 + 8;
            dataSize = GgufFile.alignUp(dataSize, alignment);
            offsets[i] = dataSize;
            dataSize += t.byteSize();
        }
        long dataStart = GgufFile.alignUp(headerSize, alignment);
        long total = dataStart + dataSize;

        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // a sibling with ordinary permissions (createTempFile would make it owner-only)
        Path tmp = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".partial");
        Files.createFile(tmp);
        try {
            try (Arena arena = Arena.ofConfined();
                 FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                MemorySegment out = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
                long p = 0;
                out.set(U32, p, GgufFile.MAGIC);
                out.set(U32, p + 4, 3);
                out.set(U64, p + 8, tensors.size());
                out.set(U64, p + 16, metadata.size());
                p += 24;
                for (Map.Entry<String, Entry> e : metadata.entrySet()) {
                    p = writeString(out, p, e.getKey());
                    out.set(U32, p, e.getValue().type.id);
                    p = writeValue(out, p + 4, e.getValue().type, e.getValue().value);
                }
                for (int i = 0; i < tensors.size(); i++) {
                    PendingTensor t = tensors.get(i);
                    p = writeString(out, p, t.name);
                    out.set(U32, p, t.shape.length);
                    p += 4;
                    for (long d : t.shape) {
                        out.set(U64, p, d);
                        p += 8;
                    }
                    out.set(U32, p, t.type.id);
                    out.set(U64, p + 4, offsets[i]);
                    p += 12;
                }
                long done = 0;
                progress.start("writing " + target.getFileName(), dataSize);
                for (int i = 0; i < tensors.size(); i++) {
                    PendingTensor t = tensors.get(i);
                    t.data.fill(out.asSlice(dataStart + offsets[i], t.byteSize()));
                    done += t.byteSize();
                    progress.update(done);
                }
                out.force();
                progress.finish();
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static long stringSize(String s) {
        return 8 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long valueSize(GgufValueType type, Object v) {
        return switch (type) {
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16 -> 2;
            case UINT32, INT32, FLOAT32 -> 4;
            case UINT64, INT64, FLOAT64 -> 8;
            case STRING -> stringSize((String) v);
            case ARRAY -> {
                GgufArray a = (GgufArray) v;
                long size = 4 + 8;
                switch (a.values()) {
                    case String[] s -> {
                        for (String x : s) {
                            size += stringSize(x);
                        }
                    }
                    case GgufArray[] nested -> {
                        for (GgufArray x : nested) {
                            size += valueSize(GgufValueType.ARRAY, x);
                        }
                    }
                    default -> size += (long) a.length() * valueSize(a.elementType(), 0L);
                }
                yield size;
            }
        };
    }

    private static long writeString(MemorySegment out, long p, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.set(U64, p, b.length);
        MemorySegment.copy(b, 0, out, ValueLayout.JAVA_BYTE, p + 8, b.length);
        return p + 8 + b.length;
    }

    private static long writeValue(MemorySegment out, long p, GgufValueType type, Object v) {
        switch (type) {
            case UINT8, INT8 -> out.set(ValueLayout.JAVA_BYTE, p, (byte) ((Number) v).longValue());
            case BOOL -> out.set(ValueLayout.JAVA_BYTE, p, (byte) (((Boolean) v) ? 1 : 0));
            case UINT16, INT16 -> out.set(U16, p, (short) ((Number) v).longValue());
            case UINT32, INT32 -> out.set(U32, p, (int) ((Number) v).longValue());
            case UINT64, INT64 -> out.set(U64, p, ((Number) v).longValue());
            case FLOAT32 -> out.set(F32, p, ((Number) v).floatValue());
            case FLOAT64 -> out.set(F64, p, ((Number) v).doubleValue());
            case STRING -> {
                return writeString(out, p, (String) v);
            }
            case ARRAY -> {
                GgufArray a = (GgufArray) v;
                out.set(U32, p, a.elementType().id);
                out.set(U64, p + 4, a.length());
                long q = p + 12;
                switch (a.values()) {
                    case byte[] x -> MemorySegment.copy(x, 0, out, ValueLayout.JAVA_BYTE, q, x.length);
                    case short[] x -> MemorySegment.copy(x, 0, out, U16, q, x.length);
                    case int[] x -> MemorySegment.copy(x, 0, out, U32, q, x.length);
                    case long[] x -> MemorySegment.copy(x, 0, out, U64, q, x.length);
                    case float[] x -> MemorySegment.copy(x, 0, out, F32, q, x.length);
                    case double[] x -> MemorySegment.copy(x, 0, out, F64, q, x.length);
                    case boolean[] x -> {
                        for (int i = 0; i < x.length; i++) {
                            out.set(ValueLayout.JAVA_BYTE, q + i, (byte) (x[i] ? 1 : 0));
                        }
                    }
                    case String[] x -> {
                        for (String s : x) {
                            q = writeString(out, q, s);
                        }
                        return q;
                    }
                    case GgufArray[] x -> {
                        for (GgufArray nested : x) {
                            q = writeValue(out, q, GgufValueType.ARRAY, nested);
                        }
                        return q;
                    }
                    default -> throw new IllegalArgumentException("not a GGUF array: " + a.values().getClass());
                }
                return q + (long) a.length() * valueSize(a.elementType(), 0L);
            }
        }
        return p + valueSize(type, v);
    }
}
