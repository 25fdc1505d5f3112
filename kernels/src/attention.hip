// attention.hip — causal grouped-query attention over the f16 KV cache, split along the keys (flash decoding).
//
// Token t (sequence seqs[t], position pos[t]) attends to positions [0, pos[t]] of its sequence, so one kernel
// serves prefill (count tokens of one sequence) and batched decode (one token of each of count sequences).
// infer_attention_hd<D>_f16: grid (nsplit, nKv, ceil(count / Q)), block 128. Block (s, g, b) takes the s-th of
//   nsplit equal chunks (multiples of 32 positions) of the keys for kv head g, all nHead / nKv query heads that
//   share it and Q tokens from b * Q (Q = 1, or PromptTokens<D, G> for a prompt chunk), and writes, per token and
//   query head, the unnormalized partial (m, l, acc[D]) of an online softmax in base 2:
//   m = max score, l = sum 2^(score - m), acc = sum 2^(score - m) v.
// infer_attention_combine_f32: grid (nHead, count), block D x groups: merges the nsplit (<= 64) partials into
//   out[t][head * D + d], and also into 8-bit blocks for the next matrix when xq is not null.
// Partials: part[((t * nHead + h) * nsplit + s) * D + d], then (m, l) pairs from part + count * nHead * nsplit * D.
#include "quants.h"
#include "rope.hip"

#define ATT_WARPS 4
#define ATT_MAX_SPLIT 64  // key chunks per (token, kv head), at most
#define ATT_MIN_CHUNK 128  // keys per chunk of a decode token, at least (one 32-key tile for each of the four warps)

// N consecutive halves of a K or V row as loaded (one load), and as floats.
template <int N> struct Halves;
template <> struct Halves<1> {
    uint16_t h;
    INFER_DEVICE void load(const uint16_t* p) { h = p[0]; }
    INFER_DEVICE void get(float* out) const { out[0] = f16_to_f32(h); }
};
template <> struct Halves<2> {
    uint32_t h;
    INFER_DEVICE void load(const uint16_t* p) { h = *reinterpret_cast<const uint32_t*>(p); }
    INFER_DEVICE void get(float* out) const {
        const float2 a = f16x2_to_f32x2(h);
        out[0] = a.x; out[1] = a.y;
    }
};
template <> struct Halves<4> {
    u32x2 h;
    INFER_DEVICE void load(const uint16_t* p) { h = load_u32x2(p); }
    INFER_DEVICE void get(float* out) const {
        const float2 a = f16x2_to_f32x2(h.x), b = f16x2_to_f32x2(h.y);
        out[0] = a.x; out[1] = a.y; out[2] = b.x; out[3] = b.y;
    }
};
template <> struct Halves<8> {
    u32x4 h;
    INFER_DEVICE void load(const uint16_t* p) { h = load_u32x4(p); }
    INFER_DEVICE void get(float* out) const {
        const float2 a = f16x2_to_f32x2(h.x), b = f16x2_to_f32x2(h.y), c = f16x2_to_f32x2(h.z), d = f16x2_to_f32x2(h.w);
        out[0] = a.x; out[1] = a.y; out[2] = b.x; out[3] = b.y; out[4] = c.x; out[5] = c.y; out[6] = d.x; out[7] = d.y;
    }
};
// Loads this lane's N consecutive halves of a row (N = D / 32 for a V row).
template <int N> INFER_DEVICE void load_halves(const uint16_t* p, float* out) {
    Halves<N> h;
    h.load(p);
    h.get(out);
}

// A decode step's attention with the per-head q/k RMSNorm, RoPE and K/V cache write fused in
// (infer_attention_decode_hd<D>_g<G>_f16): q and k arrive as the projections made them; each block normalizes and
// rotates its own q heads, and the block whose key range holds the token's own position first writes the token's K
// and V rows to the cache. Needs one token per sequence in a step. (Merging the splits in the last block to finish,
// instead of infer_attention_combine_f32, measured slower on H100: bench/results/2026-11-25-gpu-h100-decode-fusion.md.)
struct AttentionFusion {
    const float* k;       // [count][nKv][D] projections, not normalized or rotated
    const float* v;       // [count][nKv][D]
    const float* qw;      // [D] q norm weight, or null (no q/k norm)
    const float* kw;      // [D] k norm weight, or null
    float eps, log2Base;  // norm epsilon, log2(rope freq_base)
    uint16_t* kc;         // this layer's K and V cache (the ones the attention reads): the token's rows go there
    uint16_t* vc;
};

