// kvcache.hip — stores K and V rows of `count` tokens into the f16 caches at (seqs[t], pos[t]).
// Layout: cache[((seq * nKv + kv_head) * ctx + pos) * headDim + d]: each kv head's positions are contiguous, so
// attention streams one head's keys from one place. grid (nKv, count), block 32.
#include "compat.h"

struct KvWriteParams {
    const float* k;    // [count][nKv][headDim]
    const float* v;    // [count][nKv][headDim]
    const int* seqs;   // [count]
    const int* pos;    // [count]
    uint16_t* kc;      // this layer's K cache
    uint16_t* vc;      // this layer's V cache
    int nKv, headDim, ctx;
};

INFER_KERNEL INFER_LAUNCH_BOUNDS(32) void infer_kv_write_f16(KvWriteParams p) {
    const int t = block_y(), h = block_x();
    const long src = ((long) t * p.nKv + h) * p.headDim;
    const long dst = (((long) p.seqs[t] * p.nKv + h) * p.ctx + p.pos[t]) * p.headDim;
    for (int i = lane_id(); i < p.headDim; i += INFER_WARP_SIZE) {
        p.kc[dst + i] = f32_to_f16(p.k[src + i]);
        p.vc[dst + i] = f32_to_f16(p.v[src + i]);
    }
}
