// attention.hip — causal grouped-query attention over the f16 KV cache, split along the keys (flash decoding).
//
// Token t (sequence seqs[t], position pos[t]) attends to positions [0, pos[t]] of its sequence, so one kernel
// serves prefill (count tokens of one sequence) and batched decode (one token of each of count sequences).
// infer_attention_hd<D>_f16: grid (nsplit, nKv, count), block 128. Block (s, g, t) takes the s-th of nsplit equal
//   chunks (multiples of 32 positions) of the keys for kv head g and all nHead / nKv query heads that share it,
//   and writes, per query head, the unnormalized partial (m, l, acc[D]) of an online softmax in base 2:
//   m = max score, l = sum 2^(score - m), acc = sum 2^(score - m) v.
// infer_attention_combine_f32: grid (nHead, count), block D: merges the nsplit (<= 64) partials into
//   out[t][head * D + d], and also into 8-bit blocks for the next matrix when xq is not null.
// Partials: part[((t * nHead + h) * nsplit + s) * D + d], then (m, l) pairs from part + count * nHead * nsplit * D.
#include "quants.h"

#define ATT_WARPS 4
#define ATT_MAX_SPLIT 64  // key chunks per (token, kv head), at most

// Loads this lane's N = D / 32 consecutive halves of a V row.
template <int N> INFER_DEVICE void load_halves(const uint16_t* p, float* out);
template <> INFER_DEVICE void load_halves<1>(const uint16_t* p, float* out) { out[0] = f16_to_f32(p[0]); }
template <> INFER_DEVICE void load_halves<2>(const uint16_t* p, float* out) {
    const float2 a = f16x2_to_f32x2(*reinterpret_cast<const uint32_t*>(p));
    out[0] = a.x; out[1] = a.y;
}
template <> INFER_DEVICE void load_halves<4>(const uint16_t* p, float* out) {
    const u32x2 v = load_u32x2(p);
    const float2 a = f16x2_to_f32x2(v.x), b = f16x2_to_f32x2(v.y);
    out[0] = a.x; out[1] = a.y; out[2] = b.x; out[3] = b.y;
}
template <> INFER_DEVICE void load_halves<8>(const uint16_t* p, float* out) {
    const u32x4 v = load_u32x4(p);
    const float2 a = f16x2_to_f32x2(v.x), b = f16x2_to_f32x2(v.y), c = f16x2_to_f32x2(v.z), d = f16x2_to_f32x2(v.w);
    out[0] = a.x; out[1] = a.y; out[2] = b.x; out[3] = b.y; out[4] = c.x; out[5] = c.y; out[6] = d.x; out[7] = d.y;
}

