// matvec.hip — y = W x for 1..8 activation columns, straight from Q4_K, Q6_K and Q8_0 weights, with x quantized
// to 8 bits (quantize.hip) so that the inner products run on dp4a.
//
// Each warp owns MV_ROWS_PER_WARP consecutive rows and streams them together (the loads of several rows are in
// flight at once, and each activation slice is loaded once for all of them); MV_WARPS warps per block. Lanes take
// 16-byte (Q4_K) or 8-byte (Q6_K, Q8_0) slices of consecutive blocks, so a warp reads contiguous memory. Every
// weight byte is read once for all columns.
// Weights: row-major, row r at w + r * row_bytes(cols). Activations: xq[b * cols + i], xd[b * cols / 32 + i / 32].
// Output: y[b * rows + r]; with `accumulate`, y += W x (the residual add is free).
#include "quants.h"

#define MV_WARPS 4
#define MV_ROWS_PER_WARP 2
#define MV_ROWS_PER_BLOCK (MV_WARPS * MV_ROWS_PER_WARP)
#define MV_MAX_BATCH 8
// gate/up + SwiGLU (+ quantization of the result): 8 warps of 4 rows, so a block makes one 32-value 8-bit block
#define SW_WARPS 8
#define SW_ROWS_PER_WARP 4
#define SW_ROWS_PER_BLOCK (SW_WARPS * SW_ROWS_PER_WARP)

// Rows a warp streams at once: two for one or two columns; for more, RB. Measured on H100 (2026-11-25): RB = 2 makes
// batch-8 products 25-40% faster, but the extra registers slow the batch-1 instantiation in the same kernel by up
// to 12%, so all kernels use RB = 1 until batch 1 and larger batches get separate entry points.
template <int NB, int RB> struct RowsAtOnce { static constexpr int value = NB <= 2 ? 2 : RB; };
// The same for the gate/up pair (two matrices per row): 4 rows of each for one or two columns, else 2.
template <int NB> struct SwigluRowsAtOnce { static constexpr int value = NB <= 2 ? 4 : 2; };

// Q4_K: 8 lanes per 256-value block, lane c takes qs bytes [16c, 16c + 16): 16 values of sub-block 2k (low
// nibbles) and 16 of sub-block 2k + 1 (high nibbles), k = c / 2. The min term needs the sum of a whole
// 32-value activation block, so only the even lane of each pair adds it.
template <int R, int NB>
INFER_DEVICE void rows_dot_q4k(const uint8_t* const (&rp)[R], int cols, const int8_t* __restrict__ xq,
                               const float2* __restrict__ xd, float (&acc)[R][NB]) {
    const int lane = lane_id();
    const int c = lane & 7, k = c >> 1, h = c & 1;
    const int nsb = cols / 256;
    for (int sb = lane >> 3; sb < nsb; sb += 4) {
        u32x4 hdr[R], q[R];
#pragma unroll
        for (int r = 0; r < R; r++) {
            const uint8_t* b = rp[r] + 144L * sb;
            hdr[r] = load_u32x4(b);
            q[r] = load_stream_u32x4(b + 16 + 16 * c);
        }
        float dA[R], dB[R], mA[R], mB[R];
#pragma unroll
        for (int r = 0; r < R; r++) {
            const float2 dm = f16x2_to_f32x2(hdr[r].x);
            int sc, m;
            q4k_scale_min(2 * k, hdr[r].y, hdr[r].z, hdr[r].w, &sc, &m);
            dA[r] = dm.x * (float) sc;
            mA[r] = h == 0 ? dm.y * (float) m : 0.0f;
            q4k_scale_min(2 * k + 1, hdr[r].y, hdr[r].z, hdr[r].w, &sc, &m);
            dB[r] = dm.x * (float) sc;
            mB[r] = h == 0 ? dm.y * (float) m : 0.0f;
        }
#pragma unroll
        for (int bb = 0; bb < NB; bb++) {
            const long base = (long) bb * cols + 256L * sb + 64 * k + 16 * h;
            const u32x4 a = load_u32x4(xq + base);
            const u32x4 a2 = load_u32x4(xq + base + 32);
            const long blk = ((long) bb * cols + 256L * sb + 64 * k) / 32;
            const float2 xa = xd[blk], xb = xd[blk + 1];
#pragma unroll
            for (int r = 0; r < R; r++) {
                int dotA = dp4a((int) (q[r].x & 0x0f0f0f0fu), (int) a.x, 0);
                dotA = dp4a((int) (q[r].y & 0x0f0f0f0fu), (int) a.y, dotA);
                dotA = dp4a((int) (q[r].z & 0x0f0f0f0fu), (int) a.z, dotA);
                dotA = dp4a((int) (q[r].w & 0x0f0f0f0fu), (int) a.w, dotA);
                int dotB = dp4a((int) ((q[r].x >> 4) & 0x0f0f0f0fu), (int) a2.x, 0);
                dotB = dp4a((int) ((q[r].y >> 4) & 0x0f0f0f0fu), (int) a2.y, dotB);
                dotB = dp4a((int) ((q[r].z >> 4) & 0x0f0f0f0fu), (int) a2.z, dotB);
                dotB = dp4a((int) ((q[r].w >> 4) & 0x0f0f0f0fu), (int) a2.w, dotB);
                acc[r][bb] += dA[r] * (float) dotA * xa.x + dB[r] * (float) dotB * xb.x - (mA[r] * xa.y + mB[r] * xb.y);
            }
        }
    }
}

