// gemm.hip — Y = X W^T for many activation rows at once (prompt chunks, large decode batches), straight from Q4_K,
// Q6_K and Q8_0 weights on 8-bit matrix tiles (compat.h: tensor cores on NVIDIA).
//
// The matrix-vector kernels (matvec.hip) read every weight once per 8 columns and are bound by dp4a issue beyond
// that; here a block holds a tile of MT weight rows x NT tokens, so each weight byte is read once per NT tokens and
// the products run on the tensor cores. Per step of KS = 128 values (half a 256-value super-block):
//   1. the block's threads load the step's weights into registers and copy its activations straight into shared
//      memory (compat.h copy_async; the next step's loads and copies are issued before the current step's products,
//      so they overlap),
//   2. unpack the weights to signed 8-bit values (Q4_K: q in 0..15, Q6_K: q - 32, Q8_0: q) and their per-group
//      scales into shared memory, next to the activations' 8-bit values and block scales,
//   3. each warp multiplies its sub-tile, one 32-value group at a time: the group's integer product is scaled by
//      weight scale x activation scale and, for Q4_K, the group minimum times the activation block sum is taken off:
//      sum_k (a q_k - b) x_k = a d dot(q, xq) - b (d sum(xq)) = a d dot - b xd.y.
// Activations: xq[n * cols + k] int8, xd[n * cols / 32 + k / 32] = (d, d * sum(q)) (quantize.hip's format).
// Output: y[n * rows + r] (token-major, as the matvec kernels); with `accumulate`, y += X W^T.
// cols % 128 == 0 (Q4_K, Q6_K: % 256 by format).
#include "quants.h"

#define GEMM_KS 128                 // values per step
#define GEMM_STRIDE (GEMM_KS + 16)  // bytes per tile row in shared memory: 36 words, so the 8 rows g of a fragment
                                    // load fall in 8 different groups of 4 banks

struct GemmParams {
    const uint8_t* w;  // [rows] rows of row_bytes(cols)
    const int8_t* xq;  // [count][cols]
    const float2* xd;  // [count][cols / 32]
    float* y;          // [count][rows]
    int rows, cols, count, accumulate;
    int splits;        // blocks along k (grid z); > 1: sums are added to y atomically, whatever `accumulate` says
};

// Scales per tile row and step (8 floats): Q4_K 4 (scale, minimum) pairs (32-value groups), Q6_K 8 scales
// (16-value groups), Q8_0 4 scales. Activation block scales: Bsd[group][token], (d, d * sum) per 32 values.

// What one thread loads for one step: its share of the weight rows (raw blocks) and of the activations.
template <int T, int MT, int NT, int THREADS> struct GemmLoad;