// Per-head RMSNorm (weight w, or none) and NEOX RoPE of one head's D values src, by one warp: put(i, value).
template <int D, class Put>
INFER_DEVICE void norm_rope_head(const float* __restrict__ src, const float* w, float eps, int pos, float log2Base,
                                 Put put) {
    float scale = 1.0f;
    if (w) {
        float ss = 0.0f;
        for (int i = lane_id(); i < D; i += INFER_WARP_SIZE) ss += src[i] * src[i];
        scale = fast_rsqrt(warp_sum(ss) / (float) D + eps);
    }
    for (int i = lane_id(); i < D / 2; i += INFER_WARP_SIZE) {
        float a = src[i] * scale, b = src[i + D / 2] * scale;
        if (w) {
            a *= w[i];
            b *= w[i + D / 2];
        }
        rope_pair(a, b, i, D, pos, log2Base);
        put(i, a);
        put(i + D / 2, b);
    }
}

// Q tokens per block (prompt chunks: one sequence, increasing positions) share every K and V row they load; Q = 1
// for decode batches, whose tokens belong to different sequences. Token q of the block attends to keys up to its
// own position; the key range (and its split) follows the block's last token. fused: see AttentionFusion (Q = 1).
template <int D, int G, int Q>
INFER_DEVICE void attention_split(const float* __restrict__ q, const uint16_t* __restrict__ kc,
                                  const uint16_t* __restrict__ vc, const int* __restrict__ seqs,
                                  const int* __restrict__ pos, float* __restrict__ part, int count, int nHead, int nKv,
                                  int ctx, int nsplit, float scale, float* smem,
                                  const AttentionFusion* fused = nullptr) {
    constexpr int N = D / INFER_WARP_SIZE;  // V values per lane
    constexpr int R = Q * G;                // score rows: token qi, head h at row qi * G + h
    float (*qs)[D] = reinterpret_cast<float (*)[D]>(smem);                          // [R][D]
    float (*wacc)[R][D] = reinterpret_cast<float (*)[R][D]>(smem + R * D);         // [ATT_WARPS][R][D]
    float (*wm)[R] = reinterpret_cast<float (*)[R]>(smem + (ATT_WARPS + 1) * R * D);  // [ATT_WARPS][R]
    float (*wl)[R] = reinterpret_cast<float (*)[R]>(smem + (ATT_WARPS + 1) * R * D + ATT_WARPS * R);

    // A decode step's blocks take splits in kv-head order: consecutive blocks the same split of consecutive kv heads,
    // so the splits that hold keys (the first few, below ATT_MIN_CHUNK * nsplit keys) are the first blocks rather
    // than every nsplit-th. H100, Qwen3-8B decode step, nsplit 49: 2.70 -> 2.67 ms at depth 4096, 2.43 -> 2.44 at
    // 128; with nsplit 32 (4096 positions) 2.45 -> 2.42 at 128 and 2.54 -> 2.51 at 1024; nsplit 64 at 1024 2.63 ->
    // 2.52 (kernel_check --nsplit-sweep, bench/results/2026-11-26-gpu-h100-split-order.md).
    const int lin = block_x() + block_y() * nsplit;
    const int s = fused ? lin / nKv : block_x(), g = fused ? lin % nKv : block_y(), t0 = block_z() * Q;
    const int nt = count - t0 < Q ? count - t0 : Q;
    const int warp = thread_x() / INFER_WARP_SIZE, lane = lane_id();
    int tpos[Q];
    int len = 0;
#pragma unroll
    for (int qi = 0; qi < Q; qi++) {
        tpos[qi] = qi < nt ? pos[t0 + qi] : -1;  // -1: a padding row, no keys
        len = tpos[qi] + 1 > len ? tpos[qi] + 1 : len;
    }
    // one token per block (decode): at least ATT_MIN_CHUNK keys a split, so that short contexts leave fewer
    // partials for the combine (the splits past len are empty)
    int chunk = (((len + nsplit - 1) / nsplit) + 31) & ~31;
    if (Q == 1 && chunk < ATT_MIN_CHUNK) chunk = ATT_MIN_CHUNK;
    const int start = s * chunk, end = len < start + chunk ? len : start + chunk;

    // scores in base 2: q . k * scale * log2(e)
    const float qscale = scale * 1.4426950408889634f;
    const long headBase = ((long) seqs[t0] * nKv + g) * ctx * D;
    if (fused) {
        // Q = 1: a warp per q head; the block holding the token's position writes its K and V rows first
        for (int h = warp; h < G; h += ATT_WARPS) {
            float* qh = qs[h];
            norm_rope_head<D>(q + ((long) t0 * nHead + g * G + h) * D, fused->qw, fused->eps, tpos[0],
                              fused->log2Base, [&](int i, float x) { qh[i] = x * qscale; });
        }
        if (start <= tpos[0] && tpos[0] < end) {
            uint16_t* kRow = fused->kc + headBase + (long) tpos[0] * D;
            uint16_t* vRow = fused->vc + headBase + (long) tpos[0] * D;
            const long src = ((long) t0 * nKv + g) * D;
            if (warp == 0) {
                norm_rope_head<D>(fused->k + src, fused->kw, fused->eps, tpos[0], fused->log2Base,
                                  [&](int i, float x) { kRow[i] = f32_to_f16(x); });
            } else if (warp == 1) {
                for (int i = lane; i < D; i += INFER_WARP_SIZE) vRow[i] = f32_to_f16(fused->v[src + i]);
            }
        }
    } else {
        for (int i = thread_x(); i < R * D; i += ATT_WARPS * INFER_WARP_SIZE) {
            const int r = i / D, qi = r / G, h = r % G, d = i % D;
            qs[r][d] = qi < nt ? q[((long) (t0 + qi) * nHead + g * G + h) * D + d] * qscale : 0.0f;
        }
    }
    sync_block();

    const uint16_t* K = kc + headBase;
    const uint16_t* V = vc + headBase;
    float m[R], l[R], acc[R][N];
#pragma unroll
    for (int r = 0; r < R; r++) {
        m[r] = INFER_NEG_INF;
        l[r] = 0.0f;
#pragma unroll
        for (int i = 0; i < N; i++) acc[r][i] = 0.0f;
    }

    // One token per block: the tile's V rows are requested with its K rows (raw, 2-4 registers a row), one memory
    // latency for both instead of one more per 8 V rows (H100, Qwen3-8B decode step: 2.74 -> 2.63 ms at depth 128,
    // 2.92 -> 2.87 at 4096, bench/results/2026-11-26-gpu-h100-decode-attention-entries.md). A prompt chunk's score rows
    // leave no registers for it, nor do head_dim 256's rows or eight query heads of 128.
    constexpr bool V_WITH_K = INFER_HEAVY_UNROLLED && Q == 1 && N <= 4 && G * N <= 16;
    for (int k0 = start + INFER_WARP_SIZE * warp; k0 < end; k0 += INFER_WARP_SIZE * ATT_WARPS) {
        Halves<N> vt[V_WITH_K ? INFER_WARP_SIZE : 1];
        if constexpr (V_WITH_K) {
#pragma unroll
            for (int j = 0; j < INFER_WARP_SIZE; j++) {
                const int vk = k0 + j < end ? k0 + j : end - 1;
                vt[j].load(V + (long) vk * D + lane * N);
            }
        }
        // Lane j scores key k0 + j. Keys past `end` read the last valid row (in bounds) and score -inf.
        const int key = k0 + lane;
        const bool inRange = key < end;
        const uint16_t* kr = K + (long) (inRange ? key : end - 1) * D;
        float sc[R];
#pragma unroll
        for (int r = 0; r < R; r++) sc[r] = 0.0f;
        // the whole row in flight at once: one memory latency per tile, not one per slice
        INFER_UNROLL_HEAVY
        for (int d = 0; d < D; d += 8) {
            float kv[8];
            load_halves<8>(kr + d, kv);
#pragma unroll
            for (int r = 0; r < R; r++) {
                const float4 qa = *reinterpret_cast<const float4*>(&qs[r][d]);
                const float4 qb = *reinterpret_cast<const float4*>(&qs[r][d + 4]);
                sc[r] += qa.x * kv[0] + qa.y * kv[1] + qa.z * kv[2] + qa.w * kv[3]
                       + qb.x * kv[4] + qb.y * kv[5] + qb.z * kv[6] + qb.w * kv[7];
            }
        }
        // A token may see none of a tile's keys (they lie past its position): its running max stays -inf, and
        // then nothing may be rescaled (-inf - -inf) or weighted.
        float p[R];
#pragma unroll
        for (int r = 0; r < R; r++) {
            if (!inRange || key > tpos[r / G]) sc[r] = INFER_NEG_INF;
            const float mNew = __builtin_fmaxf(m[r], warp_max(sc[r]));
            const bool none = mNew == INFER_NEG_INF;
            const float corr = none ? 1.0f : fast_exp2(m[r] - mNew);
            p[r] = none ? 0.0f : fast_exp2(sc[r] - mNew);
            l[r] = l[r] * corr + p[r];
            m[r] = mNew;
#pragma unroll
            for (int i = 0; i < N; i++) acc[r][i] *= corr;
        }
        // V rows of the tile (unless V_WITH_K: 8 at a time, their loads issued together); keys a token does not see
        // have p = 0
        INFER_UNROLL_HEAVY
        for (int j0 = 0; j0 < INFER_WARP_SIZE; j0 += 8) {
            float vv[8][N];
#pragma unroll
            for (int j = 0; j < 8; j++) {
                if constexpr (V_WITH_K) {
                    vt[j0 + j].get(vv[j]);
                } else {
                    const int vk = k0 + j0 + j < end ? k0 + j0 + j : end - 1;
                    load_halves<N>(V + (long) vk * D + lane * N, vv[j]);
                }
            }
#pragma unroll
            for (int j = 0; j < 8; j++) {
#pragma unroll
                for (int r = 0; r < R; r++) {
                    const float pj = shfl(p[r], j0 + j);
#pragma unroll
                    for (int i = 0; i < N; i++) acc[r][i] += pj * vv[j][i];
                }
            }
        }
    }

#pragma unroll
    for (int r = 0; r < R; r++) {
        const float lw = warp_sum(l[r]);
        if (lane == 0) {
            wm[warp][r] = m[r];
            wl[warp][r] = lw;
        }
#pragma unroll
        for (int i = 0; i < N; i++) wacc[warp][r][lane * N + i] = acc[r][i];
    }
    sync_block();

    float* ml = part + (long) count * nHead * nsplit * D;
    for (int i = thread_x(); i < R * D; i += ATT_WARPS * INFER_WARP_SIZE) {
        const int r = i / D, d = i % D, qi = r / G, h = r % G;
        if (qi >= nt) continue;
        float M = INFER_NEG_INF;
#pragma unroll
        for (int w = 0; w < ATT_WARPS; w++) M = __builtin_fmaxf(M, wm[w][r]);
        float a = 0.0f, L = 0.0f;
        if (M != INFER_NEG_INF) {
#pragma unroll
            for (int w = 0; w < ATT_WARPS; w++) {
                const float f = wm[w][r] == INFER_NEG_INF ? 0.0f : fast_exp2(wm[w][r] - M);
                a += wacc[w][r][d] * f;
                L += wl[w][r] * f;
            }
        }
        const long ps = ((long) (t0 + qi) * nHead + g * G + h) * nsplit + s;
        part[ps * D + d] = a;
        if (d == 0) {
            ml[2 * ps] = M;
            ml[2 * ps + 1] = L;
        }
    }
}

