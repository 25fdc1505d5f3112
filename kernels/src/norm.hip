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

// RMSNorm whose output goes to f32 `out` and/or 8-bit (xq, xd). grid (count), block 256; cols % 32 == 0: each
// warp's 32 consecutive values are one quantization block.
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_rmsnorm_q8_f32(NormParams p) {
    __shared__ float scratch[8];
    const long row = block_x();
    const float* xr = p.x + row * p.cols;
    const float s = rms_scale(xr, p.cols, p.eps, scratch);
    for (int i = thread_x(); i < p.cols; i += 256) {
        const float v = xr[i] * s * p.w[i];
        if (p.out) p.out[row * p.cols + i] = v;
        if (p.xq) quantize_block_q8(v, p.xq, p.xd, (row * p.cols + i) / 32);
    }
}