// Q4_K: a task is (row, pair p): the 32 qs bytes of sub-blocks 4h + 2p and 4h + 2p + 1 and the block header.
template <int MT, int NT, int THREADS> struct GemmLoad<WT_Q4_K, MT, NT, THREADS> {
    static constexpr int TASKS = (2 * MT + THREADS - 1) / THREADS;
    u32x4 hdr[TASKS], q0[TASKS], q1[TASKS];

    INFER_DEVICE void load(const uint8_t* w, long rowBytes, int cols, int rows, int r0, int step) {
        const int sb = step >> 1, h = step & 1;
#pragma unroll
        for (int i = 0; i < TASKS; i++) {
            const int task = thread_x() + i * THREADS;
            if (task >= 2 * MT) break;
            const int r = r0 + (task >> 1), p = task & 1;
            const uint8_t* b = w + (long) (r < rows ? r : rows - 1) * rowBytes + 144L * sb;
            hdr[i] = load_u32x4(b);
            q0[i] = load_stream_u32x4(b + 16 + 32 * (2 * h + p));
            q1[i] = load_stream_u32x4(b + 32 + 32 * (2 * h + p));
        }
    }

    INFER_DEVICE void store(int8_t* As, float* Asc, int step) const {
        const int h = step & 1;
#pragma unroll
        for (int i = 0; i < TASKS; i++) {
            const int task = thread_x() + i * THREADS;
            if (task >= 2 * MT) break;
            const int m = task >> 1, p = task & 1;
            // 16-byte stores: the 8 lanes of a store phase (4 rows x 2 pairs) hit 8 different groups of 4 banks, where
            // 4-byte stores of the same values conflicted 4 ways
            u32x4* row = reinterpret_cast<u32x4*>(As + m * GEMM_STRIDE + 64 * p);
            const u32x4 a = q0[i], b = q1[i];
            const uint32_t lo = 0x0f0f0f0fu;
            row[0] = u32x4{a.x & lo, a.y & lo, a.z & lo, a.w & lo};
            row[1] = u32x4{b.x & lo, b.y & lo, b.z & lo, b.w & lo};
            row[2] = u32x4{(a.x >> 4) & lo, (a.y >> 4) & lo, (a.z >> 4) & lo, (a.w >> 4) & lo};
            row[3] = u32x4{(b.x >> 4) & lo, (b.y >> 4) & lo, (b.z >> 4) & lo, (b.w >> 4) & lo};
            const float2 dm = f16x2_to_f32x2(hdr[i].x);
            float sm[4];
#pragma unroll
            for (int e = 0; e < 2; e++) {
                int sc, mn;
                q4k_scale_min(4 * h + 2 * p + e, hdr[i].y, hdr[i].z, hdr[i].w, &sc, &mn);
                sm[2 * e] = dm.x * (float) sc;
                sm[2 * e + 1] = dm.y * (float) mn;
            }
            // (scale, minimum) pairs of groups 2p and 2p + 1: one 8-byte load per row and group for the products
            *reinterpret_cast<float4*>(Asc + m * 8 + 4 * p) = float4{sm[0], sm[1], sm[2], sm[3]};
        }
    }
};

// Q6_K: a task is (row, c): positions 8c .. 8c + 8 of the four 32-value groups of half h (as matvec.hip's lanes).
template <int MT, int NT, int THREADS> struct GemmLoad<WT_Q6_K, MT, NT, THREADS> {
    static constexpr int TASKS = (4 * MT + THREADS - 1) / THREADS;
    uint32_t A0[TASKS], A1[TASKS], B0[TASKS], B1[TASKS], H0[TASKS], H1[TASKS], S[TASKS];
    float d[TASKS];

    INFER_DEVICE void load(const uint8_t* w, long rowBytes, int cols, int rows, int r0, int step) {
        const int sb = step >> 1, h = step & 1;
#pragma unroll
        for (int i = 0; i < TASKS; i++) {
            const int task = thread_x() + i * THREADS;
            if (task >= 4 * MT) break;
            const int r = r0 + (task >> 2), c = task & 3;
            const Q6kParts b = q6k_parts(w + (long) (r < rows ? r : rows - 1) * rowBytes, cols / 256, sb);
            // the 16 ql bytes of the matrix-vector lane 4h + c (quants.h)
            const u32x4 l = load_stream_u32x4(b.ql + 16 * (4 * h + c));
            const u32x2 hq = load_stream_u32x2(b.qh + 32 * h + 8 * c);
            A0[i] = l.x;
            A1[i] = l.y;
            B0[i] = l.z;
            B1[i] = l.w;
            H0[i] = hq.x;
            H1[i] = hq.y;
            S[i] = *reinterpret_cast<const uint16_t*>(b.sc + 8 * h + 2 * c);  // scales 2c, 2c + 1 of this half
            d[i] = load_f16(b.d);
        }
    }

    INFER_DEVICE void store(int8_t* As, float* Asc, int) const {
#pragma unroll
        for (int i = 0; i < TASKS; i++) {
            const int task = thread_x() + i * THREADS;
            if (task >= 4 * MT) break;
            const int m = task >> 2, c = task & 3;
            uint32_t* row = reinterpret_cast<uint32_t*>(As + m * GEMM_STRIDE + 8 * c);
            // group g at byte 32 g: words 8g, 8g + 1 hold positions 8c .. 8c + 8
            row[0] = q6_minus_32((A0[i] & 0x0f0f0f0fu) | ((H0[i] << 4) & 0x30303030u));
            row[1] = q6_minus_32((A1[i] & 0x0f0f0f0fu) | ((H1[i] << 4) & 0x30303030u));
            row[8] = q6_minus_32((B0[i] & 0x0f0f0f0fu) | ((H0[i] << 2) & 0x30303030u));
            row[9] = q6_minus_32((B1[i] & 0x0f0f0f0fu) | ((H1[i] << 2) & 0x30303030u));
            row[16] = q6_minus_32(((A0[i] >> 4) & 0x0f0f0f0fu) | (H0[i] & 0x30303030u));
            row[17] = q6_minus_32(((A1[i] >> 4) & 0x0f0f0f0fu) | (H1[i] & 0x30303030u));
            row[24] = q6_minus_32(((B0[i] >> 4) & 0x0f0f0f0fu) | ((H0[i] >> 2) & 0x30303030u));
            row[25] = q6_minus_32(((B1[i] >> 4) & 0x0f0f0f0fu) | ((H1[i] >> 2) & 0x30303030u));
            Asc[m * 8 + 2 * c] = d[i] * (float) (int8_t) (S[i] & 0xff);
            Asc[m * 8 + 2 * c + 1] = d[i] * (float) (int8_t) ((S[i] >> 8) & 0xff);
        }
    }
};

