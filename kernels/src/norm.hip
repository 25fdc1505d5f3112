// norm.hip — RMSNorm with a weight, alone or fused with 8-bit quantization of its output.
// y = x / sqrt(mean(x^2) + eps) * w. Also the per-head q/k norm: rows = heads, cols = head_dim.
#include "quants.h"

// Sum over the 256-thread block; every thread gets the result.
INFER_DEVICE float block_sum_256(float v, float* scratch) {
    v = warp_sum(v);
    if (lane_id() == 0) scratch[thread_x() / 32] = v;
    sync_block();
    float t = 0.0f;
#pragma unroll
    for (int i = 0; i < 8; i++) t += scratch[i];
    sync_block();
    return t;
}

INFER_DEVICE float rms_scale(const float* x, int cols, float eps, float* scratch) {
    float ss = 0.0f;
    for (int i = thread_x(); i < cols; i += 256) ss += x[i] * x[i];
    ss = block_sum_256(ss, scratch);
    return fast_rsqrt(ss / (float) cols + eps);
}

struct NormParams {
    const float* x;  // [count][cols]
    const float* w;  // [cols]
    float* out;      // [count][cols], may be x; null: no f32 output (rmsnorm_q8 only)
    int8_t* xq;      // 8-bit output [count][cols] (rmsnorm_q8 only; null: none)
    float2* xd;      // [count][cols / 32]
    int cols, count;
    float eps;
};

// grid (count), block 256.
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_rmsnorm_f32(NormParams p) {
    __shared__ float scratch[8];
    const long row = block_x();
    const float* xr = p.x + row * p.cols;
    const float s = rms_scale(xr, p.cols, p.eps, scratch);
    for (int i = thread_x(); i < p.cols; i += 256) p.out[row * p.cols + i] = xr[i] * s * p.w[i];
}

#define NORM_THREADS 1024
#define NORM_MAX_PER_THREAD 16  // rows of up to 16384 values

// RMSNorm whose output goes to f32 `out` and/or 8-bit (xq, xd). grid (count), block NORM_THREADS; cols % 32 == 0
// and cols <= 16384. The row and the weight are loaded into registers at once (one memory latency, not one per
// slice); thread t holds values t + 1024 k, so each warp's 32 consecutive values are one quantization block.
INFER_KERNEL INFER_LAUNCH_BOUNDS(NORM_THREADS) void infer_rmsnorm_q8_f32(NormParams p) {
    __shared__ float scratch[NORM_THREADS / 32];
    const long row = block_x();
    const int t = thread_x();
    const float* xr = p.x + row * p.cols;
    float v[NORM_MAX_PER_THREAD], w[NORM_MAX_PER_THREAD];
    float ss = 0.0f;
#pragma unroll
    for (int k = 0; k < NORM_MAX_PER_THREAD; k++) {
        const int i = t + k * NORM_THREADS;
        const bool in = i < p.cols;
        v[k] = in ? xr[i] : 0.0f;
        w[k] = in ? p.w[i] : 0.0f;
        ss += v[k] * v[k];
    }
    ss = warp_sum(ss);
    if (lane_id() == 0) scratch[t / 32] = ss;
    sync_block();
    float total = 0.0f;
#pragma unroll
    for (int i = 0; i < NORM_THREADS / 32; i++) total += scratch[i];
    const float s = fast_rsqrt(total / (float) p.cols + p.eps);
#pragma unroll
    for (int k = 0; k < NORM_MAX_PER_THREAD; k++) {
        const int i = t + k * NORM_THREADS;
        if (i < p.cols) {  // the same for the whole warp: cols % 32 == 0
            const float y = v[k] * s * w[k];
            if (p.out) p.out[row * p.cols + i] = y;
            if (p.xq) quantize_block_q8(y, p.xq, p.xd, (row * p.cols + i) / 32);
        }
    }
}