// Q6_K: 8 lanes per block, lane c covers half n = c / 4 and positions l0 = 8 (c % 4) .. + 8 of the four
// 32-value groups of that half (group g: values 128n + 32g + l).
template <int R, int NB>
INFER_DEVICE void rows_dot_q6k(const uint8_t* const (&rp)[R], int cols, const int8_t* __restrict__ xq,
                               const float2* __restrict__ xd, float (&acc)[R][NB]) {
    const int lane = lane_id();
    const int c = lane & 7, n = c >> 2, l0 = 8 * (c & 3);
    const int sh = 8 * (l0 >> 4);  // this lane's 16-value scale groups are l0 / 16 + 2g
    const int nsb = cols / 256;
    for (int sb = lane >> 3; sb < nsb; sb += 4) {
        uint32_t A0[R], A1[R], B0[R], B1[R], H0[R], H1[R], S0[R], S1[R];
        float d[R];
#pragma unroll
        for (int r = 0; r < R; r++) {
            const uint8_t* b = rp[r] + 210L * sb;
            const uint8_t* ql = b + 64 * n + l0;
            const uint8_t* qh = b + 128 + 32 * n + l0;
            A0[r] = load_u32_a2(ql);
            A1[r] = load_u32_a2(ql + 4);
            B0[r] = load_u32_a2(ql + 32);
            B1[r] = load_u32_a2(ql + 36);
            H0[r] = load_u32_a2(qh);
            H1[r] = load_u32_a2(qh + 4);
            S0[r] = load_u32_a2(b + 192 + 8 * n);
            S1[r] = load_u32_a2(b + 196 + 8 * n);
            d[r] = load_f16(b + 208);
        }
        int v[R][8];
        float s[R][4];
#pragma unroll
        for (int r = 0; r < R; r++) {
            v[r][0] = q6_minus_32((A0[r] & 0x0f0f0f0fu) | ((H0[r] << 4) & 0x30303030u));
            v[r][1] = q6_minus_32((A1[r] & 0x0f0f0f0fu) | ((H1[r] << 4) & 0x30303030u));
            v[r][2] = q6_minus_32((B0[r] & 0x0f0f0f0fu) | ((H0[r] << 2) & 0x30303030u));
            v[r][3] = q6_minus_32((B1[r] & 0x0f0f0f0fu) | ((H1[r] << 2) & 0x30303030u));
            v[r][4] = q6_minus_32(((A0[r] >> 4) & 0x0f0f0f0fu) | (H0[r] & 0x30303030u));
            v[r][5] = q6_minus_32(((A1[r] >> 4) & 0x0f0f0f0fu) | (H1[r] & 0x30303030u));
            v[r][6] = q6_minus_32(((B0[r] >> 4) & 0x0f0f0f0fu) | ((H0[r] >> 2) & 0x30303030u));
            v[r][7] = q6_minus_32(((B1[r] >> 4) & 0x0f0f0f0fu) | ((H1[r] >> 2) & 0x30303030u));
            s[r][0] = d[r] * (float) (int8_t) (S0[r] >> sh);
            s[r][1] = d[r] * (float) (int8_t) (S0[r] >> (sh + 16));
            s[r][2] = d[r] * (float) (int8_t) (S1[r] >> sh);
            s[r][3] = d[r] * (float) (int8_t) (S1[r] >> (sh + 16));
        }
#pragma unroll
        for (int bb = 0; bb < NB; bb++) {
            const long base = (long) bb * cols + 256L * sb + 128 * n + l0;
            const u32x2 a0 = load_u32x2(xq + base), a1 = load_u32x2(xq + base + 32);
            const u32x2 a2 = load_u32x2(xq + base + 64), a3 = load_u32x2(xq + base + 96);
            const long blk = ((long) bb * cols + 256L * sb + 128 * n) / 32;
            const float x0 = xd[blk].x, x1 = xd[blk + 1].x, x2 = xd[blk + 2].x, x3 = xd[blk + 3].x;
#pragma unroll
            for (int r = 0; r < R; r++) {
                const int d0 = dp4a(v[r][1], (int) a0.y, dp4a(v[r][0], (int) a0.x, 0));
                const int d1 = dp4a(v[r][3], (int) a1.y, dp4a(v[r][2], (int) a1.x, 0));
                const int d2 = dp4a(v[r][5], (int) a2.y, dp4a(v[r][4], (int) a2.x, 0));
                const int d3 = dp4a(v[r][7], (int) a3.y, dp4a(v[r][6], (int) a3.x, 0));
                acc[r][bb] += s[r][0] * (float) d0 * x0 + s[r][1] * (float) d1 * x1 + s[r][2] * (float) d2 * x2
                            + s[r][3] * (float) d3 * x3;
            }
        }
    }
}