// Q8_0: a task is (row, block e) of the step's four 34-byte blocks.
template <int MT, int NT, int THREADS> struct GemmLoad<WT_Q8_0, MT, NT, THREADS> {
    static constexpr int TASKS = (4 * MT + THREADS - 1) / THREADS;
    uint32_t v[TASKS][8];
    float d[TASKS];

    INFER_DEVICE void load(const uint8_t* w, long rowBytes, int cols, int rows, int r0, int step) {
#pragma unroll
        for (int i = 0; i < TASKS; i++) {
            const int task = thread_x() + i * THREADS;
            if (task >= 4 * MT) break;
            const int r = r0 + (task >> 2), e = task & 3;
            const uint8_t* b = w + (long) (r < rows ? r : rows - 1) * rowBytes + 34L * (4 * step + e);
            d[i] = load_f16(b);
#pragma unroll
            for (int k = 0; k < 8; k++) v[i][k] = load_u32_a2(b + 2 + 4 * k);
        }
    }

    INFER_DEVICE void store(int8_t* As, float* Asc, int) const {
#pragma unroll
        for (int i = 0; i < TASKS; i++) {
            const int task = thread_x() + i * THREADS;
            if (task >= 4 * MT) break;
            const int m = task >> 2, e = task & 3;
            u32x4* row = reinterpret_cast<u32x4*>(As + m * GEMM_STRIDE + 32 * e);
            row[0] = u32x4{v[i][0], v[i][1], v[i][2], v[i][3]};
            row[1] = u32x4{v[i][4], v[i][5], v[i][6], v[i][7]};
            Asc[m * 8 + e] = d[i];
        }
    }
};

// The activations of one step: NT tokens x 128 bytes (8 16-byte pieces each) and their 4 block scales, copied
// straight into shared memory (compat.h copy_async: no registers held across the step's products where the hardware
// allows). Tokens past the end read as zeros, so their (unwritten) outputs stay finite.
template <int NT, int THREADS> struct GemmLoadX {
    static constexpr int TASKS = (8 * NT + THREADS - 1) / THREADS;

    INFER_DEVICE static void copy(int8_t* Bs, float2* Bsd, const int8_t* xq, const float2* xd, int cols, int count,
                                  int n0, int step) {
#pragma unroll
        for (int i = 0; i < TASKS; i++) {
            const int task = thread_x() + i * THREADS;
            if (task >= 8 * NT) break;
            const int nl = task >> 3, piece = task & 7;
            const bool valid = n0 + nl < count;
            const long n = valid ? n0 + nl : 0;
            copy_async_16(Bs + nl * GEMM_STRIDE + 16 * piece, xq + n * cols + GEMM_KS * step + 16 * piece, valid);
            // group-major, so the two adjacent tokens of a fragment column pair are one 16-byte load
            if (piece < 4) copy_async_8(Bsd + piece * NT + nl, xd + n * (cols / 32) + 4 * step + piece, valid);
        }
    }
};

INFER_DEVICE int lds32(const int8_t* p) { return *reinterpret_cast<const int*>(p); }

