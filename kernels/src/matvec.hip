// matvec.hip — y = W x for 1..8 activation columns, straight from Q4_K, Q6_K and Q8_0 weights, with x quantized
// to 8 bits (quantize.hip) so that the inner products run on dp4a. One column (decode) has entries of its own
// (infer_matvec1_*: their block shapes, and the RMSNorms fused into them, below).
//
// Each warp owns MV_ROWS_PER_WARP consecutive rows and streams them together (the loads of several rows are in
// flight at once, and each activation slice is loaded once for all of them); MV_WARPS warps per block. Lanes take
// 16-byte (Q4_K; Q6_K's ql in its device layout, quants.h) or 8-byte (Q8_0) slices of consecutive blocks, so a warp
// reads contiguous memory. Every weight byte is read once for all columns.
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

// A fused RMSNorm between two one-column products (decode), without a kernel of its own. The producer (a product
// that adds into the residual stream x, RmsOut) writes, per 32 values of x, the 8-bit blocks of x * w (w the next
// norm's weight) and the sum of squares of x: the last block to finish a 32-value group does both. 8-bit blocks
// do not change when their values are all scaled by one number, so the consumer (RmsIn) takes those blocks as its
// input and scales its dot products by rsqrt(sum / cols + eps) afterwards.
struct RmsIn {
    const float* ss;  // [cols / 32] sums of squares of the producer's groups; null: the input is already normalized
    float eps;
};
struct RmsOut {
    const float* w;       // the next norm's weight [rows]; null: no fused norm (then the rest is unused)
    int8_t* q;            // [rows] 8-bit blocks of x * w
    float2* d;            // [rows / 32] their scales, not yet divided by the rms
    float* ss;            // [rows / 32] sums of squares of x
    unsigned* arrivals;   // [rows / 32] blocks finished per group: zero before the launch, left zero after it
};

// rsqrt(mean(x^2) + eps) from the producer's group sums (1 without them); every lane of the warp gets it. The
// groups are summed in a fixed order, so the result does not depend on which block finished first.
INFER_DEVICE float rms_in_scale(const RmsIn& in, int cols) {
    if (!in.ss) return 1.0f;
    float t = 0.0f;
    for (int i = lane_id(); i < cols / 32; i += INFER_WARP_SIZE) t += in.ss[i];
    return fast_rsqrt(warp_sum(t) / (float) cols + in.eps);
}

// After a block of ROWS rows (ROWS divides 32, rows % 32 == 0) wrote its part of y: the last block of its 32-row
// group turns the group into RmsOut's block and sum. Every thread of the block calls it.
template <int ROWS>
INFER_DEVICE void rms_out_group(const float* y, const RmsOut& out) {
    static_assert(32 % ROWS == 0, "a block's rows must lie in one 32-row group");
    __shared__ int last;
    const int g = block_x() * ROWS / 32;
    sync_block();
    // releases this block's rows of y (the barrier orders them before); the last arrival acquires the others'.
    // (A fence in every thread instead, then a relaxed count: 1% slower decode on H100, 2026-11-26.)
    if (thread_x() == 0) last = atomic_add_acq_rel(out.arrivals + g, 1u) == 32 / ROWS - 1;
    sync_block();
    if (last && thread_x() < INFER_WARP_SIZE) {
        const float v = load_coherent(y + 32L * g + lane_id());
        const float ss = warp_sum(v * v);
        quantize_block_q8(v * out.w[32L * g + lane_id()], out.q, out.d, g);
        if (lane_id() == 0) {
            out.ss[g] = ss;
            out.arrivals[g] = 0;  // for the next launch
        }
    }
}

// Rows a warp streams at once in the batched entries: two for two columns; for more, RB. RB = 2 (H100, 2026-11-25,
// kernel_check --kernel-timing): Q4_K products of 4 and 8 columns 15-35% faster than RB = 1, the Q6_K output
// matrix 34-38%, the Q6_K down projection 5-12% slower. (It slowed the one-column case when that shared the kernel.)
template <int NB, int RB> struct RowsAtOnce { static constexpr int value = NB <= 2 ? 2 : RB; };
// The same for the gate/up pair (two matrices per row): 4 rows of each for one or two columns, else 2.
template <int NB> struct SwigluRowsAtOnce { static constexpr int value = NB <= 2 ? 4 : 2; };

