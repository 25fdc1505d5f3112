// quantize.hip — f32 activations to 8-bit blocks for the dp4a matrix kernels.
//
// Format ("Q8_1-style", split for wide loads): xq[count][cols] int8 values and xd[count][cols / 32] float2 with
// x = d = max|v| / 127 and y = d * sum(q) of each block of 32, so a block's contribution to sum(w * v) with a
// weight of the form a * q_w - b is a * d * dot(q_w, q) - b * y.
#include "quants.h"

struct QuantizeParams {
    const float* x;  // [count][cols]
    int8_t* xq;      // [count][cols]
    float2* xd;      // [count][cols / 32]
    int cols, count;
};

// grid (ceil(cols / 256), count), block 256: one warp per block of 32 values. cols % 32 == 0.
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_quantize_q8_1_f32(QuantizeParams p) {
    const int row = block_y();
    const int blk = block_x() * 8 + thread_x() / 32;
    if (row >= p.count || blk >= p.cols / 32) return;
    const long rowBlk = (long) row * (p.cols / 32) + blk;
    quantize_block_q8(p.x[32 * rowBlk + lane_id()], p.xq, p.xd, rowBlk);
}

struct SwigluQuantizeParams {
    const float* gate;  // [count][cols]
    const float* up;    // [count][cols]
    int8_t* xq;         // [count][cols]
    float2* xd;         // [count][cols / 32]
    int cols, count;
};

// silu(gate) * up, straight into 8-bit blocks: the tiled down projection's input without an f32 pass in between.
// grid (ceil(cols / 256), count), block 256. cols % 32 == 0.
INFER_KERNEL INFER_LAUNCH_BOUNDS(256) void infer_swiglu_quantize_q8_1_f32(SwigluQuantizeParams p) {
    const int row = block_y();
    const int blk = block_x() * 8 + thread_x() / 32;
    if (row >= p.count || blk >= p.cols / 32) return;
    const long rowBlk = (long) row * (p.cols / 32) + blk;
    const long i = 32 * rowBlk + lane_id();
    quantize_block_q8(silu(p.gate[i]) * p.up[i], p.xq, p.xd, rowBlk);
}
