// elementwise.hip — SwiGLU and residual add over flat f32 arrays. grid (ceil(n / 256)), block 256.
#include "compat.h"

// out = silu(gate) * up
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_swiglu_f32(const float* __restrict__ gate, const float* __restrict__ up,
                                                            float* __restrict__ out, int n) {
    const int i = block_x() * 256 + thread_x();
    if (i < n) out[i] = silu(gate[i]) * up[i];
}

// out = a + b (out may be a)
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_add_f32(const float* a, const float* b, float* out, int n) {
    const int i = block_x() * 256 + thread_x();
    if (i < n) out[i] = a[i] + b[i];
}