// Q4_K: 8 lanes per 256-value block, lane c takes qs bytes [16c, 16c + 16): 16 values of sub-block 2k (low
// nibbles) and 16 of sub-block 2k + 1 (high nibbles), k = c / 2. The min term needs the sum of a whole
// 32-value activation block, so only the even lane of each pair adds it. One slice: this lane's part of block sb
// of R rows.
template <int R> struct Q4kSlice {
    u32x4 hdr[R], q[R];

    INFER_DEVICE void load(const uint8_t* const (&rp)[R], int, int sb) {
        const int c = lane_id() & 7;
#pragma unroll
        for (int r = 0; r < R; r++) {
            const uint8_t* b = rp[r] + 144L * sb;
            hdr[r] = load_u32x4(b);
            q[r] = load_stream_u32x4(b + 16 + 16 * c);
        }
    }

    template <int NB>
    INFER_DEVICE void dot(int sb, int cols, const int8_t* __restrict__ xq, const float2* __restrict__ xd,
                          float (&acc)[R][NB]) const {
        const int c = lane_id() & 7, k = c >> 1, h = c & 1;
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
                const u32x4 w = q[r];
                int dotA = dp4a((int) (w.x & 0x0f0f0f0fu), (int) a.x, 0);
                dotA = dp4a((int) (w.y & 0x0f0f0f0fu), (int) a.y, dotA);
                dotA = dp4a((int) (w.z & 0x0f0f0f0fu), (int) a.z, dotA);
                dotA = dp4a((int) (w.w & 0x0f0f0f0fu), (int) a.w, dotA);
                int dotB = dp4a((int) ((w.x >> 4) & 0x0f0f0f0fu), (int) a2.x, 0);
                dotB = dp4a((int) ((w.y >> 4) & 0x0f0f0f0fu), (int) a2.y, dotB);
                dotB = dp4a((int) ((w.z >> 4) & 0x0f0f0f0fu), (int) a2.z, dotB);
                dotB = dp4a((int) ((w.w >> 4) & 0x0f0f0f0fu), (int) a2.w, dotB);
                acc[r][bb] += dA[r] * (float) dotA * xa.x + dB[r] * (float) dotB * xb.x - (mA[r] * xa.y + mB[r] * xb.y);
            }
        }
    }
};