// Query heads per kv head times head_dim, at most (the host refuses more): bounds one token's share of a block.
#define ATT_MAX_GD 1024
// Score rows times head_dim per block, at most: bounds the shared memory (40 KiB) and registers of a block.
#define ATT_MAX_QGD 2048
#define ATT_MAX_ROWS 32

// Tokens per block of a prompt chunk: as many as fit ATT_MAX_QGD, at most 4 (GpuKernels.attentionTokensPerBlock).
template <int D, int G> struct PromptTokens {
    static constexpr int q = ATT_MAX_QGD / (G * D);
    static constexpr int value = q > 4 ? 4 : q < 1 ? 1 : q;
};

// QSEL: 1 (one token per block) or ATT_PROMPT (a prompt chunk: PromptTokens<D, G> tokens per block).
#define ATT_PROMPT 0
template <int D, int QSEL>
INFER_DEVICE void attention_split_g(const float* q, const uint16_t* kc, const uint16_t* vc, const int* seqs,
                                    const int* pos, float* part, int count, int nHead, int nKv, int ctx, int nsplit,
                                    float scale) {
    alignas(16) __shared__ float smem[(ATT_WARPS + 1) * (QSEL == ATT_PROMPT ? ATT_MAX_QGD : ATT_MAX_GD)
                                      + 2 * ATT_WARPS * ATT_MAX_ROWS];
#define ATT_CASE(G)                                                                                                \
    attention_split<D, G, QSEL == ATT_PROMPT ? PromptTokens<D, G>::value : 1>(q, kc, vc, seqs, pos, part, count,   \
                                                                                nHead, nKv, ctx, nsplit, scale, smem)
    switch (nHead / nKv) {
        case 1: ATT_CASE(1); break;
        case 2: ATT_CASE(2); break;
        case 4: ATT_CASE(4); break;
        case 8:
            if constexpr (8 * D <= ATT_MAX_GD) ATT_CASE(8);
            break;
        default: break;  // the host refuses other group sizes before launch
    }
#undef ATT_CASE
}

