package io.infer.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/**
 * ggml's dequantize_row_* transliterated from ggml-quants.c onto byte arrays, independent of the production
 * code (no shared helpers), plus builders of random valid blocks.
 */
final class GgmlReference {
    private GgmlReference() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static float fp16(byte[] b, int i) {
        return Float.float16ToFloat((short) (u8(b, i) | u8(b, i + 1) << 8));
    }

    /** get_scale_min_k4 */
    static int[] scaleMinK4(int j, byte[] b, int q) {
        int d;
        int m;
        if (j < 4) {
            d = u8(b, q + j) & 63;
            m = u8(b, q + j + 4) & 63;
        } else {
            d = (u8(b, q + j + 4) & 0xF) | ((u8(b, q + j - 4) >> 6) << 4);
            m = (u8(b, q + j + 4) >> 4) | ((u8(b, q + j) >> 6) << 4);
        }
        return new int[] {d, m};
    }

    static float[] dequantize(GgmlType type, byte[] x, int n) {
        float[] y = new float[n];
        int nb = n / type.blockSize;
        switch (type) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Float.intBitsToFloat(u8(x, 4 * i) | u8(x, 4 * i + 1) << 8 | u8(x, 4 * i + 2) << 16 | u8(x, 4 * i + 3) << 24);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    y[i] = fp16(x, 2 * i);
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Float.intBitsToFloat((u8(x, 2 * i) | u8(x, 2 * i + 1) << 8) << 16);
                }
            }
            case Q8_0 -> {
                for (int i = 0; i < nb; i++) {
                    int blk = i * 34;
                    float d = fp16(x, blk);
                    for (int j = 0; j < 32; j++) {
                        y[i * 32 + j] = x[blk + 2 + j] * d;
                    }
                }
            }
            case Q4_0 -> {
                for (int i = 0; i < nb; i++) {
                    int blk = i * 18;
                    float d = fp16(x, blk);
                    for (int j = 0; j < 16; j++) {
                        int x0 = (u8(x, blk + 2 + j) & 0x0F) - 8;
                        int x1 = (u8(x, blk + 2 + j) >> 4) - 8;
                        y[i * 32 + j] = x0 * d;
                        y[i * 32 + j + 16] = x1 * d;
                    }
                }
            }
            case Q4_K -> {
                int yi = 0;
                for (int i = 0; i < nb; i++) {
                    int blk = i * 144;
                    float d = fp16(x, blk);
                    float min = fp16(x, blk + 2);
                    int scales = blk + 4;
                    int q = blk + 16;
                    int is = 0;
                    for (int j = 0; j < 256; j += 64) {
                        int[] sm = scaleMinK4(is, x, scales);
                        float d1 = d * sm[0];
                        float m1 = min * sm[1];
                        sm = scaleMinK4(is + 1, x, scales);
                        float d2 = d * sm[0];
                        float m2 = min * sm[1];
                        for (int l = 0; l < 32; ++l) {
                            y[yi++] = d1 * (u8(x, q + l) & 0xF) - m1;
                        }
                        for (int l = 0; l < 32; ++l) {
                            y[yi++] = d2 * (u8(x, q + l) >> 4) - m2;
                        }
                        q += 32;
                        is += 2;
                    }
                }
            }
            case Q5_K -> {
                int yi = 0;
                for (int i = 0; i < nb; i++) {
                    int blk = i * 176;
                    float d = fp16(x, blk);
                    float min = fp16(x, blk + 2);
                    int scales = blk + 4;
                    int qh = blk + 16;
                    int ql = blk + 48;
                    int is = 0;
                    int u1 = 1;
                    int u2 = 2;
                    for (int j = 0; j < 256; j += 64) {
                        int[] sm = scaleMinK4(is, x, scales);
                        float d1 = d * sm[0];
                        float m1 = min * sm[1];
                        sm = scaleMinK4(is + 1, x, scales);
                        float d2 = d * sm[0];
                        float m2 = min * sm[1];
                        for (int l = 0; l < 32; ++l) {
                            y[yi++] = d1 * ((u8(x, ql + l) & 0xF) + ((u8(x, qh + l) & u1) != 0 ? 16 : 0)) - m1;
                        }
                        for (int l = 0; l < 32; ++l) {
                            y[yi++] = d2 * ((u8(x, ql + l) >> 4) + ((u8(x, qh + l) & u2) != 0 ? 16 : 0)) - m2;
                        }
                        ql += 32;
                        is += 2;
                        u1 <<= 2;
                        u2 <<= 2;
                    }
                }
            }
            case Q6_K -> {
                for (int i = 0; i < nb; i++) {
                    int blk = i * 210;
                    float d = fp16(x, blk + 208);
                    int ql = blk;
                    int qh = blk + 128;
                    int sc = blk + 192;
                    int yi = i * 256;
                    for (int nn = 0; nn < 256; nn += 128) {
                        for (int l = 0; l < 32; ++l) {
                            int is = l / 16;
                            int q1 = (byte) ((u8(x, ql + l) & 0xF) | (((u8(x, qh + l) >> 0) & 3) << 4)) - 32;
                            int q2 = (byte) ((u8(x, ql + l + 32) & 0xF) | (((u8(x, qh + l) >> 2) & 3) << 4)) - 32;
                            int q3 = (byte) ((u8(x, ql + l) >> 4) | (((u8(x, qh + l) >> 4) & 3) << 4)) - 32;
                            int q4 = (byte) ((u8(x, ql + l + 32) >> 4) | (((u8(x, qh + l) >> 6) & 3) << 4)) - 32;
                            y[yi + l] = d * x[sc + is] * q1;
                            y[yi + l + 32] = d * x[sc + is + 2] * q2;
                            y[yi + l + 64] = d * x[sc + is + 4] * q3;
                            y[yi + l + 96] = d * x[sc + is + 6] * q4;
                        }
                        yi += 128;
                        ql += 64;
                        qh += 32;
                        sc += 8;
                    }
                }
            }
            default -> throw new IllegalArgumentException(type.toString());
        }
        return y;
    }

    /** Byte offsets of the fp16 scale fields in one block of each type. */
    static int[] halfFields(GgmlType type) {
        return switch (type) {
            case Q8_0, Q4_0 -> new int[] {0};
            case Q4_K, Q5_K -> new int[] {0, 2};
            case Q6_K -> new int[] {208};
            default -> new int[0];
        };
    }

    /**
     * n elements of random valid blocks: every quant bit random; the fp16 scales random finite halves, either
     * of any magnitude ({@code wild}, for bit-exactness) or in ±[1e-3, 0.1) (for arithmetic checks).
     */
    static byte[] randomBlocks(GgmlType type, int n, Random rnd, boolean wild) {
        byte[] b = new byte[(int) type.byteSize(n)];
        rnd.nextBytes(b);
        if (type == GgmlType.F32 && !wild) {
            for (int i = 0; i < n; i++) {
                putFloat(b, 4 * i, (float) rnd.nextGaussian());
            }
        } else if ((type == GgmlType.F16 || type == GgmlType.BF16) && !wild) {
            for (int i = 0; i < n; i++) {
                float v = (float) rnd.nextGaussian();
                short h = type == GgmlType.F16 ? Float.floatToFloat16(v) : (short) (Float.floatToRawIntBits(v) >>> 16);
                putShort(b, 2 * i, h);
            }
        }
        for (int blk = 0; blk < n / type.blockSize; blk++) {
            for (int f : halfFields(type)) {
                putShort(b, blk * type.typeSize + f, wild ? randomFiniteHalf(rnd) : Float.floatToFloat16(
                        (rnd.nextBoolean() ? 1 : -1) * (float) Math.exp(Math.log(1e-3) + rnd.nextDouble() * Math.log(100))));
            }
        }
        return b;
    }

    static short randomFiniteHalf(Random rnd) {
        while (true) {
            short h = (short) rnd.nextInt();
            if ((h & 0x7C00) != 0x7C00) {
                return h;
            }
        }
    }

    static void putShort(byte[] b, int off, short v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    static void putFloat(byte[] b, int off, float f) {
        int v = Float.floatToRawIntBits(f);
        for (int k = 0; k < 4; k++) {
            b[off + k] = (byte) (v >> (8 * k));
        }
    }

    /** A native segment holding {@code bytes} at byte offset {@code pad} (to test unaligned blocks). */
    static MemorySegment segment(byte[] bytes, int pad) {
        MemorySegment s = Arena.ofAuto().allocate(bytes.length + pad + 8L);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, pad, bytes.length);
        return s;
    }

    static final GgmlType[] SUPPORTED = {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0,
            GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K};
}