// Q6_K (the device layout, quants.h): 8 lanes per block, lane c covers half n = c / 4 and positions
// l0 = 8 (c % 4) .. + 8 of the four 32-value groups of that half (group g: values 128n + 32g + l). Its 16 ql bytes,
// 8 qh bytes, the half's 8 scales and d: four loads.
template <int R> struct Q6kSlice {
    uint32_t A0[R], A1[R], B0[R], B1[R], H0[R], H1[R], S0[R], S1[R];
    float d[R];

    INFER_DEVICE void load(const uint8_t* const (&rp)[R], int nsb, int sb) {
        const int c = lane_id() & 7, n = c >> 2;
#pragma unroll
        for (int r = 0; r < R; r++) {
            const Q6kParts b = q6k_parts(rp[r], nsb, sb);
            const u32x4 l = load_stream_u32x4(b.ql + 16 * c);
            const u32x2 hq = load_stream_u32x2(b.qh + 8 * c);
            const u32x2 sc = load_u32x2(b.sc + 8 * n);
            A0[r] = l.x;
            A1[r] = l.y;
            B0[r] = l.z;
            B1[r] = l.w;
            H0[r] = hq.x;
            H1[r] = hq.y;
            S0[r] = sc.x;
            S1[r] = sc.y;
            d[r] = load_f16(b.d);
        }
    }

    template <int NB>
    INFER_DEVICE void dot(int sb, int cols, const int8_t* __restrict__ xq, const float2* __restrict__ xd,
                          float (&acc)[R][NB]) const {
        const int c = lane_id() & 7, n = c >> 2, l0 = 8 * (c & 3);
        const int sh = 8 * (l0 >> 4);  // this lane's 16-value scale groups are l0 / 16 + 2g
        int v[R][8];
        float s[R][4];
#pragma unroll
        for (int r = 0; r < R; r++) {
            const uint32_t a0 = A0[r], a1 = A1[r], b0 = B0[r], b1 = B1[r], h0 = H0[r], h1 = H1[r];
            v[r][0] = (a0 & 0x0f0f0f0fu) | ((h0 << 4) & 0x30303030u);
            v[r][1] = (a1 & 0x0f0f0f0fu) | ((h1 << 4) & 0x30303030u);
            v[r][2] = (b0 & 0x0f0f0f0fu) | ((h0 << 2) & 0x30303030u);
            v[r][3] = (b1 & 0x0f0f0f0fu) | ((h1 << 2) & 0x30303030u);
            v[r][4] = ((a0 >> 4) & 0x0f0f0f0fu) | (h0 & 0x30303030u);
            v[r][5] = ((a1 >> 4) & 0x0f0f0f0fu) | (h1 & 0x30303030u);
            v[r][6] = ((b0 >> 4) & 0x0f0f0f0fu) | ((h0 >> 2) & 0x30303030u);
            v[r][7] = ((b1 >> 4) & 0x0f0f0f0fu) | ((h1 >> 2) & 0x30303030u);
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
            // the weights stay unsigned (q, not q - 32): each dot starts from -32 * sum(x), shared by all R rows
            const int z0 = -dp4a(0x20202020, (int) a0.y, dp4a(0x20202020, (int) a0.x, 0));
            const int z1 = -dp4a(0x20202020, (int) a1.y, dp4a(0x20202020, (int) a1.x, 0));
            const int z2 = -dp4a(0x20202020, (int) a2.y, dp4a(0x20202020, (int) a2.x, 0));
            const int z3 = -dp4a(0x20202020, (int) a3.y, dp4a(0x20202020, (int) a3.x, 0));
#pragma unroll
            for (int r = 0; r < R; r++) {
                const int d0 = dp4a(v[r][1], (int) a0.y, dp4a(v[r][0], (int) a0.x, z0));
                const int d1 = dp4a(v[r][3], (int) a1.y, dp4a(v[r][2], (int) a1.x, z1));
                const int d2 = dp4a(v[r][5], (int) a2.y, dp4a(v[r][4], (int) a2.x, z2));
                const int d3 = dp4a(v[r][7], (int) a3.y, dp4a(v[r][6], (int) a3.x, z3));
                acc[r][bb] += s[r][0] * (float) d0 * x0 + s[r][1] * (float) d1 * x1 + s[r][2] * (float) d2 * x2
                            + s[r][3] * (float) d3 * x3;
            }
        }
    }
};

// A lane's share of R rows over the 256-value blocks of a K-quant row: lanes 8j..8j+7 take block j, j + 4, ...,
// U blocks at a time (their loads issued before their products).
template <class Slice, int R, int NB, int U>
INFER_DEVICE void rows_dot_slices(const uint8_t* const (&rp)[R], int cols, const int8_t* __restrict__ xq,
                                  const float2* __restrict__ xd, float (&acc)[R][NB]) {
    const int nsb = cols / 256;
    for (int sb0 = lane_id() >> 3; sb0 < nsb; sb0 += 4 * U) {
        Slice sl[U];
#pragma unroll
        for (int u = 0; u < U; u++) {
            if (sb0 + 4 * u >= nsb) break;
            sl[u].load(rp, nsb, sb0 + 4 * u);
        }
        // the weights do not depend on the kernel before (programmatic dependent launch): only the activations wait
        grid_dependency_wait();
#pragma unroll
        for (int u = 0; u < U; u++) {
            if (sb0 + 4 * u >= nsb) break;
            sl[u].template dot<NB>(sb0 + 4 * u, cols, xq, xd, acc);
        }
    }
    grid_dependency_wait();  // lanes past the row's blocks (fewer than 4 of them) read the norm sums after this
}

