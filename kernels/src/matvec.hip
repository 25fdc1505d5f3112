// matvec.hip — y = W x for 1..8 activation columns, straight from Q4_K, Q6_K and Q8_0 weights, with x quantized
// to 8 bits (quantize.hip) so that the inner products run on dp4a.
//
// One warp per weight row, 4 rows per 128-thread block; every weight byte is read once for all columns. Lanes
// take 16-byte (Q4_K) or 8-byte (Q6_K, Q8_0) slices of consecutive blocks, so a warp reads contiguous memory.
// Weights: row-major, row r at w + r * row_bytes(cols). Activations: xq[b * cols + i], xd[b * cols / 32 + i / 32].
// Output: y[b * rows + r]; with `accumulate`, y += W x (the residual add is free).
#include "quants.h"

#define MV_WARPS 4
#define MV_MAX_BATCH 8

// Q4_K: 8 lanes per 256-value block, lane c takes qs bytes [16c, 16c + 16): 16 values of sub-block 2k (low
// nibbles) and 16 of sub-block 2k + 1 (high nibbles), k = c / 2. The min term needs the sum of a whole
// 32-value activation block, so only the even lane of each pair adds it.
template <int NB>
INFER_DEVICE void row_dot_q4k(const uint8_t* __restrict__ row, int cols, const int8_t* __restrict__ xq,
                              const float2* __restrict__ xd, float* acc) {
    const int lane = lane_id();
    const int c = lane & 7, k = c >> 1, h = c & 1;
    const int nsb = cols / 256;
    for (int sb = lane >> 3; sb < nsb; sb += 4) {
        const uint8_t* b = row + 144L * sb;
        const u32x4 hdr = load_u32x4(b);
        const u32x4 q = load_stream_u32x4(b + 16 + 16 * c);
        const float2 dm = f16x2_to_f32x2(hdr.x);
        int scA, mA, scB, mB;
        q4k_scale_min(2 * k, hdr.y, hdr.z, hdr.w, &scA, &mA);
        q4k_scale_min(2 * k + 1, hdr.y, hdr.z, hdr.w, &scB, &mB);
        const uint32_t lo0 = q.x & 0x0f0f0f0fu, lo1 = q.y & 0x0f0f0f0fu, lo2 = q.z & 0x0f0f0f0fu, lo3 = q.w & 0x0f0f0f0fu;
        const uint32_t hi0 = (q.x >> 4) & 0x0f0f0f0fu, hi1 = (q.y >> 4) & 0x0f0f0f0fu;
        const uint32_t hi2 = (q.z >> 4) & 0x0f0f0f0fu, hi3 = (q.w >> 4) & 0x0f0f0f0fu;
        const float minScale = h == 0 ? dm.y : 0.0f;
#pragma unroll
        for (int bb = 0; bb < NB; bb++) {
            const long base = (long) bb * cols + 256L * sb + 64 * k + 16 * h;
            const u32x4 a = load_u32x4(xq + base);
            const u32x4 a2 = load_u32x4(xq + base + 32);
            int dotA = dp4a((int) lo0, (int) a.x, 0);
            dotA = dp4a((int) lo1, (int) a.y, dotA);
            dotA = dp4a((int) lo2, (int) a.z, dotA);
            dotA = dp4a((int) lo3, (int) a.w, dotA);
            int dotB = dp4a((int) hi0, (int) a2.x, 0);
            dotB = dp4a((int) hi1, (int) a2.y, dotB);
            dotB = dp4a((int) hi2, (int) a2.z, dotB);
            dotB = dp4a((int) hi3, (int) a2.w, dotB);
            const long blk = ((long) bb * cols + 256L * sb + 64 * k) / 32;
            const float2 xa = xd[blk], xb = xd[blk + 1];
            acc[bb] += dm.x * ((float) (scA * dotA) * xa.x + (float) (scB * dotB) * xb.x)
                     - minScale * ((float) mA * xa.y + (float) mB * xb.y);
        }
    }
}

// Six-bit values q in 0..63 packed in bytes, to signed bytes q - 32 (no borrow crosses a byte).
INFER_DEVICE int q6_minus_32(uint32_t v) {
    const uint32_t low = ~v & 0x20202020u;   // bytes with q < 32 become negative: set bits 6 and 7 too
    return (int) ((v ^ 0x20202020u) | (low << 1) | (low << 2));
}

