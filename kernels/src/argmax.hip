// argmax.hip — index of the largest value of each row (the lowest index among equals), so greedy decoding
// copies back one int per sequence. grid (count), block 1024.
#include "compat.h"

INFER_DEVICE void keep_better(float& best, int& idx, float v, int i) {
    if (v > best || (v == best && i < idx)) {
        best = v;
        idx = i;
    }
}

struct ArgmaxParams {
    const float* x;  // [count][cols]
    int* out;        // [count]
    int cols, count;
};

INFER_KERNEL INFER_LAUNCH_BOUNDS(1024) void infer_argmax_f32(ArgmaxParams p) {
    const float* x = p.x;
    int* out = p.out;
    const int cols = p.cols;
    __shared__ float wbest[32];
    __shared__ int widx[32];
    const float* row = x + (long) block_x() * cols;
    float best = INFER_NEG_INF;
    int idx = 0x7fffffff;
    for (int i = thread_x(); i < cols; i += 1024) keep_better(best, idx, row[i], i);
#pragma unroll
    for (int m = INFER_WARP_SIZE / 2; m > 0; m >>= 1) keep_better(best, idx, shfl_xor(best, m), shfl_xor(idx, m));
    if (lane_id() == 0) {
        wbest[thread_x() / 32] = best;
        widx[thread_x() / 32] = idx;
    }
    sync_block();
    if (thread_x() < 32) {
        best = wbest[thread_x()];
        idx = widx[thread_x()];
#pragma unroll
        for (int m = INFER_WARP_SIZE / 2; m > 0; m >>= 1) keep_better(best, idx, shfl_xor(best, m), shfl_xor(idx, m));
        if (thread_x() == 0) out[block_x()] = idx == 0x7fffffff ? 0 : idx;
    }
}