template <int D, int G>
INFER_DEVICE void attention_split(const float* __restrict__ q, const uint16_t* __restrict__ kc,
                                  const uint16_t* __restrict__ vc, const int* __restrict__ seqs,
                                  const int* __restrict__ pos, float* __restrict__ part, int count, int nHead, int nKv,
                                  int ctx, int nsplit, float scale, float* smem) {
    constexpr int N = D / INFER_WARP_SIZE;  // V values per lane
    float (*qs)[D] = reinterpret_cast<float (*)[D]>(smem);                          // [G][D]
    float (*wacc)[G][D] = reinterpret_cast<float (*)[G][D]>(smem + G * D);         // [ATT_WARPS][G][D]
    float (*wm)[G] = reinterpret_cast<float (*)[G]>(smem + (ATT_WARPS + 1) * G * D);  // [ATT_WARPS][G]
    float (*wl)[G] = reinterpret_cast<float (*)[G]>(smem + (ATT_WARPS + 1) * G * D + ATT_WARPS * G);

    const int s = block_x(), g = block_y(), t = block_z();
    const int warp = thread_x() / INFER_WARP_SIZE, lane = lane_id();
    const int len = pos[t] + 1;
    const int chunk = (((len + nsplit - 1) / nsplit) + 31) & ~31;
    const int start = s * chunk, end = len < start + chunk ? len : start + chunk;

    // scores in base 2: q . k * scale * log2(e)
    const float qscale = scale * 1.4426950408889634f;
    for (int i = thread_x(); i < G * D; i += ATT_WARPS * INFER_WARP_SIZE) {
        qs[i / D][i % D] = q[((long) t * nHead + g * G + i / D) * D + i % D] * qscale;
    }
    sync_block();

    const long headBase = ((long) seqs[t] * nKv + g) * ctx * D;
    const uint16_t* K = kc + headBase;
    const uint16_t* V = vc + headBase;
    float m[G], l[G], acc[G][N];
#pragma unroll
    for (int h = 0; h < G; h++) {
        m[h] = INFER_NEG_INF;
        l[h] = 0.0f;
#pragma unroll
        for (int i = 0; i < N; i++) acc[h][i] = 0.0f;
    }

    for (int k0 = start + INFER_WARP_SIZE * warp; k0 < end; k0 += INFER_WARP_SIZE * ATT_WARPS) {
        // Lane j scores key k0 + j. Keys past `end` read the last valid row (in bounds) and score -inf.
        const int key = k0 + lane;
        const bool valid = key < end;
        const uint16_t* kr = K + (long) (valid ? key : end - 1) * D;
        float sc[G];
#pragma unroll
        for (int h = 0; h < G; h++) sc[h] = 0.0f;
        // the whole row in flight at once: one memory latency per tile, not one per slice
        INFER_UNROLL_HEAVY
        for (int d = 0; d < D; d += 8) {
            float kv[8];
            load_halves<8>(kr + d, kv);
#pragma unroll
            for (int h = 0; h < G; h++) {
                const float4 qa = *reinterpret_cast<const float4*>(&qs[h][d]);
                const float4 qb = *reinterpret_cast<const float4*>(&qs[h][d + 4]);
                sc[h] += qa.x * kv[0] + qa.y * kv[1] + qa.z * kv[2] + qa.w * kv[3]
                       + qb.x * kv[4] + qb.y * kv[5] + qb.z * kv[6] + qb.w * kv[7];
            }
        }
        // lane 0's key is always valid, so every tile max is finite
        float p[G];
#pragma unroll
        for (int h = 0; h < G; h++) {
            if (!valid) sc[h] = INFER_NEG_INF;
            const float mNew = __builtin_fmaxf(m[h], warp_max(sc[h]));
            const float corr = fast_exp2(m[h] - mNew);
            p[h] = fast_exp2(sc[h] - mNew);
            l[h] = l[h] * corr + p[h];
            m[h] = mNew;
#pragma unroll
            for (int i = 0; i < N; i++) acc[h][i] *= corr;
        }
        // V rows of the tile, 8 at a time with their loads issued together; invalid keys have p = 0
        INFER_UNROLL_HEAVY
        for (int j0 = 0; j0 < INFER_WARP_SIZE; j0 += 8) {
            float vv[8][N];
#pragma unroll
            for (int j = 0; j < 8; j++) {
                const int vk = k0 + j0 + j < end ? k0 + j0 + j : end - 1;
                load_halves<N>(V + (long) vk * D + lane * N, vv[j]);
            }
#pragma unroll
            for (int j = 0; j < 8; j++) {
#pragma unroll
                for (int h = 0; h < G; h++) {
                    const float pj = shfl(p[h], j0 + j);
#pragma unroll
                    for (int i = 0; i < N; i++) acc[h][i] += pj * vv[j][i];
                }
            }
        }
    }

#pragma unroll
    for (int h = 0; h < G; h++) {
        const float lw = warp_sum(l[h]);
        if (lane == 0) {
            wm[warp][h] = m[h];
            wl[warp][h] = lw;
        }
#pragma unroll
        for (int i = 0; i < N; i++) wacc[warp][h][lane * N + i] = acc[h][i];
    }
    sync_block();

    float* ml = part + (long) count * nHead * nsplit * D;
    for (int i = thread_x(); i < G * D; i += ATT_WARPS * INFER_WARP_SIZE) {
        const int h = i / D, d = i % D;
        float M = INFER_NEG_INF;
#pragma unroll
        for (int w = 0; w < ATT_WARPS; w++) M = __builtin_fmaxf(M, wm[w][h]);
        float a = 0.0f, L = 0.0f;
        if (M != INFER_NEG_INF) {
#pragma unroll
            for (int w = 0; w < ATT_WARPS; w++) {
                const float f = wm[w][h] == INFER_NEG_INF ? 0.0f : fast_exp2(wm[w][h] - M);
                a += wacc[w][h][d] * f;
                L += wl[w][h] * f;
            }
        }
        const long ps = ((long) t * nHead + g * G + h) * nsplit + s;
        part[ps * D + d] = a;
        if (d == 0) {
            ml[2 * ps] = M;
            ml[2 * ps + 1] = L;
        }
    }
}

