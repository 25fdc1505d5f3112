package io.infer.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of an NVIDIA fatbin container as nvcc -fatbin writes it: a 16-byte header (magic 0xBA55ED50, version,
 * header size, size of the entries) then entries, each a header (kind u16 at 0: 1 PTX, 2 ELF; header size u32 at 4;
 * payload size u64 at 8; SM version u32 at 28; flags u64 at 40, 0x2000 = compressed) followed by its payload.
 */
record Fatbin(List<Entry> entries) {

    static final int MAGIC = 0xba55ed50;
    static final int KIND_PTX = 1;
    static final int KIND_ELF = 2;
    private static final long FLAG_COMPRESSED = 0x2000;

    /** @param sm the SM version, 80 for sm_80 / compute_80 */
    record Entry(int kind, int sm, boolean compressed, byte[] payload) {
    }

    static Fatbin read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> entries = new ArrayList<>();
        int at = 0;
        while (at + 16 <= bytes.length) {
            if (b.getInt(at) != MAGIC) {
                throw new IllegalArgumentException("no fatbin magic at offset " + at);
            }
            int headerSize = Short.toUnsignedInt(b.getShort(at + 6));
            long fatSize = b.getLong(at + 8);
            int e = at + headerSize;
            int end = Math.toIntExact(e + fatSize);
            while (e < end) {
                int kind = Short.toUnsignedInt(b.getShort(e));
                int entryHeader = b.getInt(e + 4);
                int payloadSize = Math.toIntExact(b.getLong(e + 8));
                long flags = b.getLong(e + 40);
                int sm = b.getInt(e + 28);
                byte[] payload = Arrays.copyOfRange(bytes, e + entryHeader, e + entryHeader + payloadSize);
                entries.add(new Entry(kind, sm, (flags & FLAG_COMPRESSED) != 0, payload));
                e += entryHeader + payloadSize;
            }
            at = end;
        }
        return new Fatbin(entries);
    }
}
