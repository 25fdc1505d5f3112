// quants.h — ggml weight layouts and their dequantization, one group of 32 values at a time.
//
// Byte layouts (ggml, little endian; every block is at least 2-byte aligned, Q4_K 16-byte aligned within a row):
//   F32   4 B/value                F16/BF16 2 B/value
//   Q8_0  34 B / 32:  half d, i8 qs[32]                               x = d * q
//   Q4_0  18 B / 32:  half d, u8 qs[16]  (value j: low nibble of qs[j], value 16+j: high nibble)   x = d * (q - 8)
//   Q4_K 144 B / 256: half d, half dmin, u8 scales[12], u8 qs[128]    x = d * sc[j] * q - dmin * m[j]
//         8 sub-blocks j of 32 values, 6-bit (sc, m) packed as in get_scale_min_k4; sub-blocks 2k and 2k+1 share
//         qs[32k .. 32k+32): 2k in the low nibbles, 2k+1 in the high nibbles.
//   Q6_K 210 B / 256: u8 ql[128], u8 qh[64], i8 scales[16], half d    x = d * sc[i/16] * (q - 32)
//         two halves of 128 values; in half n, value 32*g + l (g 0..3, l 0..31) takes its low 4 bits from
//         ql[64n + 32*(g&1) + l] (low nibble for g < 2, high nibble otherwise) and its high 2 bits from
//         qh[32n + l] >> 2g; its scale is scales[8n + 2g + l/16].
//
// On the device Q6_K rows are stored in their own layout (DeviceWeights.java writes it on upload, every reader here
// follows q6k_parts): a row of nsb blocks holds all ql, then all qh, then all scales, then all d, and ends padded to
// 16 bytes. Each part of every block is then 16-byte aligned (128, 64, 16 and 2 bytes a block; the 2-byte d at
// least 2), where the 210-byte blocks of the file are only 2-byte aligned and cost each of the 8 product lanes that
// share a block 13 loads instead of 4. Inside a block, ql is reordered so that the 16 bytes one lane of the products needs lie
// together: lane c (half n = c / 4, positions l0 = 8 (c % 4)) finds ql[64n + l0 + i] at 16c + i and
// ql[64n + 32 + l0 + i] at 16c + 8 + i (i < 8). qh, scales and d keep their order.
#pragma once
#include "compat.h"

// Weight type tags (template parameters); the numbers are ggml's type ids.
enum WeightType {
    WT_F32 = 0,
    WT_F16 = 1,
    WT_Q4_0 = 2,
    WT_Q8_0 = 8,
    WT_Q4_K = 12,
    WT_Q6_K = 14,
    WT_BF16 = 30,
};

// Bytes of one row of `cols` values.
template <int T> INFER_DEVICE long row_bytes(int cols);
template <> INFER_DEVICE long row_bytes<WT_F32>(int cols) { return 4L * cols; }
template <> INFER_DEVICE long row_bytes<WT_F16>(int cols) { return 2L * cols; }
template <> INFER_DEVICE long row_bytes<WT_BF16>(int cols) { return 2L * cols; }
template <> INFER_DEVICE long row_bytes<WT_Q8_0>(int cols) { return 34L * (cols / 32); }
template <> INFER_DEVICE long row_bytes<WT_Q4_0>(int cols) { return 18L * (cols / 32); }
template <> INFER_DEVICE long row_bytes<WT_Q4_K>(int cols) { return 144L * (cols / 256); }
template <> INFER_DEVICE long row_bytes<WT_Q6_K>(int cols) { return (210L * (cols / 256) + 15) & ~15L; }

