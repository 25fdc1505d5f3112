package io.infer.gguf;

import io.infer.tensor.GgmlType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A memory-mapped GGUF file (versions 2 and 3). The header is parsed eagerly; tensor data stays in the mapping
 * and is handed out as slices. Every count, length and offset is checked against the file size before use, so
 * a corrupt or hostile file fails with a {@link GgufException} naming the field and offset — never an
 * OutOfMemoryError or a read past the mapping.
 */
public final class GgufFile implements AutoCloseable {

    public static final int MAGIC = 0x46554747; // "GGUF" little-endian
    public static final int DEFAULT_ALIGNMENT = 32;
    static final int MAX_DIMS = 4;
    private static final int MAX_ARRAY_NESTING = 8;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final int version;
    private final Map<String, Object> metadata;
    private final Map<String, GgufValueType> metadataTypes;
    private final List<GgufTensor> tensors;
    private final Map<String, GgufTensor> tensorsByName;
    private final long alignment;
    private final long dataOffset;
    private long pos;
    private byte[] scratch = new byte[256];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private GgufFile(Path path) throws IOException {
        this.path = path;
        this.arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            this.file = ch.size() == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        try {
            int magic = u32("magic");
            if (magic != MAGIC) {
                throw GgufException.at("magic", 0, String.format("expected 'GGUF', found 0x%08x (not a GGUF file)", magic));
            }
            this.version = u32("version");
            if (version != 2 && version != 3) {
                throw GgufException.at("version", 4, "unsupported GGUF version " + Integer.toUnsignedString(version) + " (supported: 2, 3)");
            }
            long tensorCount = count("tensor_count", 8 + 8 + 4 + 4 + 8);
            long kvCount = count("metadata_kv_count", 8 + 4);
            Map<String, Object> md = new LinkedHashMap<>();
            Map<String, GgufValueType> mdTypes = new HashMap<>();
            for (long i = 0; i < kvCount; i++) {
                long at = pos;
                String key = string("metadata key #" + i);
                GgufValueType type = valueType("value type of '" + key + "'");
                Object value = value(type, "'" + key + "'", 0);
                if (md.putIfAbsent(key, value) != null) {
                    throw GgufException.at("metadata key '" + key + "'", at, "duplicate key");
                }
                mdTypes.put(key, type);
            }
            this.metadata = Collections.unmodifiableMap(md);
            this.metadataTypes = mdTypes;
            this.alignment = readAlignment();

            record Info(String name, GgmlType type, long[] shape, long offset, long infoAt) {
            }
            List<Info> infos = new ArrayList<>();
            for (long i = 0; i < tensorCount; i++) {
                long at = pos;
                String name = string("tensor #" + i + " name");
                String field = "tensor '" + name + "'";
                int nDims = u32(field + " n_dims");
                if (nDims < 1 || nDims > MAX_DIMS) {
                    throw GgufException.at(field + " n_dims", pos - 4, "must be 1.." + MAX_DIMS + ", found " + Integer.toUnsignedString(nDims));
                }
                long[] shape = new long[nDims];
                long elements = 1;
                for (int d = 0; d < nDims; d++) {
                    shape[d] = u64(field + " ne[" + d + "]");
                    if (shape[d] <= 0 || shape[d] > (1L << 40)) {
                        throw GgufException.at(field + " ne[" + d + "]", pos - 8, "dimension " + Long.toUnsignedString(shape[d]) + " out of range");
                    }
                    elements = Math.multiplyHigh(elements, shape[d]) != 0 || elements * shape[d] < 0 ? -1 : elements * shape[d];
                    if (elements < 0) {
                        throw GgufException.at(field + " shape", at, "element count overflows");
                    }
                }
                int typeId = u32(field + " type");
                GgmlType type = GgmlType.byId(typeId);
                if (type == null) {
                    throw GgufException.at(field + " type", pos - 4, "unknown ggml type id " + Integer.toUnsignedString(typeId));
                }
                if (shape[0] % type.blockSize != 0) {
                    throw GgufException.at(field + " ne[0]", at, "row length " + shape[0] + " is not a multiple of " + type + "'s block size " + type.blockSize);
                }
                long offset = u64(field + " offset");
                infos.add(new Info(name, type, shape, offset, pos - 8));
            }
            long data = alignUp(pos, alignment);
            if (tensorCount > 0 && data > file.byteSize()) {
                throw GgufException.at("tensor data", data, "starts past the end of the file (" + file.byteSize() + " bytes)");
            }
            this.dataOffset = data;
            List<GgufTensor> ts = new ArrayList<>(infos.size());
            Map<String, GgufTensor> byName = new HashMap<>();
            for (Info info : infos) {
                String field = "tensor '" + info.name + "' offset";
                long size = info.type.byteSize(elementsOf(info.shape));
                if (info.offset < 0 || info.offset % alignment != 0) {
                    throw GgufException.at(field, info.infoAt, "offset " + Long.toUnsignedString(info.offset) + " is not aligned to " + alignment);
                }
                if (info.offset > file.byteSize() - data || size > file.byteSize() - data - info.offset) {
                    throw GgufException.at(field, info.infoAt, "data [" + Long.toUnsignedString(info.offset) + ", +" + size
                            + ") runs past the end of the file (truncated? file is " + file.byteSize() + " bytes, data starts at " + data + ")");
                }
                GgufTensor t = new GgufTensor(info.name, info.type, info.shape, info.offset, file.asSlice(data + info.offset, size));
                if (byName.putIfAbsent(t.name(), t) != null) {
                    throw GgufException.at("tensor '" + info.name + "'", info.infoAt, "duplicate tensor name");
                }
                ts.add(t);
            }
            this.tensors = Collections.unmodifiableList(ts);
            this.tensorsByName = byName;
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Maps and parses {@code path}. */
    public static GgufFile open(Path path) throws IOException {
        return new GgufFile(path);
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public long alignment() {
        return alignment;
    }

    /** File offset where tensor data begins. */
    public long dataOffset() {
        return dataOffset;
    }

    public long fileSize() {
        return file.byteSize();
    }

    /** Every key in file order. Integers are Long (UINT64 values above Long.MAX_VALUE wrap), floats Float/Double. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    public GgufValueType typeOf(String key) {
        return metadataTypes.get(key);
    }

    public boolean has(String key) {
        return metadata.containsKey(key);
    }

    public Object get(String key) {
        return metadata.get(key);
    }

    public String getString(String key) {
        return require(key, String.class, "a string");
    }

    public long getLong(String key) {
        Object v = metadata.get(key);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw wrongType(key, "an integer");
    }

    public long getLong(String key, long fallback) {
        return has(key) ? getLong(key) : fallback;
    }

    public int getInt(String key) {
        long v = getLong(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("GGUF key '" + key + "' = " + v + " does not fit in an int");
        }
        return (int) v;
    }

    public float getFloat(String key) {
        Object v = metadata.get(key);
        if (v instanceof Float f) {
            return f;
        }
        if (v instanceof Double d) {
            return d.floatValue();
        }
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(key, "a number");
    }

    public float getFloat(String key, float fallback) {
        return has(key) ? getFloat(key) : fallback;
    }

    public boolean getBoolean(String key) {
        return require(key, Boolean.class, "a bool");
    }

    public String[] getStringArray(String key) {
        GgufArray a = require(key, GgufArray.class, "an array of strings");
        if (a.values() instanceof String[] s) {
            return s;
        }
        throw wrongType(key, "an array of strings");
    }

    /** An integer array of any width, widened (unsigned types zero-extended). */
    public int[] getIntArray(String key) {
        GgufArray a = require(key, GgufArray.class, "an array of integers");
        boolean unsigned = a.elementType() == GgufValueType.UINT8 || a.elementType() == GgufValueType.UINT16;
        return switch (a.values()) {
            case int[] v -> v;
            case byte[] v -> {
                int[] out = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = unsigned ? v[i] & 0xff : v[i];
                }
                yield out;
            }
            case short[] v -> {
                int[] out = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = unsigned ? v[i] & 0xffff : v[i];
                }
                yield out;
            }
            case long[] v -> {
                int[] out = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Math.toIntExact(v[i]);
                }
                yield out;
            }
            default -> throw wrongType(key, "an array of integers");
        };
    }

