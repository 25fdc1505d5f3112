// matvec_exact.hip — y = W x with f32 activations: weights dequantized to f32 and multiplied in f32. This is the
// path for F32/F16/BF16 weights and the exact reference for the quantized ones (matvec.hip rounds x to 8 bits).
// One warp per row, 4 rows per 128-thread block; lane i takes the 32-value groups i, i + 32, ...
// x[b * cols + i], y[b * rows + r], batch 1..8; with `accumulate`, y += W x.
#include "quants.h"

template <int T, int NB>
INFER_DEVICE void matvec_exact(const uint8_t* __restrict__ w, const float* __restrict__ x, float* __restrict__ y,
                               int rows, int cols, int accumulate) {
    const int r = block_x() * 4 + thread_x() / INFER_WARP_SIZE;
    if (r >= rows) return;
    const uint8_t* row = w + (long) r * row_bytes<T>(cols);
    float acc[NB];
#pragma unroll
    for (int b = 0; b < NB; b++) acc[b] = 0.0f;
    for (int g = lane_id(); g < cols / 32; g += INFER_WARP_SIZE) {
        float v[32];
        dequant32<T>(row, cols, g, v);
#pragma unroll
        for (int b = 0; b < NB; b++) {
            const float* xb = x + (long) b * cols + 32 * g;
#pragma unroll
            for (int i = 0; i < 32; i += 4) {
                const float4 xx = load_f32x4(xb + i);
                acc[b] += v[i] * xx.x + v[i + 1] * xx.y + v[i + 2] * xx.z + v[i + 3] * xx.w;
            }
        }
    }
#pragma unroll
    for (int b = 0; b < NB; b++) acc[b] = warp_sum(acc[b]);
    if (lane_id() == 0) {
#pragma unroll
        for (int b = 0; b < NB; b++) {
            float* out = y + (long) b * rows + r;
            *out = accumulate ? *out + acc[b] : acc[b];
        }
    }
}

struct MatvecExactParams {
    const uint8_t* w;  // [rows] rows of row_bytes(cols)
    const float* x;    // [batch][cols]
    float* y;          // [batch][rows]
    int rows, cols, batch, accumulate;
};

template <int T>
INFER_DEVICE void matvec_exact_any(const MatvecExactParams& p) {
    switch (p.batch) {
#define MVX_CASE(NB) case NB: matvec_exact<T, NB>(p.w, p.x, p.y, p.rows, p.cols, p.accumulate); break;
        MVX_CASE(1) MVX_CASE(2) MVX_CASE(3) MVX_CASE(4) MVX_CASE(5) MVX_CASE(6) MVX_CASE(7)
        default: matvec_exact<T, 8>(p.w, p.x, p.y, p.rows, p.cols, p.accumulate); break;
#undef MVX_CASE
    }
}

// grid (ceil(rows / 4)), block 128.
#define MVX_ENTRY(NAME, T)                                                                                            \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(128) void infer_matvec_exact_##NAME(MatvecExactParams p) { matvec_exact_any<T>(p); }

MVX_ENTRY(f32, WT_F32)
MVX_ENTRY(f16, WT_F16)
MVX_ENTRY(bf16, WT_BF16)
MVX_ENTRY(q8_0, WT_Q8_0)
MVX_ENTRY(q4_0, WT_Q4_0)
MVX_ENTRY(q4_k, WT_Q4_K)
MVX_ENTRY(q6_k, WT_Q6_K)
