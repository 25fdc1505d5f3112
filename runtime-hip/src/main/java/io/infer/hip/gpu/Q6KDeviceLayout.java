package io.infer.hip.gpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The byte layout of Q6_K rows on the device (kernels/src/quants.h, {@code q6k_parts}): a row of {@code nsb} blocks
 * keeps all {@code ql} bytes, then all {@code qh}, then all scales, then all {@code d}, padded to 16 bytes. The file's
 * 210-byte blocks are only 2-byte aligned, which costs the matrix-vector kernels three times the load instructions;
 * this way every part of every block is aligned for wide loads. Inside a block, {@code ql} is reordered so that the
 * 16 bytes one product lane reads lie together: lane {@code c} (half {@code n = c / 4}, positions
 * {@code l0 = 8 (c % 4)}) finds {@code ql[64n + l0 + i]} at {@code 16c + i} and {@code ql[64n + 32 + l0 + i]} at
 * {@code 16c + 8 + i}.
 */
final class Q6KDeviceLayout {

    static final int BLOCK_VALUES = 256;
    static final int BLOCK_BYTES = 210;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    private Q6KDeviceLayout() {
    }

    /** Bytes of one device row of {@code cols} values (a multiple of 256). */
    static long rowBytes(int cols) {
        return (fileRowBytes(cols) + 15) & -16L;
    }

    static long fileRowBytes(int cols) {
        return (long) BLOCK_BYTES * (cols / BLOCK_VALUES);
    }

    /**
     * Writes {@code rows} rows of {@code cols} values, read in the file's layout at {@code src[srcOff]}, in the device
     * layout to {@code dst[dstOff]} ({@code rows * rowBytes(cols)} bytes, the padding zeroed).
     */
    static void repack(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, int rows, int cols) {
        if (cols % BLOCK_VALUES != 0) {
            throw new IllegalArgumentException("Q6_K rows of " + cols + " values: not whole blocks of 256");
        }
        int nsb = cols / BLOCK_VALUES;
        long in = fileRowBytes(cols), out = rowBytes(cols);
        long qhAt = 128L * nsb, scAt = 192L * nsb, dAt = 208L * nsb;
        for (int r = 0; r < rows; r++) {
            long x = srcOff + r * in, y = dstOff + r * out;
            for (int b = 0; b < nsb; b++, x += BLOCK_BYTES) {
                // ql: 8-byte pieces at 64n + 32h + 8k of the file go to lane c = 4n + k, half h
                for (int n = 0; n < 2; n++) {
                    for (int h = 0; h < 2; h++) {
                        for (int k = 0; k < 4; k++) {
                            long piece = src.get(LONG, x + 64 * n + 32 * h + 8 * k);
                            dst.set(LONG, y + 128L * b + 16 * (4 * n + k) + 8 * h, piece);
                        }
                    }
                }
                for (int i = 0; i < 8; i++) {
                    dst.set(LONG, y + qhAt + 64L * b + 8 * i, src.get(LONG, x + 128 + 8 * i));
                }
                for (int i = 0; i < 2; i++) {
                    dst.set(LONG, y + scAt + 16L * b + 8 * i, src.get(LONG, x + 192 + 8 * i));
                }
                dst.set(SHORT, y + dAt + 2L * b, src.get(SHORT, x + 208));
            }
            for (long p = dAt + 2L * nsb; p < out; p++) {
                dst.set(ValueLayout.JAVA_BYTE, y + p, (byte) 0);
            }
        }
    }
}