// Q8_0: 4 lanes per 32-value block, 8 values each.
template <int R, int NB>
INFER_DEVICE void rows_dot_q80(const uint8_t* const (&rp)[R], int cols, const int8_t* __restrict__ xq,
                               const float2* __restrict__ xd, float (&acc)[R][NB]) {
    const int lane = lane_id();
    const int c = lane & 3;
    const int nb = cols / 32;
    for (int blk = lane >> 2; blk < nb; blk += 8) {
        int w0[R], w1[R];
        float d[R];
#pragma unroll
        for (int r = 0; r < R; r++) {
            const uint8_t* b = rp[r] + 34L * blk;
            d[r] = load_f16(b);
            w0[r] = (int) load_u32_a2(b + 2 + 8 * c);
            w1[r] = (int) load_u32_a2(b + 6 + 8 * c);
        }
#pragma unroll
        for (int bb = 0; bb < NB; bb++) {
            const u32x2 a = load_u32x2(xq + (long) bb * cols + 32L * blk + 8 * c);
            const float x = xd[(long) bb * (cols / 32) + blk].x;
#pragma unroll
            for (int r = 0; r < R; r++) {
                acc[r][bb] += d[r] * x * (float) dp4a(w1[r], (int) a.y, dp4a(w0[r], (int) a.x, 0));
            }
        }
    }
}

// Adds this lane's share of rows rp[0..R) . x_b to acc[r][b], for weight type T.
template <int T, int R, int NB>
INFER_DEVICE void rows_dot(const uint8_t* const (&rp)[R], int cols, const int8_t* __restrict__ xq,
                           const float2* __restrict__ xd, float (&acc)[R][NB]) {
#pragma unroll
    for (int r = 0; r < R; r++)
#pragma unroll
        for (int b = 0; b < NB; b++) acc[r][b] = 0.0f;
    if constexpr (T == WT_Q4_K) rows_dot_q4k<R, NB>(rp, cols, xq, xd, acc);
    else if constexpr (T == WT_Q6_K) rows_dot_q6k<R, NB>(rp, cols, xq, xd, acc);
    else rows_dot_q80<R, NB>(rp, cols, xq, xd, acc);
#pragma unroll
    for (int r = 0; r < R; r++)
#pragma unroll
        for (int b = 0; b < NB; b++) acc[r][b] = warp_sum(acc[r][b]);
}

// Rows [r0, r0 + R) of W (clamped to the last row, whose duplicates are then not written).
template <int T, int R>
INFER_DEVICE void row_pointers(const uint8_t* w, int rows, int cols, int r0, const uint8_t* (&rp)[R]) {
    const long stride = row_bytes<T>(cols);
#pragma unroll
    for (int r = 0; r < R; r++) rp[r] = w + (long) (r0 + r < rows ? r0 + r : rows - 1) * stride;
}