// Where block sb of a device Q6_K row (nsb blocks) keeps its parts.
struct Q6kParts {
    const uint8_t* ql;  // 128 bytes, reordered (above)
    const uint8_t* qh;  // 64
    const int8_t* sc;   // 16
    const uint8_t* d;   // 2 (f16)
};
INFER_DEVICE Q6kParts q6k_parts(const uint8_t* row, int nsb, int sb) {
    Q6kParts p;
    p.ql = row + 128L * sb;
    p.qh = row + 128L * nsb + 64L * sb;
    p.sc = reinterpret_cast<const int8_t*>(row + 192L * nsb + 16L * sb);
    p.d = row + 208L * nsb + 2L * sb;
    return p;
}
// The device position in a block's ql of the file's ql byte j (0..127).
INFER_DEVICE int q6k_ql_index(int j) {
    const int n = j >> 6, half = (j >> 5) & 1, l = j & 31;
    return 16 * (4 * n + (l >> 3)) + 8 * half + (l & 7);
}

INFER_DEVICE float load_f16(const uint8_t* p) { return f16_to_f32(*reinterpret_cast<const uint16_t*>(p)); }

// Six-bit values q in 0..63 packed in bytes, to signed bytes q - 32 (no borrow crosses a byte).
INFER_DEVICE int q6_minus_32(uint32_t v) {
    const uint32_t low = ~v & 0x20202020u;   // bytes with q < 32 become negative: set bits 6 and 7 too
    return (int) ((v ^ 0x20202020u) | (low << 1) | (low << 2));
}

// The 6-bit scale and min of Q4_K sub-block j (0..7). s0, s1, s2 hold scales[0..3], [4..7], [8..11].
INFER_DEVICE void q4k_scale_min(int j, uint32_t s0, uint32_t s1, uint32_t s2, int* sc, int* m) {
    const int shift = 8 * (j & 3);
    const int b0 = (s0 >> shift) & 0xff;
    const int b1 = (s1 >> shift) & 0xff;
    const int b2 = (s2 >> shift) & 0xff;
    if (j < 4) {
        *sc = b0 & 63;
        *m = b1 & 63;
    } else {
        *sc = (b2 & 0xf) | ((b0 >> 6) << 4);
        *m = (b2 >> 4) | ((b1 >> 6) << 4);
    }
}

// Dequantizes values [32g, 32g + 32) of one row of `cols` values into out[0..32).
template <int T> INFER_DEVICE void dequant32(const uint8_t* row, int cols, int g, float* out);

template <> INFER_DEVICE void dequant32<WT_F32>(const uint8_t* row, int, int g, float* out) {
    const float* p = reinterpret_cast<const float*>(row) + 32 * g;
#pragma unroll
    for (int i = 0; i < 32; i += 4) {
        float4 v = load_f32x4(p + i);
        out[i] = v.x; out[i + 1] = v.y; out[i + 2] = v.z; out[i + 3] = v.w;
    }
}

template <> INFER_DEVICE void dequant32<WT_F16>(const uint8_t* row, int, int g, float* out) {
    const uint8_t* p = row + 64 * g;
#pragma unroll
    for (int i = 0; i < 4; i++) {
        u32x4 v = load_u32x4(p + 16 * i);
        float2 a = f16x2_to_f32x2(v.x), b = f16x2_to_f32x2(v.y), c = f16x2_to_f32x2(v.z), d = f16x2_to_f32x2(v.w);
        out[8 * i + 0] = a.x; out[8 * i + 1] = a.y; out[8 * i + 2] = b.x; out[8 * i + 3] = b.y;
        out[8 * i + 4] = c.x; out[8 * i + 5] = c.y; out[8 * i + 6] = d.x; out[8 * i + 7] = d.y;
    }
}

template <> INFER_DEVICE void dequant32<WT_BF16>(const uint8_t* row, int, int g, float* out) {
    const uint8_t* p = row + 64 * g;
#pragma unroll
    for (int i = 0; i < 4; i++) {
        u32x4 v = load_u32x4(p + 16 * i);
        uint32_t w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
        for (int k = 0; k < 4; k++) {
            out[8 * i + 2 * k] = __builtin_bit_cast(float, w[k] << 16);
            out[8 * i + 2 * k + 1] = __builtin_bit_cast(float, w[k] & 0xffff0000u);
        }
    }
}

