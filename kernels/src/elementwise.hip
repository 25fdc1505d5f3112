// elementwise.hip — SwiGLU and residual add over flat f32 arrays. grid (ceil(n / 256)), block 256.
#include "compat.h"

struct BinaryParams {
    const float* a;  // swiglu: gate
    const float* b;  // swiglu: up
    float* out;      // may be a or b
    int n;
};

// out = silu(a) * b
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_swiglu_f32(BinaryParams p) {
    const int i = block_x() * 256 + thread_x();
    if (i < p.n) p.out[i] = silu(p.a[i]) * p.b[i];
}

// out = a + b
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_add_f32(BinaryParams p) {
    const int i = block_x() * 256 + thread_x();
    if (i < p.n) p.out[i] = p.a[i] + p.b[i];
}