    public float[] getFloatArray(String key) {
        GgufArray a = require(key, GgufArray.class, "an array of floats");
        return switch (a.values()) {
            case float[] v -> v;
            case double[] v -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = (float) v[i];
                }
                yield out;
            }
            default -> throw wrongType(key, "an array of floats");
        };
    }

    public List<GgufTensor> tensors() {
        return tensors;
    }

    /** The tensor with this name, or null. */
    public GgufTensor tensor(String name) {
        return tensorsByName.get(name);
    }

    /** Unmaps the file; tensor segments must not be used afterwards. */
    @Override
    public void close() {
        arena.close();
    }

    private <T> T require(String key, Class<T> type, String what) {
        Object v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("GGUF key '" + key + "' is missing in " + path);
        }
        if (!type.isInstance(v)) {
            throw wrongType(key, what);
        }
        return type.cast(v);
    }

    private IllegalArgumentException wrongType(String key, String what) {
        if (!metadata.containsKey(key)) {
            return new IllegalArgumentException("GGUF key '" + key + "' is missing in " + path);
        }
        return new IllegalArgumentException("GGUF key '" + key + "' is " + metadataTypes.get(key) + ", expected " + what);
    }

    private long readAlignment() throws GgufException {
        Object a = metadata.get("general.alignment");
        if (a == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(a instanceof Long l) || l <= 0 || l > 1 << 20 || Long.bitCount(l) != 1) {
            throw new GgufException("invalid GGUF: general.alignment must be a power of two, found " + a);
        }
        return l;
    }

    private static long elementsOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    static long alignUp(long v, long alignment) {
        return (v + alignment - 1) / alignment * alignment;
    }

    // --- cursor reads, each checked against the mapping ---

    private void need(long bytes, String field) throws GgufException {
        if (bytes < 0 || pos + bytes > file.byteSize()) {
            throw GgufException.at(field, pos, "needs " + bytes + " bytes but the file ends at " + file.byteSize() + " (truncated)");
        }
    }

    private int u32(String field) throws GgufException {
        need(4, field);
        int v = file.get(U32, pos);
        pos += 4;
        return v;
    }

    private long u64(String field) throws GgufException {
        need(8, field);
        long v = file.get(U64, pos);
        pos += 8;
        return v;
    }

    /** A count whose elements each take at least {@code minBytes}: bounded by the bytes left, so no huge allocation. */
    private long count(String field, int minBytes) throws GgufException {
        long at = pos;
        long n = u64(field);
        long left = file.byteSize() - pos;
        if (n < 0 || n > left / Math.max(1, minBytes)) {
            throw GgufException.at(field, at, "count " + Long.toUnsignedString(n) + " cannot fit in the " + left + " bytes left");
        }
        return n;
    }

    private GgufValueType valueType(String field) throws GgufException {
        int id = u32(field);
        GgufValueType t = GgufValueType.byId(id);
        if (t == null) {
            throw GgufException.at(field, pos - 4, "unknown value type " + Integer.toUnsignedString(id));
        }
        return t;
    }

    private String string(String field) throws GgufException {
        long at = pos;
        long len = u64(field + " length");
        if (len < 0 || len > file.byteSize() - pos) {
            throw GgufException.at(field, at, "string length " + Long.toUnsignedString(len) + " runs past the end of the file");
        }
        if (len > Integer.MAX_VALUE - 8) {
            throw GgufException.at(field, at, "string too long: " + len);
        }
        int n = (int) len;
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, 2 * scratch.length)];
        }
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, pos, scratch, 0, n);
        if (isAscii(scratch, n)) {
            pos += len;
            return new String(scratch, 0, n, StandardCharsets.US_ASCII);
        }
        try {
            // one strict decoder for the whole header: vocabularies hold ~300k strings
            String s = utf8.reset().decode(ByteBuffer.wrap(scratch, 0, n)).toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw GgufException.at(field, pos, "invalid UTF-8");
        }
    }

    private static boolean isAscii(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private Object value(GgufValueType type, String field, int depth) throws GgufException {
        return switch (type) {
            case UINT8 -> { need(1, field); yield (long) (file.get(ValueLayout.JAVA_BYTE, pos++) & 0xff); }
            case INT8 -> { need(1, field); yield (long) file.get(ValueLayout.JAVA_BYTE, pos++); }
            case UINT16 -> { need(2, field); long v = file.get(U16, pos) & 0xffff; pos += 2; yield v; }
            case INT16 -> { need(2, field); long v = file.get(U16, pos); pos += 2; yield v; }
            case UINT32 -> Integer.toUnsignedLong(u32(field));
            case INT32 -> (long) u32(field);
            case UINT64, INT64 -> u64(field);
            case FLOAT32 -> { need(4, field); float v = file.get(F32, pos); pos += 4; yield v; }
            case FLOAT64 -> { need(8, field); double v = file.get(F64, pos); pos += 8; yield v; }
            case BOOL -> {
                need(1, field);
                byte b = file.get(ValueLayout.JAVA_BYTE, pos);
                if (b != 0 && b != 1) {
                    throw GgufException.at(field, pos, "bool must be 0 or 1, found " + b);
                }
                pos++;
                yield b == 1;
            }
            case STRING -> string(field);
            case ARRAY -> array(field, depth);
        };
    }

    private GgufArray array(String field, int depth) throws GgufException {
        if (depth >= MAX_ARRAY_NESTING) {
            throw GgufException.at(field, pos, "arrays nested deeper than " + MAX_ARRAY_NESTING);
        }
        GgufValueType et = valueType(field + " element type");
        int n = Math.toIntExact(count(field + " array length", et.minBytes));
        Object values = switch (et) {
            case UINT8, INT8 -> {
                byte[] a = new byte[n];
                MemorySegment.copy(file, ValueLayout.JAVA_BYTE, pos, a, 0, n);
                pos += n;
                yield a;
            }
            case UINT16, INT16 -> {
                short[] a = new short[n];
                MemorySegment.copy(file, U16, pos, a, 0, n);
                pos += 2L * n;
                yield a;
            }
            case UINT32, INT32 -> {
                int[] a = new int[n];
                MemorySegment.copy(file, U32, pos, a, 0, n);
                pos += 4L * n;
                yield a;
            }
            case UINT64, INT64 -> {
                long[] a = new long[n];
                MemorySegment.copy(file, U64, pos, a, 0, n);
                pos += 8L * n;
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                MemorySegment.copy(file, F32, pos, a, 0, n);
                pos += 4L * n;
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                MemorySegment.copy(file, F64, pos, a, 0, n);
                pos += 8L * n;
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Boolean) value(GgufValueType.BOOL, field + "[" + i + "]", depth + 1);
                }
                yield a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = string(field + "[" + i + "]");
                }
                yield a;
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) {
                    a[i] = array(field + "[" + i + "]", depth + 1);
                }
                yield a;
            }
        };
        return new GgufArray(et, values);
    }
}