// One entry per head_dim (32, 64, 128, 256) so each keeps only the registers its size needs; nHead / nKv is 1, 2,
// 4 or 8 (at most 4 for head_dim 256).
struct AttentionParams {
    const float* q;       // [count][nHead][headDim], normalized and rotated
    const uint16_t* kc;   // this layer's K cache
    const uint16_t* vc;   // this layer's V cache
    const int* seqs;      // [count]
    const int* pos;       // [count]: the token's position; it attends to [0, pos]
    float* part;          // partials, see above
    int count, nHead, nKv, ctx, nsplit;
    float scale;          // 1 / sqrt(headDim)
};

// infer_attention_hd<D>_f16: any tokens, one per block (decode batches); grid z = count.
// infer_attention_prompt_hd<D>_f16: one sequence's prompt chunk (increasing positions), PromptTokens<D, G> tokens per
// block; grid z = ceil(count / PromptTokens<D, G>). Separate entries, so decode keeps its own (smaller) registers.
// infer_attention_decode_hd<D>_g<G>_f16: a decode step's tokens (one per sequence), one per block, with the q/k norm,
// RoPE and K/V cache write fused in (AttentionFusion); G = nHead / nKv; grid z = count, and the (split, kv head) of
// a block counted in kv-head order (see attention_split). Its partials go to the combine as above. One entry per
// group size rather than a switch over them in one entry: Qwen3-8B's decode step on H100 took 2.79 ms with the
// switch and 2.74 with its G = 4 case alone at depth 128, 3.02 and 2.92 at 4096 (kernel_check,
// bench/results/2026-11-26-gpu-h100-decode-attention-entries.md).
struct AttentionDecodeParams {
    AttentionParams a;  // q: the projection, not normalized or rotated
    AttentionFusion f;
};
#define ATT_ENTRY(D)                                                                                                  \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(128) void infer_attention_hd##D##_f16(AttentionParams p) {                     \
        attention_split_g<D, 1>(p.q, p.kc, p.vc, p.seqs, p.pos, p.part, p.count, p.nHead, p.nKv, p.ctx, p.nsplit,  \
                                p.scale);                                                                          \
    }                                                                                                              \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(128) void infer_attention_prompt_hd##D##_f16(AttentionParams p) {              \
        attention_split_g<D, ATT_PROMPT>(p.q, p.kc, p.vc, p.seqs, p.pos, p.part, p.count, p.nHead, p.nKv, p.ctx,   \
                                         p.nsplit, p.scale);                                                       \
    }