// Query heads per kv head times head_dim, at most: bounds the shared memory of one block.
#define ATT_MAX_GD 1024

template <int D>
INFER_DEVICE void attention_split_g(const float* q, const uint16_t* kc, const uint16_t* vc, const int* seqs,
                                    const int* pos, float* part, int count, int nHead, int nKv, int ctx, int nsplit,
                                    float scale) {
    alignas(16) __shared__ float smem[(ATT_WARPS + 1) * ATT_MAX_GD + 2 * ATT_WARPS * 8];
    switch (nHead / nKv) {
        case 1: attention_split<D, 1>(q, kc, vc, seqs, pos, part, count, nHead, nKv, ctx, nsplit, scale, smem); break;
        case 2: attention_split<D, 2>(q, kc, vc, seqs, pos, part, count, nHead, nKv, ctx, nsplit, scale, smem); break;
        case 4: attention_split<D, 4>(q, kc, vc, seqs, pos, part, count, nHead, nKv, ctx, nsplit, scale, smem); break;
        case 8:
            if constexpr (8 * D <= ATT_MAX_GD)
                attention_split<D, 8>(q, kc, vc, seqs, pos, part, count, nHead, nKv, ctx, nsplit, scale, smem);
            break;
        default: break;  // the host refuses other group sizes before launch
    }
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

#define ATT_ENTRY(D)                                                                                                  \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(128) void infer_attention_hd##D##_f16(AttentionParams p) {                     \
        attention_split_g<D>(p.q, p.kc, p.vc, p.seqs, p.pos, p.part, p.count, p.nHead, p.nKv, p.ctx, p.nsplit,     \
                             p.scale);                                                                             \
    }

ATT_ENTRY(32)
ATT_ENTRY(64)
ATT_ENTRY(128)
ATT_ENTRY(256)

// grid (nHead, count), block headDim (a multiple of 32, at most 256).
struct CombineParams {
    const float* part;  // from infer_attention_hd*_f16
    float* out;         // [count][nHead][headDim], or null
    int8_t* xq;         // the same as 8-bit blocks, or null
    float2* xd;
    int count, nHead, headDim, nsplit;
};

INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_attention_combine_f32(CombineParams p) {
    __shared__ float sm[ATT_MAX_SPLIT], sl[ATT_MAX_SPLIT];
    const float* __restrict__ part = p.part;
    const int count = p.count, nHead = p.nHead, headDim = p.headDim, nsplit = p.nsplit;
    const int h = block_x(), t = block_y(), d = thread_x();
    const long base = ((long) t * nHead + h) * nsplit;
    const float* ml = part + (long) count * nHead * nsplit * headDim;
    for (int s = d; s < nsplit; s += headDim) {
        sm[s] = ml[2 * (base + s)];
        sl[s] = ml[2 * (base + s) + 1];
    }
    sync_block();
    float M = INFER_NEG_INF;
    for (int s = 0; s < nsplit; s++) M = __builtin_fmaxf(M, sm[s]);
    float a = 0.0f, L = 0.0f;
#pragma unroll 8
    for (int s = 0; s < nsplit; s++) {
        const float f = sm[s] == INFER_NEG_INF ? 0.0f : fast_exp2(sm[s] - M);
        a += part[(base + s) * headDim + d] * f;
        L += sl[s] * f;
    }
    const float v = a / L;
    const long o = ((long) t * nHead + h) * headDim + d;
    if (p.out) p.out[o] = v;
    if (p.xq) quantize_block_q8(v, p.xq, p.xd, o / 32);
}
