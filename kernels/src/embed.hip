// embed.hip — token embedding lookup: out[t][:] = dequantized row tokens[t] of the embedding matrix, as f32.
#include "quants.h"

template <int T>
INFER_DEVICE void embed_rows(const uint8_t* __restrict__ w, const int* __restrict__ tokens, float* __restrict__ out,
                             int cols) {
    const long t = block_x();
    const uint8_t* row = w + (long) tokens[t] * row_bytes<T>(cols);
    float* o = out + t * cols;
    for (int g = thread_x(); g < cols / 32; g += 256) {
        float v[32];
        dequant32<T>(row, cols, g, v);
#pragma unroll
        for (int i = 0; i < 32; i += 4) {
            float4 f;
            f.x = v[i]; f.y = v[i + 1]; f.z = v[i + 2]; f.w = v[i + 3];
            *reinterpret_cast<float4*>(o + 32 * g + i) = f;
        }
    }
}

struct EmbedParams {
    const uint8_t* w;    // [vocab] rows of row_bytes(cols)
    const int* tokens;   // [count]
    float* out;          // [count][cols]
    int cols, count;
};

// grid (count), block 256.
#define EMBED_ENTRY(NAME, T)                                                                                          \
    INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_embed_##NAME(EmbedParams p) { embed_rows<T>(p.w, p.tokens, p.out, p.cols); }

EMBED_ENTRY(f32, WT_F32)
EMBED_ENTRY(f16, WT_F16)
EMBED_ENTRY(bf16, WT_BF16)
EMBED_ENTRY(q8_0, WT_Q8_0)
EMBED_ENTRY(q4_0, WT_Q4_0)
EMBED_ENTRY(q4_k, WT_Q4_K)
EMBED_ENTRY(q6_k, WT_Q6_K)