// The tile products start from GEMM_BIAS instead of 0, so their 32-bit sums c come out as the bits of the float
// 1.5 * 2^23 + c (exact while |c| < 2^22: at most 32 x 127 x 128 here), and c * s is one fused multiply-add with
// -1.5 * 2^23 * s, rounded once: the same float as (float) c * s, because the scales s here (a half times an integer
// of at most 8 bits) keep 1.5 * 2^23 * s exact. An int -> float conversion issues at a quarter of the float rate and
// the per-group scaling is most of the kernel's instructions: without the conversions it ran 7% faster.
#define GEMM_BIAS 0x4b400000
INFER_DEVICE float gemm_bias_of(float s) { return -12582912.0f * s; }
INFER_DEVICE float gemm_scaled(int c, float s, float bias) { return fma_f32(__builtin_bit_cast(float, c), s, bias); }

// Shared memory of one tile buffer (two buffers: the next step is unpacked while the current one is multiplied).
template <int MT, int NT> struct GemmSmem {
    static constexpr int A = MT * GEMM_STRIDE, B = NT * GEMM_STRIDE, ASC = 4 * MT * 8, BSD = 8 * NT * 4;
    static constexpr int BUFFER = A + B + ASC + BSD;
    static constexpr int BYTES = 2 * BUFFER;
};