// Q6_K: 8 lanes per block, lane c covers half n = c / 4 and positions l0 = 8 (c % 4) .. + 8 of the four
// 32-value groups of that half (group g: values 128n + 32g + l).
template <int NB>
INFER_DEVICE void row_dot_q6k(const uint8_t* __restrict__ row, int cols, const int8_t* __restrict__ xq,
                              const float2* __restrict__ xd, float* acc) {
    const int lane = lane_id();
    const int c = lane & 7, n = c >> 2, l0 = 8 * (c & 3);
    const int nsb = cols / 256;
    for (int sb = lane >> 3; sb < nsb; sb += 4) {
        const uint8_t* b = row + 210L * sb;
        const uint8_t* ql = b + 64 * n + l0;
        const uint8_t* qh = b + 128 + 32 * n + l0;
        const uint32_t A0 = load_u32_a2(ql), A1 = load_u32_a2(ql + 4);
        const uint32_t B0 = load_u32_a2(ql + 32), B1 = load_u32_a2(ql + 36);
        const uint32_t H0 = load_u32_a2(qh), H1 = load_u32_a2(qh + 4);
        // scales[8n .. 8n + 8); this lane's sub-groups of 16 are l0 / 16 + 2g
        const uint32_t S0 = load_u32_a2(b + 192 + 8 * n), S1 = load_u32_a2(b + 196 + 8 * n);
        const int sh = 8 * (l0 >> 4);
        const int sc0 = (int8_t) (S0 >> sh), sc1 = (int8_t) (S0 >> (sh + 16));
        const int sc2 = (int8_t) (S1 >> sh), sc3 = (int8_t) (S1 >> (sh + 16));
        const float d = load_f16(b + 208);
        const int v00 = q6_minus_32((A0 & 0x0f0f0f0fu) | ((H0 << 4) & 0x30303030u));
        const int v01 = q6_minus_32((A1 & 0x0f0f0f0fu) | ((H1 << 4) & 0x30303030u));
        const int v10 = q6_minus_32((B0 & 0x0f0f0f0fu) | ((H0 << 2) & 0x30303030u));
        const int v11 = q6_minus_32((B1 & 0x0f0f0f0fu) | ((H1 << 2) & 0x30303030u));
        const int v20 = q6_minus_32(((A0 >> 4) & 0x0f0f0f0fu) | (H0 & 0x30303030u));
        const int v21 = q6_minus_32(((A1 >> 4) & 0x0f0f0f0fu) | (H1 & 0x30303030u));
        const int v30 = q6_minus_32(((B0 >> 4) & 0x0f0f0f0fu) | ((H0 >> 2) & 0x30303030u));
        const int v31 = q6_minus_32(((B1 >> 4) & 0x0f0f0f0fu) | ((H1 >> 2) & 0x30303030u));
#pragma unroll
        for (int bb = 0; bb < NB; bb++) {
            const long base = (long) bb * cols + 256L * sb + 128 * n + l0;
            const u32x2 a0 = load_u32x2(xq + base), a1 = load_u32x2(xq + base + 32);
            const u32x2 a2 = load_u32x2(xq + base + 64), a3 = load_u32x2(xq + base + 96);
            const int d0 = dp4a(v01, (int) a0.y, dp4a(v00, (int) a0.x, 0));
            const int d1 = dp4a(v11, (int) a1.y, dp4a(v10, (int) a1.x, 0));
            const int d2 = dp4a(v21, (int) a2.y, dp4a(v20, (int) a2.x, 0));
            const int d3 = dp4a(v31, (int) a3.y, dp4a(v30, (int) a3.x, 0));
            const long blk = ((long) bb * cols + 256L * sb + 128 * n) / 32;
            acc[bb] += d * ((float) (sc0 * d0) * xd[blk].x + (float) (sc1 * d1) * xd[blk + 1].x
                          + (float) (sc2 * d2) * xd[blk + 2].x + (float) (sc3 * d3) * xd[blk + 3].x);
        }
    }
}

// Q8_0: 4 lanes per 32-value block, 8 values each.
template <int NB>
INFER_DEVICE void row_dot_q80(const uint8_t* __restrict__ row, int cols, const int8_t* __restrict__ xq,
                              const float2* __restrict__ xd, float* acc) {
    const int lane = lane_id();
    const int c = lane & 3;
    const int nb = cols / 32;
    for (int blk = lane >> 2; blk < nb; blk += 8) {
        const uint8_t* b = row + 34L * blk;
        const float d = load_f16(b);
        const int w0 = (int) load_u32_a2(b + 2 + 8 * c), w1 = (int) load_u32_a2(b + 6 + 8 * c);
#pragma unroll
        for (int bb = 0; bb < NB; bb++) {
            const u32x2 a = load_u32x2(xq + (long) bb * cols + 32L * blk + 8 * c);
            const int dot = dp4a(w1, (int) a.y, dp4a(w0, (int) a.x, 0));
            acc[bb] += d * xd[(long) bb * (cols / 32) + blk].x * (float) dot;
        }
    }
}


// Adds this lane's share of row . x_b to acc[b] for every column b, for weight type T.
template <int T, int NB>
INFER_DEVICE void row_dot_q8(const uint8_t* __restrict__ row, int cols, const int8_t* __restrict__ xq,
                             const float2* __restrict__ xd, float* acc) {
    if constexpr (T == WT_Q4_K) row_dot_q4k<NB>(row, cols, xq, xd, acc);
    else if constexpr (T == WT_Q6_K) row_dot_q6k<NB>(row, cols, xq, xd, acc);
    else row_dot_q80<NB>(row, cols, xq, xd, acc);
}

