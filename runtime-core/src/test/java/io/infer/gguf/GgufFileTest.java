package io.infer.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer.tensor.GgmlType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        Path p = Path.of(System.getProperty("infer.fixtures", "../../shared/fixtures"), "models", name);
        assumeTrue(Files.exists(p), "fixture " + p + " not present");
        return p;
    }

    @Test
    void readsTheTinyFixture() throws IOException {
        try (GgufFile f = GgufFile.open(fixture("qwen3-tiny-f16.gguf"))) {
            assertEquals(3, f.version());
            assertEquals("qwen3", f.getString("general.architecture"));
            assertEquals(2, f.getInt("qwen3.block_count"));
            assertEquals(151936, f.getStringArray("tokenizer.ggml.tokens").length);
            assertEquals(151936, f.getIntArray("tokenizer.ggml.token_type").length);
            GgufTensor embd = f.tensor("token_embd.weight");
            assertEquals(GgmlType.F16, embd.type());
            assertArrayEquals(new long[] {64, 151936}, embd.shape());
            assertEquals(embd.byteSize(), embd.data().byteSize());
            long end = 0;
            for (GgufTensor t : f.tensors()) {
                end = Math.max(end, f.dataOffset() + t.offset() + t.byteSize());
            }
            assertTrue(end <= f.fileSize());
        }
    }

    @Test
    void writerRoundTripsEveryValueType() throws IOException {
        GgufWriter w = new GgufWriter()
                .putString("s", "héllo ✓")
                .putUInt32("u32", 4_000_000_000L)
                .putInt32("i32", -5)
                .putFloat32("f32", 1.5f)
                .putBool("b", true)
                .put("u8", GgufValueType.UINT8, 200L)
                .put("i8", GgufValueType.INT8, -3L)
                .put("u16", GgufValueType.UINT16, 60000L)
                .put("i16", GgufValueType.INT16, -300L)
                .put("u64", GgufValueType.UINT64, 1L << 40)
                .put("i64", GgufValueType.INT64, -(1L << 40))
                .put("f64", GgufValueType.FLOAT64, 2.25)
                .putArray("strs", new GgufArray(GgufValueType.STRING, new String[] {"a", "", "ü"}))
                .putArray("ints", new GgufArray(GgufValueType.INT32, new int[] {1, -2, 3}))
                .putArray("floats", new GgufArray(GgufValueType.FLOAT32, new float[] {0.5f, -1f}))
                .putArray("bools", new GgufArray(GgufValueType.BOOL, new boolean[] {true, false}))
                .putArray("nested", new GgufArray(GgufValueType.ARRAY, new GgufArray[] {
                        new GgufArray(GgufValueType.UINT8, new byte[] {(byte) 255, 1}),
                        new GgufArray(GgufValueType.STRING, new String[] {"x"})}));
        w.addTensor("a", GgmlType.F32, new long[] {3, 2}, dst -> {
            for (int i = 0; i < 6; i++) {
                dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, i * 0.5f);
            }
        });
        w.addTensor("b", GgmlType.Q8_0, new long[] {64}, dst -> dst.fill((byte) 7));
        Path p = dir.resolve("all.gguf");
        w.write(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals("héllo ✓", f.getString("s"));
            assertEquals(4_000_000_000L, f.getLong("u32"));
            assertEquals(-5, f.getInt("i32"));
            assertEquals(1.5f, f.getFloat("f32"));
            assertTrue(f.getBoolean("b"));
            assertEquals(200, f.getLong("u8"));
            assertEquals(-3, f.getLong("i8"));
            assertEquals(60000, f.getLong("u16"));
            assertEquals(-300, f.getLong("i16"));
            assertEquals(1L << 40, f.getLong("u64"));
            assertEquals(-(1L << 40), f.getLong("i64"));
            assertEquals(2.25f, f.getFloat("f64"));
            assertArrayEquals(new String[] {"a", "", "ü"}, f.getStringArray("strs"));
            assertArrayEquals(new int[] {1, -2, 3}, f.getIntArray("ints"));
            assertArrayEquals(new float[] {0.5f, -1f}, f.getFloatArray("floats"));
            GgufArray nested = (GgufArray) f.get("nested");
            GgufArray[] inner = (GgufArray[]) nested.values();
            assertEquals(2, inner.length);
            assertArrayEquals(new byte[] {(byte) 255, 1}, (byte[]) inner[0].values());
            assertArrayEquals(new String[] {"x"}, (String[]) inner[1].values());
            GgufTensor a = f.tensor("a");
            assertEquals(2.5f, a.data().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 5));
            assertEquals(0, (f.dataOffset() + f.tensor("b").offset()) % 32);
            assertEquals(7, f.tensor("b").data().get(ValueLayout.JAVA_BYTE, 33));
            assertEquals(34 * 2, f.tensor("b").byteSize());
        }
    }

    @Test
    void everyTruncationIsACleanError() throws IOException {
        byte[] valid = Raw.valid();
        Path p = dir.resolve("t.gguf");
        Files.write(p, valid);
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals(1, f.tensors().size());
        }
        for (int len = 0; len < valid.length; len++) {
            Files.write(p, Arrays.copyOf(valid, len));
            int cut = len;
            GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(p).close(), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("invalid GGUF") || e.getMessage().contains("GGUF"), e.getMessage());
        }
    }

    @Test
    void hostileHeadersNameTheFieldAndOffset() throws IOException {
        assertError(new Raw().magic(0x12345678).header(2, 0, 0), "magic at byte offset 0");
        assertError(new Raw().version(1).header(3, 0, 0), "unsupported GGUF version 1");
        assertError(new Raw().header(3, 0, Long.MAX_VALUE), "metadata_kv_count");
        assertError(new Raw().header(3, -1L, 0), "tensor_count");
        assertError(new Raw().header(3, 0, 1).str("k").u32(GgufValueType.STRING.id).u64(1L << 50), "'k' at byte offset 37: string length");
        assertError(new Raw().header(3, 0, 1).str("k").u32(99), "unknown value type 99");
        assertError(new Raw().header(3, 0, 1).u64(2).bytes((byte) 0xC3, (byte) 0x28).u32(0).u8(1), "invalid UTF-8");
        assertError(new Raw().header(3, 0, 1).str("arr").u32(GgufValueType.ARRAY.id).u32(GgufValueType.UINT64.id).u64(1L << 40),
                "'arr' array length");
        assertError(new Raw().header(3, 0, 1).str("b").u32(GgufValueType.BOOL.id).u8(7), "bool must be 0 or 1");
        Raw deep = new Raw().header(3, 0, 1).str("deep").u32(GgufValueType.ARRAY.id);
        for (int i = 0; i < 20; i++) {
            deep.u32(GgufValueType.ARRAY.id).u64(1);
        }
        assertError(deep, "nested deeper");
        assertError(new Raw().header(3, 1, 0).str("w").u32(9).u64(4).pad(64), "n_dims");
        assertError(new Raw().header(3, 1, 0).str("w").u32(1).u64(32).u32(77).u64(0).pad(64), "unknown ggml type id 77");
        assertError(new Raw().header(3, 1, 0).str("w").u32(1).u64(33).u32(GgmlType.Q8_0.id).u64(0).pad(64), "block size");
        assertError(new Raw().header(3, 1, 0).str("w").u32(1).u64(8).u32(GgmlType.F32.id).u64(3).pad(64), "not aligned");
        assertError(new Raw().header(3, 1, 0).str("w").u32(1).u64(8).u32(GgmlType.F32.id).u64(1L << 40).pad(64), "past the end");
        assertError(new Raw().header(3, 1, 0).str("w").u32(2).u64(1L << 40).u64(1L << 40).u32(GgmlType.F32.id).u64(0).pad(64), "element count overflows");
        assertError(new Raw().header(3, 1, 0).str("w").u32(1).u64(1L << 41).u32(GgmlType.F32.id).u64(0).pad(64), "out of range");
        assertError(new Raw().header(3, 2, 0).str("w").u32(1).u64(8).u32(0).u64(0).str("w").u32(1).u64(8).u32(0).u64(32).pad(128),
                "duplicate tensor name");
        assertError(new Raw().header(3, 0, 1).str("general.alignment").u32(GgufValueType.UINT32.id).u32(3), "power of two");
    }

    @Test
    void wrongTypeAndMissingKeysAreClear() throws IOException {
        Path p = dir.resolve("k.gguf");
        new GgufWriter().putString("s", "x").write(p);
        try (GgufFile f = GgufFile.open(p)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.getInt("s"));
            assertTrue(e.getMessage().contains("'s' is STRING, expected an integer"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> f.getString("nope"));
            assertTrue(e.getMessage().contains("'nope' is missing"), e.getMessage());
        }
    }

    private void assertError(Raw raw, String expected) throws IOException {
        Path p = dir.resolve("bad.gguf");
        Files.write(p, raw.bytes());
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(p).close());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    /** Builds GGUF bytes by hand, field by field, so tests can write what the writer never would. */
    static final class Raw {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int magic = GgufFile.MAGIC;
        private int version = 3;

        static byte[] valid() {
            return new Raw().header(3, 1, 2)
                    .str("general.architecture").u32(GgufValueType.STRING.id).str("qwen3")
                    .str("list").u32(GgufValueType.ARRAY.id).u32(GgufValueType.STRING.id).u64(2).str("ab").str("c")
                    .str("w").u32(2).u64(4).u64(2).u32(GgmlType.F32.id).u64(0)
                    .alignTo(32).pad(32).bytes();
        }

        Raw magic(int m) {
            magic = m;
            return this;
        }

        Raw version(int v) {
            version = v;
            return this;
        }

        Raw header(int ignoredVersion, long tensors, long kvs) {
            u32(magic).u32(version).u64(tensors).u64(kvs);
            return this;
        }

        Raw u8(int v) {
            out.write(v);
            return this;
        }

        Raw u32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        Raw u64(long v) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        Raw str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            out.writeBytes(b);
            return this;
        }

        Raw bytes(byte... b) {
            out.writeBytes(b);
            return this;
        }

        Raw pad(int n) {
            out.writeBytes(new byte[n]);
            return this;
        }

        Raw alignTo(int a) {
            while (out.size() % a != 0) {
                out.write(0);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