#define ATT_DECODE_ENTRY(D, G)                                                                                        \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(128) void infer_attention_decode_hd##D##_g##G##_f16(AttentionDecodeParams p) { \
        alignas(16) __shared__ float smem[(ATT_WARPS + 1) * G * D + 2 * ATT_WARPS * G];                            \
        attention_split<D, G, 1>(p.a.q, p.a.kc, p.a.vc, p.a.seqs, p.a.pos, p.a.part, p.a.count, p.a.nHead, p.a.nKv, \
                                 p.a.ctx, p.a.nsplit, p.a.scale, smem, &p.f);                                       \
    }

ATT_ENTRY(32)
ATT_ENTRY(64)
ATT_ENTRY(128)
ATT_ENTRY(256)
// G * D <= ATT_MAX_GD
ATT_DECODE_ENTRY(32, 1) ATT_DECODE_ENTRY(32, 2) ATT_DECODE_ENTRY(32, 4) ATT_DECODE_ENTRY(32, 8)
ATT_DECODE_ENTRY(64, 1) ATT_DECODE_ENTRY(64, 2) ATT_DECODE_ENTRY(64, 4) ATT_DECODE_ENTRY(64, 8)
ATT_DECODE_ENTRY(128, 1) ATT_DECODE_ENTRY(128, 2) ATT_DECODE_ENTRY(128, 4) ATT_DECODE_ENTRY(128, 8)
ATT_DECODE_ENTRY(256, 1) ATT_DECODE_ENTRY(256, 2) ATT_DECODE_ENTRY(256, 4)