// Block tile MT x NT, WM x WN warps, each warp (MT / WM) x (NT / WN) in 16 x 8 fragments. Block z takes steps
// [z * steps / splits, (z + 1) * steps / splits) and, with splits > 1, adds its sums to y atomically (y holds the
// residual or was zeroed).
template <int T, int MT, int NT, int WM, int WN>
INFER_DEVICE void gemm_q8(const GemmParams& p) {
    constexpr int THREADS = 32 * WM * WN;
    constexpr int FM = MT / WM / 16, FN = NT / WN / 8;
    using S = GemmSmem<MT, NT>;
    INFER_DYNAMIC_SHARED(smem);

    const int r0 = block_x() * MT, n0 = block_y() * NT;
    const int warp = thread_x() / INFER_WARP_SIZE, lane = lane_id();
    const int g = lane >> 2, t = lane & 3;
    const int wm = (warp % WM) * (MT / WM), wn = (warp / WM) * (NT / WN);
    const long rowBytes = row_bytes<T>(p.cols);
    const int steps = p.cols / GEMM_KS;
    const int first = (int) ((long) block_z() * steps / p.splits), last = (int) ((long) (block_z() + 1) * steps / p.splits);

    float acc[FM][FN][4];
#pragma unroll
    for (int i = 0; i < FM; i++)
#pragma unroll
        for (int j = 0; j < FN; j++)
#pragma unroll
            for (int e = 0; e < 4; e++) acc[i][j][e] = 0.0f;

    GemmLoad<T, MT, NT, THREADS> wl;
    using X = GemmLoadX<NT, THREADS>;
    auto As = [&](int buf) { return reinterpret_cast<int8_t*>(smem + buf * S::BUFFER); };
    auto Bs = [&](int buf) { return reinterpret_cast<int8_t*>(smem + buf * S::BUFFER + S::A); };
    auto Asc = [&](int buf) { return reinterpret_cast<float*>(smem + buf * S::BUFFER + S::A + S::B); };
    auto Bsd = [&](int buf) { return reinterpret_cast<float2*>(smem + buf * S::BUFFER + S::A + S::B + S::ASC); };
    if (first < last) {
        X::copy(Bs(0), Bsd(0), p.xq, p.xd, p.cols, p.count, n0, first);
        wl.load(p.w, rowBytes, p.cols, p.rows, r0, first);
        wl.store(As(0), Asc(0), first);
    }
    copy_async_wait();
    sync_block();
    for (int step = first; step < last; step++) {
        const int buf = (step - first) & 1;
        const bool more = step + 1 < last;
        if (more) {
            // in flight while this step's products run; the other buffer's last readers finished before the barrier
            // that ended the previous step
            X::copy(Bs(buf ^ 1), Bsd(buf ^ 1), p.xq, p.xd, p.cols, p.count, n0, step + 1);
            wl.load(p.w, rowBytes, p.cols, p.rows, r0, step + 1);
        }
        const int8_t* A = As(buf);
        const int8_t* B = Bs(buf);
        const float* Ascale = Asc(buf);
        const float2* Bscale = Bsd(buf);
#pragma unroll
        for (int kg = 0; kg < GEMM_KS / 32; kg++) {
            int b[FN][2];
#pragma unroll
            for (int j = 0; j < FN; j++) {
                const int8_t* bp = B + (wn + 8 * j + g) * GEMM_STRIDE + 32 * kg + 4 * t;
                b[j][0] = lds32(bp);
                b[j][1] = lds32(bp + 16);
            }
            float2 xs[FN][2];
#pragma unroll
            for (int j = 0; j < FN; j++) {
                const float4 v = *reinterpret_cast<const float4*>(Bscale + kg * NT + wn + 8 * j + 2 * t);
                xs[j][0].x = v.x;
                xs[j][0].y = v.y;
                xs[j][1].x = v.z;
                xs[j][1].y = v.w;
            }
#pragma unroll
            for (int i = 0; i < FM; i++) {
                const int ra = wm + 16 * i + g;
                const int8_t* ap = A + ra * GEMM_STRIDE + 32 * kg + 4 * t;
                const int a[4] = {lds32(ap), lds32(ap + 8 * GEMM_STRIDE), lds32(ap + 16),
                                  lds32(ap + 8 * GEMM_STRIDE + 16)};
                if constexpr (T == WT_Q6_K) {
                    // two 16-value groups with their own scales
                    const float2 r0s = *reinterpret_cast<const float2*>(Ascale + ra * 8 + 2 * kg);
                    const float2 r1s = *reinterpret_cast<const float2*>(Ascale + (ra + 8) * 8 + 2 * kg);
                    const float s0a = r0s.x, s0b = r0s.y, s1a = r1s.x, s1b = r1s.y;
                    const float k0a = gemm_bias_of(s0a), k0b = gemm_bias_of(s0b);
                    const float k1a = gemm_bias_of(s1a), k1b = gemm_bias_of(s1b);
                    const int alo[2] = {a[0], a[1]}, ahi[2] = {a[2], a[3]};
#pragma unroll
                    for (int j = 0; j < FN; j++) {
                        int c0[4] = {GEMM_BIAS, GEMM_BIAS, GEMM_BIAS, GEMM_BIAS};
                        int c1[4] = {GEMM_BIAS, GEMM_BIAS, GEMM_BIAS, GEMM_BIAS};
                        mma_s8_16x8x16(c0, alo, b[j][0]);
                        mma_s8_16x8x16(c1, ahi, b[j][1]);
#pragma unroll
                        for (int e = 0; e < 4; e++) {
                            // outputs 0, 1: row g, 2, 3: row g + 8; even: token 2t, odd: 2t + 1
                            const float sa = e < 2 ? s0a : s1a, sb = e < 2 ? s0b : s1b;
                            const float ka = e < 2 ? k0a : k1a, kb = e < 2 ? k0b : k1b;
                            const float sum = gemm_scaled(c0[e], sa, ka) + gemm_scaled(c1[e], sb, kb);
                            acc[i][j][e] = fma_f32(sum, xs[j][e & 1].x, acc[i][j][e]);
                        }
                    }
                } else {
                    // Q4_K: (scale, minimum) pairs; Q8_0: scales only
                    float s0, s1, m0 = 0.0f, m1 = 0.0f;
                    if constexpr (T == WT_Q4_K) {
                        const float2 r0s = *reinterpret_cast<const float2*>(Ascale + ra * 8 + 2 * kg);
                        const float2 r1s = *reinterpret_cast<const float2*>(Ascale + (ra + 8) * 8 + 2 * kg);
                        s0 = r0s.x;
                        m0 = r0s.y;
                        s1 = r1s.x;
                        m1 = r1s.y;
                    } else {
                        s0 = Ascale[ra * 8 + kg];
                        s1 = Ascale[(ra + 8) * 8 + kg];
                    }
                    const float k0 = gemm_bias_of(s0), k1 = gemm_bias_of(s1);
#pragma unroll
                    for (int j = 0; j < FN; j++) {
                        int c[4] = {GEMM_BIAS, GEMM_BIAS, GEMM_BIAS, GEMM_BIAS};
                        mma_s8_16x8x32(c, a, b[j]);
#pragma unroll
                        for (int e = 0; e < 4; e++) {
                            const float2 x = xs[j][e & 1];
                            const float sum = gemm_scaled(c[e], e < 2 ? s0 : s1, e < 2 ? k0 : k1);
                            // Q4_K: three float operations per output (scaled sum, times the activation scale, minus
                            // the minimum); Q8_0: two
                            float base = acc[i][j][e];
                            if constexpr (T == WT_Q4_K) base = fma_f32(e < 2 ? -m0 : -m1, x.y, base);
                            acc[i][j][e] = fma_f32(sum, x.x, base);
                        }
                    }
                }
            }
        }
        if (more) wl.store(As(buf ^ 1), Asc(buf ^ 1), step + 1);
        copy_async_wait();
        sync_block();
    }

#pragma unroll
    for (int i = 0; i < FM; i++) {
#pragma unroll
        for (int j = 0; j < FN; j++) {
#pragma unroll
            for (int e = 0; e < 4; e++) {
                const int r = r0 + wm + 16 * i + g + 8 * (e >> 1);
                const int n = n0 + wn + 8 * j + 2 * t + (e & 1);
                if (r < p.rows && n < p.count) {
                    float* out = p.y + (long) n * p.rows + r;
                    if (p.splits > 1) atomic_add(out, acc[i][j][e]);
                    else *out = p.accumulate ? *out + acc[i][j][e] : acc[i][j][e];
                }
            }
        }
    }
}

