// rope.hip — NEOX rotary position embedding, alone or fused with Qwen3's per-head q/k RMSNorm and the KV-cache
// write. NEOX pairs element i with i + head_dim/2 and turns the pair by theta_i = pos * base^(-2i / head_dim).
//
// KV cache layout (kvcache.hip): f16, cache[((seq * n_kv + kv_head) * ctx + pos) * head_dim + d].
#pragma once
#include "compat.h"

// Rotates pairs (a, b) of pair index i at position pos; log2Base = log2(rope freq_base).
INFER_DEVICE void rope_pair(float& a, float& b, int i, int headDim, int pos, float log2Base) {
    // theta in turns: pos * base^(-2i/D) / (2 pi). The rounding error of the product is recovered with an fma so
    // large positions keep their fractional turn.
    const float f = fast_exp2(-(float) (2 * i) / (float) headDim * log2Base) * 0.15915494309189535f;
    const float p = (float) pos * f;
    const float e = __builtin_fmaf((float) pos, f, -p);
    float t = (p - __builtin_floorf(p)) + e;
    t -= __builtin_floorf(t);
    float s, c;
    sincos_turns(t, &s, &c);
    const float x = a, y = b;
    a = x * c - y * s;
    b = x * s + y * c;
}

struct RopeParams {
    float* x;         // [count][heads][headDim], rotated in place
    const int* pos;   // [count]
    int count, heads, headDim;
    float log2Base;   // log2(freq_base)
};

// grid (heads, count), block 32.
INFER_KERNEL INFER_LAUNCH_BOUNDS(32) void infer_rope_neox_f32(RopeParams p) {
    const int t = block_y();
    float* h = p.x + ((long) t * p.heads + block_x()) * p.headDim;
    const int half = p.headDim / 2;
    for (int i = lane_id(); i < half; i += INFER_WARP_SIZE) rope_pair(h[i], h[i + half], i, p.headDim, p.pos[t], p.log2Base);
}

// One warp per head of one token: q heads [0, nHead) are normalized (weight qw) and rotated in place in q; kv
// heads [nHead, nHead + nKv) have k normalized (kw), rotated and stored in the K cache, and v stored in the V
// cache, both as f16. A null norm weight skips the norm. v has the same head_dim as k.
// grid (nHead + nKv, count), block 32.
struct QkNormRopeKvParams {
    float* q;          // [count][nHead][headDim], normalized and rotated in place
    const float* k;    // [count][nKv][headDim]
    const float* v;    // [count][nKv][headDim]
    const float* qw;   // [headDim] q norm weight, or null
    const float* kw;   // [headDim] k norm weight, or null
    const int* seqs;   // [count]
    const int* pos;    // [count]
    uint16_t* kc;      // this layer's K cache
    uint16_t* vc;      // this layer's V cache
    int nHead, nKv, headDim, ctx;
    float eps, log2Base;
};

INFER_KERNEL INFER_LAUNCH_BOUNDS(32) void infer_qk_norm_rope_kv_f32(QkNormRopeKvParams p) {
    float* __restrict__ q = p.q;
    const float* __restrict__ k = p.k;
    const float* __restrict__ v = p.v;
    const float* qw = p.qw;
    const float* kw = p.kw;
    const int* __restrict__ seqs = p.seqs;
    const int* __restrict__ pos = p.pos;
    uint16_t* __restrict__ kc = p.kc;
    uint16_t* __restrict__ vc = p.vc;
    const int nHead = p.nHead, nKv = p.nKv, headDim = p.headDim, ctx = p.ctx;
    const float eps = p.eps, log2Base = p.log2Base;
    const int t = block_y(), head = block_x(), lane = lane_id();
    const bool isQ = head < nHead;
    const int kvh = head - nHead;
    const float* src = isQ ? q + ((long) t * nHead + head) * headDim : k + ((long) t * nKv + kvh) * headDim;
    const float* w = isQ ? qw : kw;
    float scale = 1.0f;
    if (w) {
        float ss = 0.0f;
        for (int i = lane; i < headDim; i += INFER_WARP_SIZE) ss += src[i] * src[i];
        scale = fast_rsqrt(warp_sum(ss) / (float) headDim + eps);
    }
    const int half = headDim / 2;
    const long cacheRow = (((long) seqs[t] * nKv + kvh) * ctx + pos[t]) * headDim;
    for (int i = lane; i < half; i += INFER_WARP_SIZE) {
        float a = src[i] * scale, b = src[i + half] * scale;
        if (w) {
            a *= w[i];
            b *= w[i + half];
        }
        rope_pair(a, b, i, headDim, pos[t], log2Base);
        if (isQ) {
            float* dst = q + ((long) t * nHead + head) * headDim;
            dst[i] = a;
            dst[i + half] = b;
        } else {
            kc[cacheRow + i] = f32_to_f16(a);
            kc[cacheRow + i + half] = f32_to_f16(b);
        }
    }
    if (!isQ) {
        const float* vs = v + ((long) t * nKv + kvh) * headDim;
        for (int i = lane; i < headDim; i += INFER_WARP_SIZE) vc[cacheRow + i] = f32_to_f16(vs[i]);
    }
}