// One warp's MV_ROWS_PER_WARP rows, starting at r0, in passes of R rows.
template <int T, int NB, int RB>
INFER_DEVICE void matvec_warp(const uint8_t* __restrict__ w, const int8_t* __restrict__ xq, const float2* __restrict__ xd,
                              float* __restrict__ y, int rows, int cols, int accumulate, int r0) {
    constexpr int R = RowsAtOnce<NB, RB>::value;
#pragma unroll
    for (int pass = 0; pass < MV_ROWS_PER_WARP; pass += R) {
        const int rr = r0 + pass;
        if (rr >= rows) return;
        const uint8_t* rp[R];
        row_pointers<T, R>(w, rows, cols, rr, rp);
        float acc[R][NB];
        rows_dot<T, R, NB>(rp, cols, xq, xd, acc);
        if (lane_id() == 0) {
#pragma unroll
            for (int r = 0; r < R; r++) {
                if (rr + r >= rows) break;
#pragma unroll
                for (int b = 0; b < NB; b++) {
                    float* out = y + (long) b * rows + rr + r;
                    *out = accumulate ? *out + acc[r][b] : acc[r][b];
                }
            }
        }
    }
}

template <int T, int NB>
INFER_DEVICE void matvec_q8(const uint8_t* w, const int8_t* xq, const float2* xd, float* y, int rows, int cols,
                            int accumulate) {
    const int r0 = (block_x() * MV_WARPS + thread_x() / INFER_WARP_SIZE) * MV_ROWS_PER_WARP;
    matvec_warp<T, NB, 1>(w, xq, xd, y, rows, cols, accumulate, r0);
}

// y = silu(G x) * (U x) for a block of SW_ROWS_PER_BLOCK rows (the FFN's gate and up projections and SwiGLU in one
// pass), written as f32 (y, if not null) and as one 8-bit block per column for the down projection (yq, yd, if not
// null; rows % 32 == 0).
template <int T, int NB>
INFER_DEVICE void matvec_swiglu_q8(const uint8_t* __restrict__ gate, const uint8_t* __restrict__ up,
                                   const int8_t* __restrict__ xq, const float2* __restrict__ xd, float* __restrict__ y,
                                   int8_t* __restrict__ yq, float2* __restrict__ yd, int rows, int cols) {
    constexpr int R = SwigluRowsAtOnce<NB>::value;
    __shared__ float out[NB][SW_ROWS_PER_BLOCK];
    const int warp = thread_x() / INFER_WARP_SIZE;
    const int block0 = block_x() * SW_ROWS_PER_BLOCK;
#pragma unroll
    for (int pass = 0; pass < SW_ROWS_PER_WARP; pass += R) {
        const int rr = block0 + warp * SW_ROWS_PER_WARP + pass;
        const uint8_t* gp[R];
        const uint8_t* up_[R];
        row_pointers<T, R>(gate, rows, cols, rr, gp);
        row_pointers<T, R>(up, rows, cols, rr, up_);
        float g[R][NB], u[R][NB];
        rows_dot<T, R, NB>(gp, cols, xq, xd, g);
        rows_dot<T, R, NB>(up_, cols, xq, xd, u);
        if (lane_id() == 0) {
#pragma unroll
            for (int r = 0; r < R; r++)
#pragma unroll
                for (int b = 0; b < NB; b++) out[b][warp * SW_ROWS_PER_WARP + pass + r] = silu(g[r][b]) * u[r][b];
        }
    }
    sync_block();
    // one warp per column: write f32 and quantize the block's 32 values
    if (warp < NB) {
        const bool in = block0 + lane_id() < rows;
        const float val = in ? out[warp][lane_id()] : 0.0f;
        const long o = (long) warp * rows + block0 + lane_id();
        if (y && in) y[o] = val;
        if (yq) quantize_block_q8(val, yq, yd, o / 32);  // all 32 lanes: rows % 32 == 0 when yq is set
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
    float* y;     // silu(gate x) * (up x), [batch][rows] f32, or null
    int8_t* yq;   // the same as 8-bit blocks [batch][rows], or null (needs rows % 32 == 0)
    float2* yd;   // [batch][rows / 32]
    int rows, cols, batch;
};

// Up to three matrices of any dp4a type sharing one input (the attention's q, k and v projections): block b
// works on the matrix whose range of blocks holds b. Unused matrices have rows == 0.
struct MatvecMultiParams {
    const uint8_t* w[3];
    float* y[3];
    const int8_t* xq;
    const float2* xd;
    int type[3];  // ggml type ids: 8 (Q8_0), 12 (Q4_K), 14 (Q6_K)
    int rows[3];
    int cols, batch;
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
#define MV_CASE(NB) case NB: matvec_swiglu_q8<T, NB>(p.gate, p.up, p.xq, p.xd, p.y, p.yq, p.yd, p.rows, p.cols); break;
        MV_CASE(1) MV_CASE(2) MV_CASE(3) MV_CASE(4) MV_CASE(5) MV_CASE(6) MV_CASE(7)
        default: matvec_swiglu_q8<T, 8>(p.gate, p.up, p.xq, p.xd, p.y, p.yq, p.yd, p.rows, p.cols); break;
#undef MV_CASE
    }
}