// ------------------------------------------------------------------------------------ prompt chunks on tensor cores
// infer_attention_prompt_tc_hd<D>_f16 (D = 32, 64, 128): the prompt entry's job and partials with 16-bit products
// (q rounded to f16, probabilities to f16, f32 sums), as flash attention does it. grid (nsplit, nKv,
// ceil(count / (64 / G))), block 128: a block takes 64 score rows (64 / G tokens x the G query heads of kv head g),
// a warp 16 of them, and walks its split's keys in tiles of 64 rows of K and V staged in shared memory. The host takes
// it on NVIDIA only (GpuKernels.tensorCoreAttention): compat.h's portable fragment products spill on RDNA.
#define ATT_TC_ROWS 64
#define ATT_TC_KEYS 64

template <int D, int G>
INFER_DEVICE void attention_prompt_tc(const AttentionParams& p, uint16_t* ks, uint16_t* vs) {
    constexpr int TOK = ATT_TC_ROWS / G, KT = ATT_TC_KEYS;
    constexpr int S = D + 8;  // shared row stride in halves: rows 4 banks apart, 16-byte aligned
    constexpr int NK = D / 16, ND = D / 8, NS = KT / 8;
    const int count = p.count, nHead = p.nHead, nsplit = p.nsplit;
    const int nb = (count + TOK - 1) / TOK;
    const int s = block_x(), g = block_y(), t0 = (nb - 1 - block_z()) * TOK;  // the longest key ranges start first
    const int nt = count - t0 < TOK ? count - t0 : TOK;
    const int warp = thread_x() / INFER_WARP_SIZE, lane = lane_id(), qg = lane >> 2, qt = lane & 3;

    // positions increase along the chunk: the block's last token sees the most keys
    const int len = p.pos[t0 + nt - 1] + 1;
    const int chunk = (((len + nsplit - 1) / nsplit) + 31) & ~31;
    const int start = s * chunk, end = len < start + chunk ? len : start + chunk;

    // this thread's two score rows (warp rows qg and qg + 8): token, head, position (-1: padding, sees no key)
    int rtok[2], rhead[2], rpos[2];
#pragma unroll
    for (int i = 0; i < 2; i++) {
        const int r = warp * 16 + qg + 8 * i, qi = r / G;
        rtok[i] = t0 + qi;
        rhead[i] = g * G + r % G;
        rpos[i] = qi < nt ? p.pos[t0 + qi] : -1;
    }
    // q as A fragments, scaled so that scores come out in base 2
    const float qscale = p.scale * 1.4426950408889634f;
    uint32_t qa[NK][4];
#pragma unroll
    for (int kk = 0; kk < NK; kk++) {
#pragma unroll
        for (int j = 0; j < 4; j++) {
            const int i = j & 1, col = 16 * kk + 8 * (j >> 1) + 2 * qt;
            float2 v = {0.0f, 0.0f};
            if (rpos[i] >= 0) v = *reinterpret_cast<const float2*>(p.q + ((long) rtok[i] * nHead + rhead[i]) * D + col);
            qa[kk][j] = pack_f16x2(v.x * qscale, v.y * qscale);
        }
    }

    const long headBase = ((long) p.seqs[t0] * p.nKv + g) * p.ctx * D;
    const uint16_t* K = p.kc + headBase;
    const uint16_t* V = p.vc + headBase;
    float o[ND][4], m[2] = {INFER_NEG_INF, INFER_NEG_INF}, l[2] = {0.0f, 0.0f};
#pragma unroll
    for (int n = 0; n < ND; n++) o[n][0] = o[n][1] = o[n][2] = o[n][3] = 0.0f;

    // K and V tiles stream through shared memory one group of copies each: the next tile's K is in flight during
    // this tile's softmax and p.v, this tile's V during its q.k. Rows past `end` are zeros (and their scores -inf).
    auto load = [&](uint16_t* dst, const uint16_t* src, int k0) {
        for (int c = thread_x(); c < KT * D / 8; c += ATT_WARPS * INFER_WARP_SIZE) {
            const int row = c / (D / 8), col = (c % (D / 8)) * 8, key = k0 + row;
            const bool valid = key < end;
            copy_async_16(dst + row * S + col, src + (long) (valid ? key : start) * D + col, valid);
        }
        copy_async_commit();
    };
    if (start < end) {
        load(ks, K, start);
        load(vs, V, start);
    }
    for (int k0 = start; k0 < end; k0 += KT) {
        copy_async_wait_but_one();  // this tile's K (its V may still be coming)
        sync_block();

        float sc[NS][4];
#pragma unroll
        for (int j = 0; j < NS; j++) {
            sc[j][0] = sc[j][1] = sc[j][2] = sc[j][3] = 0.0f;
            const uint16_t* kr = ks + (8 * j + qg) * S + 2 * qt;
#pragma unroll
            for (int kk = 0; kk < NK; kk++) {
                mma_f16_16x8x16(sc[j], qa[kk], *reinterpret_cast<const uint32_t*>(kr + 16 * kk),
                                *reinterpret_cast<const uint32_t*>(kr + 16 * kk + 8));
            }
        }
        sync_block();  // every warp has read K: the next tile's may come in (an empty group past the last tile)
        if (k0 + KT < end) load(ks, K, k0 + KT);
        else copy_async_commit();
        // online softmax per row; a row that has seen no key yet keeps m = -inf and must not rescale (-inf - -inf)
        uint32_t pa[KT / 16][4];
#pragma unroll
        for (int i = 0; i < 2; i++) {
            float mx = INFER_NEG_INF;
#pragma unroll
            for (int j = 0; j < NS; j++) {
#pragma unroll
                for (int e = 0; e < 2; e++) {
                    const int key = k0 + 8 * j + 2 * qt + e;
                    if (key >= end || key > rpos[i]) sc[j][2 * i + e] = INFER_NEG_INF;
                    mx = __builtin_fmaxf(mx, sc[j][2 * i + e]);
                }
            }
            mx = __builtin_fmaxf(mx, shfl_xor(mx, 1));
            mx = __builtin_fmaxf(mx, shfl_xor(mx, 2));
            const float mNew = __builtin_fmaxf(m[i], mx);
            const bool none = mNew == INFER_NEG_INF;
            const float corr = none ? 1.0f : fast_exp2(m[i] - mNew);
            m[i] = mNew;
            float sum = 0.0f;
#pragma unroll
            for (int j = 0; j < NS; j++) {
                const float p0 = none ? 0.0f : fast_exp2(sc[j][2 * i] - mNew);
                const float p1 = none ? 0.0f : fast_exp2(sc[j][2 * i + 1] - mNew);
                sum += p0 + p1;
                // P as A fragments of the next product: key tile j covers k 8 (j % 2) .. of k-step j / 2
                pa[j / 2][i + 2 * (j % 2)] = pack_f16x2(p0, p1);
            }
            l[i] = l[i] * corr + sum;
#pragma unroll
            for (int n = 0; n < ND; n++) {
                o[n][2 * i] *= corr;
                o[n][2 * i + 1] *= corr;
            }
        }
        copy_async_wait_but_one();  // this tile's V (the next K may still be coming)
        sync_block();
#pragma unroll
        for (int kk = 0; kk < KT / 16; kk++) {
#pragma unroll
            for (int n = 0; n < ND; n += 2) {
                uint32_t b[4];
                load_f16_b_trans(b, vs + 16 * kk * S + 8 * n, S);
                mma_f16_16x8x16(o[n], pa[kk], b[0], b[1]);
                mma_f16_16x8x16(o[n + 1], pa[kk], b[2], b[3]);
            }
        }
        sync_block();  // every warp has read V
        if (k0 + KT < end) load(vs, V, k0 + KT);
        else copy_async_commit();
    }
    copy_async_wait();

    float* ml = p.part + (long) count * nHead * nsplit * D;
#pragma unroll
    for (int i = 0; i < 2; i++) {
        float L = l[i];
        L += shfl_xor(L, 1);
        L += shfl_xor(L, 2);
        if (rpos[i] < 0) continue;
        const long ps = ((long) rtok[i] * nHead + rhead[i]) * nsplit + s;
#pragma unroll
        for (int n = 0; n < ND; n++) {
            *reinterpret_cast<float2*>(p.part + ps * D + 8 * n + 2 * qt) = float2{o[n][2 * i], o[n][2 * i + 1]};
        }
        if (qt == 0) {
            ml[2 * ps] = m[i];
            ml[2 * ps + 1] = L;
        }
    }
}

