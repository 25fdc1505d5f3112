package io.infer.tensor;

/**
 * The 12-byte scale/min packing of Q4_K and Q5_K (ggml's get_scale_min_k4): eight 6-bit scales and eight 6-bit
 * mins. Sub-blocks 0..3 keep them in the low 6 bits of bytes 0..3 (scales) and 4..7 (mins); sub-blocks 4..7 keep
 * their low 4 bits in the nibbles of bytes 8..11 and their high 2 bits in the top bits of bytes 0..7.
 * The 12 bytes are passed as {@code lo} (bytes 0..7) and {@code hi} (bytes 8..11), read in two loads.
 */
final class KScales {
    static final int BYTES = 12;

    private KScales() {
    }

    static int scale(long lo, int hi, int j) {
        if (j < 4) {
            return at(lo, hi, j) & 63;
        }
        return (at(lo, hi, j + 4) & 0xF) | ((at(lo, hi, j - 4) >> 6) << 4);
    }

    static int min(long lo, int hi, int j) {
        if (j < 4) {
            return at(lo, hi, j + 4) & 63;
        }
        return (at(lo, hi, j + 4) >> 4) | ((at(lo, hi, j) >> 6) << 4);
    }

    private static int at(long lo, int hi, int k) {
        return k < 8 ? (int) (lo >>> (8 * k)) & 0xFF : (hi >>> (8 * (k - 8))) & 0xFF;
    }
}