// Entry points: grid (ceil(rows / MT), ceil(count / NT), splits), block 32 * WM * WN, dynamic shared memory
// GemmSmem<MT, NT>::BYTES (the host reads it from the constants below).
//   infer_gemm_*:     MT 128, NT 128, 8 warps (2 x 4) of 64 x 32, one block per multiprocessor — prompt chunks
//                     (of the shapes timed by kernel_check --gemm-timing, 8-10% faster than 128 x 64 at two blocks)
//   infer_gemm_n32_*: MT 64,  NT 32, 4 warps (4 x 1) of 16 x 32 — decode batches, split along k to fill the GPU
#define GEMM_ENTRIES(NAME, T)                                                                                     \
    INFER_KERNEL INFER_LAUNCH_BOUNDS_MIN(256, 1) void infer_gemm_##NAME(GemmParams p) {                          \
        gemm_q8<T, 128, 128, 2, 4>(p);                                                                             \
    }                                                                                                              \
    INFER_KERNEL INFER_LAUNCH_BOUNDS_MIN(128, 4) void infer_gemm_n32_##NAME(GemmParams p) {                      \
        gemm_q8<T, 64, 32, 4, 1>(p);                                                                               \
    }

GEMM_ENTRIES(q4_k, WT_Q4_K)
GEMM_ENTRIES(q6_k, WT_Q6_K)
GEMM_ENTRIES(q8_0, WT_Q8_0)

// Zeroes y before a split-k product that does not accumulate. grid (ceil(n / 1024)), block 256.
struct ZeroParams {
    float* y;
    long n;
};
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_zero_f32(ZeroParams p) {
    const long i0 = (long) block_x() * 1024 + thread_x();
#pragma unroll
    for (int k = 0; k < 4; k++)
        if (i0 + 256 * k < p.n) p.y[i0 + 256 * k] = 0.0f;
}

// Zeroes up to 5 arrays in one launch (the outputs of one layer's split-k products, ahead of them): array
// block_y() of grid (ceil(max n / 1024), 5), block 256; unused entries have n = 0.
struct ZeroManyParams {
    float *y0, *y1, *y2, *y3, *y4;
    long n0, n1, n2, n3, n4;
};
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_zero_many_f32(ZeroManyParams p) {
    // named fields, not an array: a parameter array indexed at run time is copied to each thread's local memory
    const int b = block_y();
    float* y = b == 0 ? p.y0 : b == 1 ? p.y1 : b == 2 ? p.y2 : b == 3 ? p.y3 : p.y4;
    const long n = b == 0 ? p.n0 : b == 1 ? p.n1 : b == 2 ? p.n2 : b == 3 ? p.n3 : p.n4;
    const long i0 = (long) block_x() * 1024 + thread_x();
#pragma unroll
    for (int k = 0; k < 4; k++)
        if (i0 + 256 * k < n) y[i0 + 256 * k] = 0.0f;
}