template <> INFER_DEVICE void dequant32<WT_Q8_0>(const uint8_t* row, int, int g, float* out) {
    const uint8_t* b = row + 34 * g;
    const float d = load_f16(b);
#pragma unroll
    for (int i = 0; i < 8; i++) {
        uint32_t w = load_u32_a2(b + 2 + 4 * i);
#pragma unroll
        for (int k = 0; k < 4; k++) out[4 * i + k] = d * (float) (int8_t) (w >> (8 * k));
    }
}

template <> INFER_DEVICE void dequant32<WT_Q4_0>(const uint8_t* row, int, int g, float* out) {
    const uint8_t* b = row + 18 * g;
    const float d = load_f16(b);
#pragma unroll
    for (int i = 0; i < 4; i++) {
        uint32_t w = load_u32_a2(b + 2 + 4 * i);
#pragma unroll
        for (int k = 0; k < 4; k++) {
            out[4 * i + k] = d * (float) ((int) ((w >> (8 * k)) & 0xf) - 8);
            out[16 + 4 * i + k] = d * (float) ((int) ((w >> (8 * k + 4)) & 0xf) - 8);
        }
    }
}

template <> INFER_DEVICE void dequant32<WT_Q4_K>(const uint8_t* row, int, int g, float* out) {
    const uint8_t* b = row + 144 * (g >> 3);
    const int j = g & 7;
    const u32x4 hdr = load_u32x4(b);
    const float2 dm = f16x2_to_f32x2(hdr.x);
    int sc, m;
    q4k_scale_min(j, hdr.y, hdr.z, hdr.w, &sc, &m);
    const float d = dm.x * (float) sc, mn = dm.y * (float) m;
    const uint8_t* qs = b + 16 + 32 * (j >> 1);
    const int shift = 4 * (j & 1);
#pragma unroll
    for (int i = 0; i < 2; i++) {
        u32x4 v = load_u32x4(qs + 16 * i);
        uint32_t w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
        for (int k = 0; k < 16; k++) out[16 * i + k] = d * (float) ((w[k >> 2] >> (8 * (k & 3) + shift)) & 0xf) - mn;
    }
}

template <> INFER_DEVICE void dequant32<WT_Q6_K>(const uint8_t* row, int cols, int g, float* out) {
    const Q6kParts b = q6k_parts(row, cols / 256, g >> 3);
    const int j = g & 7;
    const int n = j >> 2, q = j & 3;
    const int ql0 = 64 * n + 32 * (q & 1);  // the file's ql index of this group's value 0
    const uint8_t* qh = b.qh + 32 * n;
    const int8_t* sc = b.sc + 8 * n + 2 * q;
    const float d = load_f16(b.d);
    const float d0 = d * (float) sc[0], d1 = d * (float) sc[1];
    const int lshift = 4 * (q >> 1), hshift = 2 * q;
#pragma unroll
    for (int i = 0; i < 4; i++) {
        // 8 consecutive ql bytes of the file stay together on the device
        const u32x2 l = load_u32x2(b.ql + q6k_ql_index(ql0 + 8 * i)), h = load_u32x2(qh + 8 * i);
#pragma unroll
        for (int k = 0; k < 8; k++) {
            const uint32_t lw = k < 4 ? l.x : l.y, hw = k < 4 ? h.x : h.y;
            const int s = 8 * (k & 3);
            const int v = (int) (((lw >> (s + lshift)) & 0xf) | (((hw >> (s + hshift)) & 3) << 4)) - 32;
            out[8 * i + k] = (i < 2 ? d0 : d1) * (float) v;
        }
    }
}

// 8-bit activation blocks (quantize.hip describes the format).
// Quantizes the 32 values held by one warp (one per lane) into block `blk` of the row.
INFER_DEVICE void quantize_block_q8(float v, int8_t* xq, float2* xd, long blk) {
    const float amax = warp_max(__builtin_fabsf(v));
    const float d = amax / 127.0f;
    const int q = amax == 0.0f ? 0 : (int) __builtin_roundf(v / d);
    const int sum = warp_sum(q);
    xq[32 * blk + lane_id()] = (int8_t) q;
    if (lane_id() == 0) {
        float2 ds;
        ds.x = d;
        ds.y = d * (float) sum;
        xd[blk] = ds;
    }
}