#define ATT_TC_ENTRY(D)                                                                                               \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(128) void infer_attention_prompt_tc_hd##D##_f16(AttentionParams p) {           \
        alignas(16) __shared__ uint16_t ks[ATT_TC_KEYS * (D + 8)], vs[ATT_TC_KEYS * (D + 8)];                        \
        switch (p.nHead / p.nKv) {                                                                                   \
            case 1: attention_prompt_tc<D, 1>(p, ks, vs); break;                                                     \
            case 2: attention_prompt_tc<D, 2>(p, ks, vs); break;                                                     \
            case 4: attention_prompt_tc<D, 4>(p, ks, vs); break;                                                     \
            case 8: attention_prompt_tc<D, 8>(p, ks, vs); break;                                                     \
            default: break;                                                                                          \
        }                                                                                                            \
    }
ATT_TC_ENTRY(32)
ATT_TC_ENTRY(64)
ATT_TC_ENTRY(128)

// grid (nHead, count), block headDim x groups threads (headDim a multiple of 32, at most 256; at most
// ATT_COMBINE_THREADS in all): the groups share out the splits (worth it from about 8 splits on).
#define ATT_COMBINE_THREADS 512
struct CombineParams {
    const float* part;  // from infer_attention_hd*_f16
    float* out;         // [count][nHead][headDim], or null
    int8_t* xq;         // the same as 8-bit blocks, or null
    float2* xd;
    int count, nHead, headDim, nsplit;
};

