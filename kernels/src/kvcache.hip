// kvcache.hip — stores K and V rows of `count` tokens into the f16 caches at (seqs[t], pos[t]).
// Layout: cache[((seq * nKv + kv_head) * ctx + pos) * headDim + d]: each kv head's positions are contiguous, so
// attention streams one head's keys from one place. grid (nKv, count), block 32.
#include "compat.h"

INFER_KERNEL INFER_LAUNCH_BOUNDS(32) void infer_kv_write_f16(const float* __restrict__ k, const float* __restrict__ v,
                                                             const int* __restrict__ seqs, const int* __restrict__ pos,
                                                             uint16_t* __restrict__ kc, uint16_t* __restrict__ vc,
                                                             int nKv, int headDim, int ctx) {
    const int t = block_y(), h = block_x();
    const long src = ((long) t * nKv + h) * headDim;
    const long dst = (((long) seqs[t] * nKv + h) * ctx + pos[t]) * headDim;
    for (int i = lane_id(); i < headDim; i += INFER_WARP_SIZE) {
        kc[dst + i] = f32_to_f16(k[src + i]);
        vc[dst + i] = f32_to_f16(v[src + i]);
    }
}