// Q8_0: 4 lanes per 32-value block, 8 values each.
template <int R, int NB, int U>
INFER_DEVICE void rows_dot_q80(const uint8_t* const (&rp)[R], int cols, const int8_t* __restrict__ xq,
                               const float2* __restrict__ xd, float (&acc)[R][NB]) {
    const int lane = lane_id();
    const int c = lane & 3;
    const int nb = cols / 32;
    for (int blk0 = lane >> 2; blk0 < nb; blk0 += 8 * U) {
        int w0[U][R], w1[U][R];
        float d[U][R];
#pragma unroll
        for (int u = 0; u < U; u++) {
            if (blk0 + 8 * u >= nb) break;
#pragma unroll
            for (int r = 0; r < R; r++) {
                const uint8_t* b = rp[r] + 34L * (blk0 + 8 * u);
                d[u][r] = load_f16(b);
                w0[u][r] = (int) load_u32_a2(b + 2 + 8 * c);
                w1[u][r] = (int) load_u32_a2(b + 6 + 8 * c);
            }
        }
        grid_dependency_wait();
#pragma unroll
        for (int u = 0; u < U; u++) {
            const int blk = blk0 + 8 * u;
            if (blk >= nb) break;
#pragma unroll
            for (int bb = 0; bb < NB; bb++) {
                const u32x2 a = load_u32x2(xq + (long) bb * cols + 32L * blk + 8 * c);
                const float x = xd[(long) bb * (cols / 32) + blk].x;
#pragma unroll
                for (int r = 0; r < R; r++) {
                    acc[r][bb] += d[u][r] * x * (float) dp4a(w1[u][r], (int) a.y, dp4a(w0[u][r], (int) a.x, 0));
                }
            }
        }
    }
    grid_dependency_wait();
}