INFER_KERNEL INFER_LAUNCH_BOUNDS(ATT_COMBINE_THREADS) void infer_attention_combine_f32(CombineParams p) {
    // the o product after it may start and request its weights (GpuKernels.launchProduct)
    grid_dependents_launch();
    __shared__ float sm[ATT_MAX_SPLIT], sl[ATT_MAX_SPLIT];
    __shared__ float ga[ATT_COMBINE_THREADS], gl[ATT_COMBINE_THREADS / INFER_WARP_SIZE];
    __shared__ unsigned used;
    const float* __restrict__ part = p.part;
    const int count = p.count, nHead = p.nHead, headDim = p.headDim, nsplit = p.nsplit;
    const int groups = block_threads() / headDim;
    const int h = block_x(), t = block_y(), d = thread_x() % headDim, grp = thread_x() / headDim;
    const long base = ((long) t * nHead + h) * nsplit;
    const float* ml = part + (long) count * nHead * nsplit * headDim;
    if (thread_x() == 0) used = 0;
    sync_block();
    // Splits past a token's position saw no keys (m = -inf) and come last: only the ones before them are read.
    for (int s = thread_x(); s < nsplit; s += groups * headDim) {
        sm[s] = ml[2 * (base + s)];
        sl[s] = ml[2 * (base + s) + 1];
        if (sm[s] != INFER_NEG_INF) atomic_max_shared(&used, (unsigned) s + 1);
    }
    sync_block();
    const int n = (int) used;
    float M = INFER_NEG_INF;
    for (int s = 0; s < n; s++) M = __builtin_fmaxf(M, sm[s]);
    // group g sums splits g, g + groups, ... (fewer dependent L2 reads per thread), group 0 adds the groups in order
    float a = 0.0f, L = 0.0f;
    if (groups == 1) {
        // the same with a constant stride, whose loads go out 8 at a time (the strided loop's do not)
#pragma unroll 8
        for (int s = 0; s < n; s++) {
            const float f = sm[s] == INFER_NEG_INF ? 0.0f : fast_exp2(sm[s] - M);
            a += part[(base + s) * headDim + d] * f;
            L += sl[s] * f;
        }
    } else {
#pragma unroll 8
        for (int s = grp; s < n; s += groups) {
            const float f = sm[s] == INFER_NEG_INF ? 0.0f : fast_exp2(sm[s] - M);
            a += part[(base + s) * headDim + d] * f;
            L += sl[s] * f;
        }
    }
    if (grp > 0) {
        ga[thread_x()] = a;
        if (d == 0) gl[grp] = L;
    }
    sync_block();
    if (grp > 0) return;
    for (int g = 1; g < groups; g++) {
        a += ga[g * headDim + d];
        L += gl[g];
    }
    const float v = a / L;
    const long o = ((long) t * nHead + h) * headDim + d;
    if (p.out) p.out[o] = v;
    if (p.xq) quantize_block_q8(v, p.xq, p.xd, o / 32);
}
