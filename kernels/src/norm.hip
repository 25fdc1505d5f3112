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

// grid (count), block 256.
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_rmsnorm_f32(const float* __restrict__ x, const float* __restrict__ w,
                                                             float* __restrict__ out, int cols, int count, float eps) {
    __shared__ float scratch[8];
    const long row = block_x();
    const float* xr = x + row * cols;
    const float s = rms_scale(xr, cols, eps, scratch);
    for (int i = thread_x(); i < cols; i += 256) out[row * cols + i] = xr[i] * s * w[i];
}

// RMSNorm whose output goes to f32 `out` and/or 8-bit (xq, xd) (either may be null). grid (count), block 256;
// cols % 32 == 0: warp-sized chunks of consecutive values are the quantization blocks.
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_rmsnorm_q8_f32(const float* __restrict__ x, const float* __restrict__ w,
                                                                float* __restrict__ out, int8_t* __restrict__ xq,
                                                                float2* __restrict__ xd, int cols, int count, float eps) {
    __shared__ float scratch[8];
    const long row = block_x();
    const float* xr = x + row * cols;
    const float s = rms_scale(xr, cols, eps, scratch);
    for (int i = thread_x(); i < cols; i += 256) {
        const float v = xr[i] * s * w[i];
        if (out) out[row * cols + i] = v;
        if (xq) quantize_block_q8(v, xq, xd, (row * cols + i) / 32);
    }
}