// Adds this lane's share of rows rp[0..R) . x_b to acc[r][b], for weight type T, with the loads of U consecutive
// steps of the warp issued before their products (more bytes in flight per warp, more registers).
template <int T, int R, int NB, int U = 1>
INFER_DEVICE void rows_dot(const uint8_t* const (&rp)[R], int cols, const int8_t* __restrict__ xq,
                           const float2* __restrict__ xd, float (&acc)[R][NB]) {
#pragma unroll
    for (int r = 0; r < R; r++)
#pragma unroll
        for (int b = 0; b < NB; b++) acc[r][b] = 0.0f;
    if constexpr (T == WT_Q4_K) rows_dot_slices<Q4kSlice<R>, R, NB, U>(rp, cols, xq, xd, acc);
    else if constexpr (T == WT_Q6_K) rows_dot_slices<Q6kSlice<R>, R, NB, U>(rp, cols, xq, xd, acc);
    else rows_dot_q80<R, NB, U>(rp, cols, xq, xd, acc);
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

// One warp's RPW rows, starting at r0, in passes of R rows (loads U steps deep, see rows_dot).
// in: the input's fused norm, whose scale multiplies the products (read after them: see rows_dot_slices).
template <int T, int NB, int R, int U, int RPW>
INFER_DEVICE void matvec_warp(const uint8_t* __restrict__ w, const int8_t* __restrict__ xq, const float2* __restrict__ xd,
                              float* __restrict__ y, int rows, int cols, int accumulate, int r0, RmsIn in = RmsIn{}) {
    float scale = 1.0f;
#pragma unroll
    for (int pass = 0; pass < RPW; pass += R) {
        const int rr = r0 + pass;
        if (rr >= rows) return;
        const uint8_t* rp[R];
        row_pointers<T, R>(w, rows, cols, rr, rp);
        float acc[R][NB];
        rows_dot<T, R, NB, U>(rp, cols, xq, xd, acc);
        if (pass == 0) scale = rms_in_scale(in, cols);  // once, after the first products waited
        if (lane_id() == 0) {
#pragma unroll
            for (int r = 0; r < R; r++) {
                if (rr + r >= rows) break;
#pragma unroll
                for (int b = 0; b < NB; b++) {
                    float* out = y + (long) b * rows + rr + r;
                    const float v = scale * acc[r][b];
                    *out = accumulate ? *out + v : v;
                }
            }
        }
    }
}

// A block shape of the matrix-vector kernels: WARPS warps of RPW rows each, R rows streamed at once, loads U steps
// deep. The batched entries (2..8 columns) use MvBatched; one column (decode) has its own entries and shape, so
// that the registers of the batched instantiations do not limit its occupancy.
// PAIRED (SwiGLU only): a warp streams its gate and up rows together (twice the bytes in flight, and the
// accumulators of both: too many registers with several columns).
// (Loading one step ahead of the products instead of U at a time measured no faster for the decode step, and slower
// for Q6_K and SwiGLU: bench/results/2026-11-25-gpu-h100-decode-fusion.md.)
template <int WARPS_, int RPW_, int R_, int U_, bool PAIRED_ = false> struct MvShape {
    static constexpr int WARPS = WARPS_, RPW = RPW_, R = R_, U = U_, ROWS = WARPS_ * RPW_;
    static constexpr bool PAIRED = PAIRED_;
};
template <int NB> using MvBatched = MvShape<MV_WARPS, MV_ROWS_PER_WARP, RowsAtOnce<NB, 2>::value, 1>;
template <int NB> using SwBatched = MvShape<SW_WARPS, SW_ROWS_PER_WARP, SwigluRowsAtOnce<NB>::value, 1>;
// One column (decode), per weight type: measured on H100 (2026-11-25, kernel_check --matvec-timing, in
// bench/results; Q6_K again with its device layout, 2026-11-26: decode step 0.8% faster than 1 row 2 blocks deep).
// Mv1NormFor: the entries that also leave a fused norm (RmsOut). The code for it costs the plain entries 5-8% even
// unused, hence two entries. GpuKernels.matvec1RowsPerBlock / matvec1Threads repeat them. Q4_K with a fused norm
// (o, the Q4_K down projections) 3 blocks deep since the products launch dependently (their first loads go out
// before the wait): decode step 2.49 -> 2.44 ms at depth 128, 2.77 -> 2.72 at 4096; 4 deep (with Q6_K's 4) 2.68.
template <int T> struct Mv1For { using S = MvShape<4, 2, 2, 1>; };
template <> struct Mv1For<WT_Q4_K> { using S = MvShape<4, 1, 1, 2>; };
template <> struct Mv1For<WT_Q6_K> { using S = MvShape<4, 2, 2, 4>; };
template <int T> struct Mv1NormFor { using S = MvShape<4, 2, 2, 1>; };
template <> struct Mv1NormFor<WT_Q4_K> { using S = MvShape<4, 1, 1, 3>; };
template <> struct Mv1NormFor<WT_Q6_K> { using S = MvShape<4, 2, 2, 2>; };
template <int T, bool NORM_OUT> struct Mv1Shape { using S = typename Mv1For<T>::S; };
template <int T> struct Mv1Shape<T, true> { using S = typename Mv1NormFor<T>::S; };
using Mv1Multi = MvShape<4, 2, 2, 1>;    // q, k, v in one launch: 8 rows per block
using Sw1 = MvShape<8, 4, 4, 1, false>;  // 32 rows per block

template <int T, int NB, class S>
INFER_DEVICE void matvec_q8(const uint8_t* w, const int8_t* xq, const float2* xd, float* y, int rows, int cols,
                            int accumulate) {
    const int r0 = (block_x() * S::WARPS + thread_x() / INFER_WARP_SIZE) * S::RPW;
    matvec_warp<T, NB, S::R, S::U, S::RPW>(w, xq, xd, y, rows, cols, accumulate, r0);
}

// y = silu(G x) * (U x) for a block of S::ROWS rows (the FFN's gate and up projections and SwiGLU in one pass),
// written as f32 (y, if not null) and as 8-bit blocks for the down projection (yq, yd, if not null; rows % 32 == 0).
// A warp streams S::R rows of each matrix at once. S::ROWS % 32 == 0.
template <int T, int NB, class S>
INFER_DEVICE void matvec_swiglu_q8(const uint8_t* __restrict__ gate, const uint8_t* __restrict__ up,
                                   const int8_t* __restrict__ xq, const float2* __restrict__ xd, float* __restrict__ y,
                                   int8_t* __restrict__ yq, float2* __restrict__ yd, int rows, int cols,
                                   RmsIn in = RmsIn{}) {
    constexpr int R = S::R;
    __shared__ float out[NB][S::ROWS];
    const int warp = thread_x() / INFER_WARP_SIZE;
    const int block0 = block_x() * S::ROWS;
    float scale = 1.0f;
#pragma unroll
    for (int pass = 0; pass < S::RPW; pass += R) {
        const int rr = block0 + warp * S::RPW + pass;
        const uint8_t* gp[R];
        const uint8_t* up_[R];
        row_pointers<T, R>(gate, rows, cols, rr, gp);
        row_pointers<T, R>(up, rows, cols, rr, up_);
        float g[R][NB], u[R][NB];
        if constexpr (S::PAIRED) {
            const uint8_t* rp[2 * R];
            float gu[2 * R][NB];
#pragma unroll
            for (int r = 0; r < R; r++) {
                rp[r] = gp[r];
                rp[R + r] = up_[r];
            }
            rows_dot<T, 2 * R, NB, S::U>(rp, cols, xq, xd, gu);
#pragma unroll
            for (int r = 0; r < R; r++) {
#pragma unroll
                for (int b = 0; b < NB; b++) {
                    g[r][b] = gu[r][b];
                    u[r][b] = gu[R + r][b];
                }
            }
        } else {
            rows_dot<T, R, NB, S::U>(gp, cols, xq, xd, g);
            rows_dot<T, R, NB, S::U>(up_, cols, xq, xd, u);
        }
        if (pass == 0) scale = rms_in_scale(in, cols);
        if (lane_id() == 0) {
#pragma unroll
            for (int r = 0; r < R; r++)
#pragma unroll
                for (int b = 0; b < NB; b++) out[b][warp * S::RPW + pass + r] = silu(scale * g[r][b]) * (scale * u[r][b]);
        }
    }
    sync_block();
    // one warp per 32 values of a column: write f32 and quantize them as one block
    constexpr int CHUNKS = S::ROWS / 32;
    for (int ch = warp; ch < NB * CHUNKS; ch += S::WARPS) {
        const int b = ch / CHUNKS, r = 32 * (ch % CHUNKS) + lane_id();
        const bool in = block0 + r < rows;
        const float val = in ? out[b][r] : 0.0f;
        const long o = (long) b * rows + block0 + r;
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
    RmsIn in;    // one column only: a fused norm of the input (matvec1, matvec1_norm)
    RmsOut out;  // and of the output (matvec1_norm only; needs accumulate and rows % 32 == 0)
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
    RmsIn in;     // one column only (matvec1)
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
    RmsIn in;  // one column only (matvec1)
};

// The one-column entries' bodies. NORM_OUT: with RmsOut (p.out.w set).
template <int T, bool NORM_OUT>
INFER_DEVICE void matvec1_q8(const MatvecParams& p) {
    using S = typename Mv1Shape<T, NORM_OUT>::S;
    grid_dependents_launch();
    const int r0 = (block_x() * S::WARPS + thread_x() / INFER_WARP_SIZE) * S::RPW;
    matvec_warp<T, 1, S::R, S::U, S::RPW>(p.w, p.xq, p.xd, p.y, p.rows, p.cols, p.accumulate, r0, p.in);
    if constexpr (NORM_OUT) rms_out_group<S::ROWS>(p.y, p.out);
}

template <int T>
INFER_DEVICE void matvec1_swiglu_q8(const SwigluMatvecParams& p) {
    grid_dependents_launch();
    matvec_swiglu_q8<T, 1, Sw1>(p.gate, p.up, p.xq, p.xd, p.y, p.yq, p.yd, p.rows, p.cols, p.in);
}

template <int T>
INFER_DEVICE void matvec_q8_any(const MatvecParams& p) {
    switch (p.batch) {
#define MV_CASE(NB) case NB: matvec_q8<T, NB, MvBatched<NB>>(p.w, p.xq, p.xd, p.y, p.rows, p.cols, p.accumulate); break;
        MV_CASE(1) MV_CASE(2) MV_CASE(3) MV_CASE(4) MV_CASE(5) MV_CASE(6) MV_CASE(7)
        default: matvec_q8<T, 8, MvBatched<8>>(p.w, p.xq, p.xd, p.y, p.rows, p.cols, p.accumulate); break;
#undef MV_CASE
    }
}

template <int T>
INFER_DEVICE void matvec_swiglu_q8_any(const SwigluMatvecParams& p) {
    switch (p.batch) {
#define MV_CASE(NB) \
    case NB: matvec_swiglu_q8<T, NB, SwBatched<NB>>(p.gate, p.up, p.xq, p.xd, p.y, p.yq, p.yd, p.rows, p.cols); break;
        MV_CASE(1) MV_CASE(2) MV_CASE(3) MV_CASE(4) MV_CASE(5) MV_CASE(6) MV_CASE(7)
        default: matvec_swiglu_q8<T, 8, SwBatched<8>>(p.gate, p.up, p.xq, p.xd, p.y, p.yq, p.yd, p.rows, p.cols); break;
#undef MV_CASE
    }
}

// R6, U6: rows at once and load depth of the Q6_K matrix (attn_v) where they differ from S's.
template <int NB, class S, int R6 = S::R, int U6 = S::U>
INFER_DEVICE void matvec_multi(const MatvecMultiParams& p, RmsIn in = RmsIn{}) {
    const int blocks0 = (p.rows[0] + S::ROWS - 1) / S::ROWS;
    const int blocks1 = (p.rows[1] + S::ROWS - 1) / S::ROWS;
    int b = block_x(), m = 0;
    if (b >= blocks0) {
        b -= blocks0;
        m = 1;
        if (b >= blocks1) {
            b -= blocks1;
            m = 2;
        }
    }
    const int r0 = (b * S::WARPS + thread_x() / INFER_WARP_SIZE) * S::RPW;
    // selects rather than p.w[m]: an array indexed at run time would go to local memory
    const uint8_t* w = m == 0 ? p.w[0] : m == 1 ? p.w[1] : p.w[2];
    float* y = m == 0 ? p.y[0] : m == 1 ? p.y[1] : p.y[2];
    const int rows = m == 0 ? p.rows[0] : m == 1 ? p.rows[1] : p.rows[2];
    const int type = m == 0 ? p.type[0] : m == 1 ? p.type[1] : p.type[2];
    switch (type) {
        case WT_Q4_K:
            matvec_warp<WT_Q4_K, NB, S::R, S::U, S::RPW>(w, p.xq, p.xd, y, rows, p.cols, 0, r0, in);
            break;
        case WT_Q6_K:
            matvec_warp<WT_Q6_K, NB, R6, U6, S::RPW>(w, p.xq, p.xd, y, rows, p.cols, 0, r0, in);
            break;
        default:
            matvec_warp<WT_Q8_0, NB, S::R, S::U, S::RPW>(w, p.xq, p.xd, y, rows, p.cols, 0, r0, in);
            break;
    }
}

// Entry points. Plain: grid (ceil(rows / MV_ROWS_PER_BLOCK)), block 32 * MV_WARPS. Multi: grid = the sum of that
// over the matrices. SwiGLU: grid (ceil(rows / SW_ROWS_PER_BLOCK)), block 32 * SW_WARPS. batch 1..8 (larger
// batches take several launches, offsetting xq, xd and y by 8 columns each). The matvec1 entries take exactly one
// column, with the shapes Mv1For<T>::S (Mv1NormFor<T>::S for matvec1_norm, which also writes p.out), Mv1Multi and Sw1
// (rows per block = S::ROWS, block 32 * S::WARPS).
#define MV_ENTRIES(NAME, T)                                                                                           \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * MV_WARPS) void infer_matvec_##NAME(MatvecParams p) { matvec_q8_any<T>(p); } \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * SW_WARPS) void infer_matvec_swiglu_##NAME(SwigluMatvecParams p) {        \
        matvec_swiglu_q8_any<T>(p);                                                                                \
    }                                                                                                              \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * Mv1For<T>::S::WARPS) void infer_matvec1_##NAME(MatvecParams p) {         \
        matvec1_q8<T, false>(p);                                                                                   \
    }                                                                                                              \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * Mv1NormFor<T>::S::WARPS) void infer_matvec1_norm_##NAME(MatvecParams p) { \
        matvec1_q8<T, true>(p);                                                                                    \
    }                                                                                                              \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * Sw1::WARPS) void infer_matvec1_swiglu_##NAME(SwigluMatvecParams p) {     \
        matvec1_swiglu_q8<T>(p);                                                                                   \
    }

MV_ENTRIES(q4_k, WT_Q4_K)
MV_ENTRIES(q6_k, WT_Q6_K)
MV_ENTRIES(q8_0, WT_Q8_0)

INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * MV_WARPS) void infer_matvec_multi_q8_1(MatvecMultiParams p) {
    switch (p.batch) {
#define MV_CASE(NB) case NB: matvec_multi<NB, MvBatched<NB>>(p); break;
        MV_CASE(1) MV_CASE(2) MV_CASE(3) MV_CASE(4) MV_CASE(5) MV_CASE(6) MV_CASE(7)
        default: matvec_multi<8, MvBatched<8>>(p); break;
#undef MV_CASE
    }
}

INFER_KERNEL INFER_LAUNCH_BOUNDS(32 * Mv1Multi::WARPS) void infer_matvec1_multi_q8_1(MatvecMultiParams p) {
    // attn_v's Q6_K rows one at a time, 4 blocks deep (H100 decode step 0.6% faster than Mv1Multi's 2 rows; in the
    // batched entry the same costs its batch-2..8 cases spills)
    grid_dependents_launch();
    matvec_multi<1, Mv1Multi, 1, 4>(p, p.in);
}