template <int NB>
INFER_DEVICE void matvec_multi(const MatvecMultiParams& p) {
    const int blocks0 = (p.rows[0] + MV_ROWS_PER_BLOCK - 1) / MV_ROWS_PER_BLOCK;
    const int blocks1 = (p.rows[1] + MV_ROWS_PER_BLOCK - 1) / MV_ROWS_PER_BLOCK;
    int b = block_x(), m = 0;
    if (b >= blocks0) {
        b -= blocks0;
        m = 1;
        if (b >= blocks1) {
            b -= blocks1;
            m = 2;
        }
    }
    const int r0 = (b * MV_WARPS + thread_x() / INFER_WARP_SIZE) * MV_ROWS_PER_WARP;
    // selects rather than p.w[m]: an array indexed at run time would go to local memory
    const uint8_t* w = m == 0 ? p.w[0] : m == 1 ? p.w[1] : p.w[2];
    float* y = m == 0 ? p.y[0] : m == 1 ? p.y[1] : p.y[2];
    const int rows = m == 0 ? p.rows[0] : m == 1 ? p.rows[1] : p.rows[2];
    const int type = m == 0 ? p.type[0] : m == 1 ? p.type[1] : p.type[2];
    switch (type) {
        case WT_Q4_K: matvec_warp<WT_Q4_K, NB, 1>(w, p.xq, p.xd, y, rows, p.cols, 0, r0); break;
        case WT_Q6_K: matvec_warp<WT_Q6_K, NB, 1>(w, p.xq, p.xd, y, rows, p.cols, 0, r0); break;
        default: matvec_warp<WT_Q8_0, NB, 1>(w, p.xq, p.xd, y, rows, p.cols, 0, r0); break;
    }
}

// Entry points. Plain: grid (ceil(rows / MV_ROWS_PER_BLOCK)), block 32 * MV_WARPS. Multi: grid = the sum of that
// over the matrices. SwiGLU: grid (ceil(rows / SW_ROWS_PER_BLOCK)), block 32 * SW_WARPS. batch 1..8 (larger
// batches take several launches, offsetting xq, xd and y by 8 columns each).
#define MV_ENTRIES(NAME, T)                                                                                           \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * MV_WARPS) void infer_matvec_##NAME(MatvecParams p) { matvec_q8_any<T>(p); } \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * SW_WARPS) void infer_matvec_swiglu_##NAME(SwigluMatvecParams p) {        \
        matvec_swiglu_q8_any<T>(p);                                                                                \
    }

MV_ENTRIES(q4_k, WT_Q4_K)
MV_ENTRIES(q6_k, WT_Q6_K)
MV_ENTRIES(q8_0, WT_Q8_0)

INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * MV_WARPS) void infer_matvec_multi_q8_1(MatvecMultiParams p) {
    switch (p.batch) {
#define MV_CASE(NB) case NB: matvec_multi<NB>(p); break;
        MV_CASE(1) MV_CASE(2) MV_CASE(3) MV_CASE(4) MV_CASE(5) MV_CASE(6) MV_CASE(7)
        default: matvec_multi<8>(p); break;
#undef MV_CASE
    }
}