template <int T, int NB>
INFER_DEVICE void matvec_q8(const uint8_t* __restrict__ w, const int8_t* __restrict__ xq, const float2* __restrict__ xd,
                            float* __restrict__ y, int rows, int cols, int accumulate) {
    const int r = block_x() * MV_WARPS + thread_x() / INFER_WARP_SIZE;
    if (r >= rows) return;
    float acc[NB];
#pragma unroll
    for (int b = 0; b < NB; b++) acc[b] = 0.0f;
    row_dot_q8<T, NB>(w + (long) r * row_bytes<T>(cols), cols, xq, xd, acc);
#pragma unroll
    for (int b = 0; b < NB; b++) acc[b] = warp_sum(acc[b]);
    if (lane_id() == 0) {
#pragma unroll
        for (int b = 0; b < NB; b++) {
            float* out = y + (long) b * rows + r;
            *out = accumulate ? *out + acc[b] : acc[b];
        }
    }
}

// y = silu(G x) * (U x): the FFN's gate and up projections and SwiGLU in one pass.
template <int T, int NB>
INFER_DEVICE void matvec_swiglu_q8(const uint8_t* __restrict__ gate, const uint8_t* __restrict__ up,
                                   const int8_t* __restrict__ xq, const float2* __restrict__ xd, float* __restrict__ y,
                                   int rows, int cols) {
    const int r = block_x() * MV_WARPS + thread_x() / INFER_WARP_SIZE;
    if (r >= rows) return;
    float g[NB], u[NB];
#pragma unroll
    for (int b = 0; b < NB; b++) g[b] = u[b] = 0.0f;
    const long off = (long) r * row_bytes<T>(cols);
    row_dot_q8<T, NB>(gate + off, cols, xq, xd, g);
    row_dot_q8<T, NB>(up + off, cols, xq, xd, u);
#pragma unroll
    for (int b = 0; b < NB; b++) {
        g[b] = warp_sum(g[b]);
        u[b] = warp_sum(u[b]);
    }
    if (lane_id() == 0) {
#pragma unroll
        for (int b = 0; b < NB; b++) y[(long) b * rows + r] = silu(g[b]) * u[b];
    }
}

struct MatvecParams {
    const uint8_t* w;  // [rows] rows of row_bytes(cols)
    const int8_t* xq;  // [batch][cols]
    const float2* xd;  // [batch][cols / 32]
    float* y;          // [batch][rows]
    int rows, cols, batch, accumulate;
};

struct SwigluMatvecParams {
    const uint8_t* gate;  // [rows] rows, same type as up
    const uint8_t* up;
    const int8_t* xq;
    const float2* xd;
    float* y;  // silu(gate x) * (up x), [batch][rows]
    int rows, cols, batch;
};

template <int T>
INFER_DEVICE void matvec_q8_any(const MatvecParams& p) {
    switch (p.batch) {
#define MV_CASE(NB) case NB: matvec_q8<T, NB>(p.w, p.xq, p.xd, p.y, p.rows, p.cols, p.accumulate); break;
        MV_CASE(1) MV_CASE(2) MV_CASE(3) MV_CASE(4) MV_CASE(5) MV_CASE(6) MV_CASE(7)
        default: matvec_q8<T, 8>(p.w, p.xq, p.xd, p.y, p.rows, p.cols, p.accumulate); break;
#undef MV_CASE
    }
}

template <int T>
INFER_DEVICE void matvec_swiglu_q8_any(const SwigluMatvecParams& p) {
    switch (p.batch) {
#define MV_CASE(NB) case NB: matvec_swiglu_q8<T, NB>(p.gate, p.up, p.xq, p.xd, p.y, p.rows, p.cols); break;
        MV_CASE(1) MV_CASE(2) MV_CASE(3) MV_CASE(4) MV_CASE(5) MV_CASE(6) MV_CASE(7)
        default: matvec_swiglu_q8<T, 8>(p.gate, p.up, p.xq, p.xd, p.y, p.rows, p.cols); break;
#undef MV_CASE
    }
}

// Entry points: grid (ceil(rows / 4)), block 128, batch 1..8 (larger batches take several launches, offsetting
// xq, xd and y by 8 columns each).
#define MV_ENTRIES(NAME, T)                                                                                           \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(128) void infer_matvec_##NAME(MatvecParams p) { matvec_q8_any<T>(p); }         \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(128) void infer_matvec_swiglu_##NAME(SwigluMatvecParams p) {                  \
        matvec_swiglu_q8_any<T>(p);                                                                                \
    }

MV_ENTRIES(q4_k, WT_Q4_K)
MV_ENTRIES(q6_k, WT_Q6_K)
MV_ENTRIES(q8_0, WT_Q8_0)
