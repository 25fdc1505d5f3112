// kernel_check.cu — standalone check of every kernel family against a CPU reference, plus timings of the decode
// kernels at Qwen3-8B shapes. Builds the same sources as the fatbin (all.hip through compat.h), for one GPU:
//
//   nvcc -O3 -std=c++17 -arch=sm_90 -o kernel_check kernels/src/test/cuda/kernel_check.cu && ./kernel_check
//
// `--no-timing` runs the checks only, `--gemm-timing` only the tiled-product timings, `--attention-timing` only the
// prompt-chunk attention timings, `--matvec-timing` only the one-column block shapes and the decode step,
// `--kernel-timing` only the decode kernels one by one, `--decode-timing` the decode attention by split count and
// the decode step, whole and without each kind of launch in turn (what each costs in its place), `--pdl` the decode
// step with the one-column products launched plainly and dependently (GpuKernels.launchProduct), `--nsplit-sweep`
// the decode step at depths 128, 1024 and 4096 with the attention split 16 to 64 ways. Built with
// -DINFER_MMA_EMULATE, the 8-bit tile products take compat.h's shuffle + dp4a path (the one AMD targets use) instead
// of the tensor cores.
//
// The reference dequantizes with ggml's own loops (dequantize_row_*), written out again here, and accumulates in
// double. Inputs are fresh random values; outputs are poisoned (NaN) before each launch. Exit status 1 on any
// failure. Tolerances: f32 arithmetic against a double reference, relative L2 error 1e-4 (2e-3 where f16 storage
// of K/V rounds the inputs the GPU sees differently from the reference).
#include "../../all.hip"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#define CK(call)                                                                                        \
    do {                                                                                                \
        cudaError_t e_ = (call);                                                                        \
        if (e_ != cudaSuccess) {                                                                        \
            fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #call, cudaGetErrorString(e_));       \
            exit(2);                                                                                    \
        }                                                                                               \
    } while (0)
#define CKL() CK(cudaGetLastError())

static int failures = 0;
static std::mt19937_64 rng(1234);

static float uni(float a, float b) { return std::uniform_real_distribution<float>(a, b)(rng); }
static uint8_t rbyte() { return (uint8_t) (rng() & 0xff); }
static uint16_t hbits(float f) {
    __half h = __float2half_rn(f);
    uint16_t u;
    memcpy(&u, &h, 2);
    return u;
}
static float hfloat(uint16_t u) {
    __half h;
    memcpy(&h, &u, 2);
    return __half2float(h);
}

static void report(const char* what, double err, double tol) {
    const bool ok = err <= tol && !std::isnan(err);
    if (!ok) failures++;
    printf("%-58s rel err %.3e (tol %.0e) %s\n", what, err, tol, ok ? "ok" : "FAIL");
}

static double rel_l2(const float* got, const double* ref, size_t n) {
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        const double d = (double) got[i] - ref[i];
        if (std::isnan(got[i])) return NAN;
        num += d * d;
        den += ref[i] * ref[i];
    }
    return std::sqrt(num / (den > 0 ? den : 1));
}

template <class T> struct Dev {
    T* p = nullptr;
    size_t n = 0;
    explicit Dev(size_t count) : n(count) { CK(cudaMalloc(&p, std::max<size_t>(1, count) * sizeof(T))); }
    Dev(const std::vector<T>& h) : Dev(h.size()) { put(h); }
    ~Dev() { cudaFree(p); }
    void put(const std::vector<T>& h) { CK(cudaMemcpy(p, h.data(), n * sizeof(T), cudaMemcpyHostToDevice)); }
    std::vector<T> get() const {
        std::vector<T> h(n);
        CK(cudaMemcpy(h.data(), p, n * sizeof(T), cudaMemcpyDeviceToHost));
        return h;
    }
    void poison() { CK(cudaMemset(p, 0xff, n * sizeof(T))); }  // NaN for floats
};

// ------------------------------------------------------------------------------------------ ggml reference
static int type_block(int t) { return t == WT_Q4_K || t == WT_Q6_K ? 256 : (t == WT_Q8_0 || t == WT_Q4_0) ? 32 : 1; }
static int type_size(int t) {
    switch (t) {
        case WT_F32: return 4;
        case WT_F16: case WT_BF16: return 2;
        case WT_Q8_0: return 34;
        case WT_Q4_0: return 18;
        case WT_Q4_K: return 144;
        case WT_Q6_K: return 210;
    }
    return 0;
}
static size_t row_size(int t, int cols) { return (size_t) cols / type_block(t) * type_size(t); }

static void get_scale_min_k4(int j, const uint8_t* q, uint8_t* d, uint8_t* m) {
    if (j < 4) {
        *d = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *d = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j - 0] >> 6) << 4);
    }
}

static void dequant_row(int t, const uint8_t* x, int cols, float* y) {
    switch (t) {
        case WT_F32: memcpy(y, x, 4 * cols); return;
        case WT_F16:
            for (int i = 0; i < cols; i++) y[i] = hfloat(((const uint16_t*) x)[i]);
            return;
        case WT_BF16:
            for (int i = 0; i < cols; i++) {
                uint32_t u = (uint32_t) ((const uint16_t*) x)[i] << 16;
                memcpy(&y[i], &u, 4);
            }
            return;
        case WT_Q8_0:
            for (int b = 0; b < cols / 32; b++, x += 34) {
                const float d = hfloat(x[0] | (x[1] << 8));
                for (int j = 0; j < 32; j++) *y++ = d * (int8_t) x[2 + j];
            }
            return;
        case WT_Q4_0:
            for (int b = 0; b < cols / 32; b++, x += 18, y += 32) {
                const float d = hfloat(x[0] | (x[1] << 8));
                for (int j = 0; j < 16; j++) {
                    y[j] = ((x[2 + j] & 0x0F) - 8) * d;
                    y[j + 16] = ((x[2 + j] >> 4) - 8) * d;
                }
            }
            return;
        case WT_Q4_K:
            for (int b = 0; b < cols / 256; b++, x += 144) {
                const float d = hfloat(x[0] | (x[1] << 8)), min = hfloat(x[2] | (x[3] << 8));
                const uint8_t* scales = x + 4;
                const uint8_t* q = x + 16;
                int is = 0;
                uint8_t sc, m;
                for (int j = 0; j < 256; j += 64) {
                    get_scale_min_k4(is + 0, scales, &sc, &m);
                    const float d1 = d * sc, m1 = min * m;
                    get_scale_min_k4(is + 1, scales, &sc, &m);
                    const float d2 = d * sc, m2 = min * m;
                    for (int l = 0; l < 32; ++l) *y++ = d1 * (q[l] & 0xF) - m1;
                    for (int l = 0; l < 32; ++l) *y++ = d2 * (q[l] >> 4) - m2;
                    q += 32;
                    is += 2;
                }
            }
            return;
        case WT_Q6_K:
            for (int b = 0; b < cols / 256; b++, x += 210) {
                const float d = hfloat(x[208] | (x[209] << 8));
                const uint8_t* ql = x;
                const uint8_t* qh = x + 128;
                const int8_t* sc = (const int8_t*) (x + 192);
                for (int n = 0; n < 256; n += 128) {
                    for (int l = 0; l < 32; ++l) {
                        const int is = l / 16;
                        const int8_t q1 = (int8_t) ((ql[l + 0] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                        const int8_t q2 = (int8_t) ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                        const int8_t q3 = (int8_t) ((ql[l + 0] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                        const int8_t q4 = (int8_t) ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                        y[l + 0] = d * sc[is + 0] * q1;
                        y[l + 32] = d * sc[is + 2] * q2;
                        y[l + 64] = d * sc[is + 4] * q3;
                        y[l + 96] = d * sc[is + 6] * q4;
                    }
                    y += 128;
                    ql += 64;
                    qh += 32;
                    sc += 8;
                }
            }
            return;
    }
}

// Random but valid weights: sane scales, every quant bit random.
static std::vector<uint8_t> random_weights(int t, int rows, int cols) {
    std::vector<uint8_t> w(row_size(t, cols) * rows);
    const size_t blocks = w.size() / type_size(t);
    for (size_t b = 0; b < blocks; b++) {
        uint8_t* x = w.data() + b * type_size(t);
        auto put16 = [](uint8_t* p, uint16_t v) { p[0] = v & 0xff; p[1] = v >> 8; };
        switch (t) {
            case WT_F32: { float f = uni(-1, 1); memcpy(x, &f, 4); break; }
            case WT_F16: put16(x, hbits(uni(-1, 1))); break;
            case WT_BF16: { float f = uni(-1, 1); uint32_t u; memcpy(&u, &f, 4); put16(x, u >> 16); break; }
            case WT_Q8_0:
                put16(x, hbits(uni(0.002f, 0.02f)));
                for (int i = 2; i < 34; i++) x[i] = rbyte();
                break;
            case WT_Q4_0:
                put16(x, hbits(uni(0.01f, 0.1f)));
                for (int i = 2; i < 18; i++) x[i] = rbyte();
                break;
            case WT_Q4_K:
                put16(x, hbits(uni(0.0005f, 0.004f)));
                put16(x + 2, hbits(uni(0.0f, 0.004f)));
                for (int i = 4; i < 144; i++) x[i] = rbyte();
                break;
            case WT_Q6_K:
                for (int i = 0; i < 208; i++) x[i] = rbyte();
                put16(x + 208, hbits(uni(0.0002f, 0.002f)));
                break;
        }
    }
    return w;
}

// The device layout of a matrix (quants.h; DeviceWeights.java writes it): the file's bytes, except for Q6_K rows.
static std::vector<uint8_t> device_layout(int t, int rows, int cols, const std::vector<uint8_t>& w) {
    if (t != WT_Q6_K) return w;
    const int nsb = cols / 256;
    const size_t in = row_size(t, cols), out = (in + 15) / 16 * 16;
    std::vector<uint8_t> d(out * rows, 0);
    for (int r = 0; r < rows; r++) {
        const uint8_t* x = w.data() + in * r;
        uint8_t* y = d.data() + out * r;
        for (int b = 0; b < nsb; b++, x += 210) {
            for (int j = 0; j < 128; j++) {
                const int n = j / 64, half = (j / 32) % 2, l = j % 32;
                y[128 * b + 16 * (4 * n + l / 8) + 8 * half + l % 8] = x[j];
            }
            memcpy(y + 128 * nsb + 64 * b, x + 128, 64);
            memcpy(y + 192 * nsb + 16 * b, x + 192, 16);
            memcpy(y + 208 * nsb + 2 * b, x + 208, 2);
        }
    }
    return d;
}

static std::vector<float> random_floats(size_t n, float a = -1, float b = 1) {
    std::vector<float> v(n);
    for (auto& f : v) f = uni(a, b);
    return v;
}

static const char* type_name(int t) {
    switch (t) {
        case WT_F32: return "f32";
        case WT_F16: return "f16";
        case WT_BF16: return "bf16";
        case WT_Q8_0: return "q8_0";
        case WT_Q4_0: return "q4_0";
        case WT_Q4_K: return "q4_k";
        case WT_Q6_K: return "q6_k";
    }
    return "?";
}

// ------------------------------------------------------------------------------------------ launches by type
static void launch_exact(int t, MatvecExactParams p, cudaStream_t s = 0) {
    dim3 g((p.rows + 3) / 4), b(128);
    switch (t) {
        case WT_F32: infer_matvec_exact_f32<<<g, b, 0, s>>>(p); break;
        case WT_F16: infer_matvec_exact_f16<<<g, b, 0, s>>>(p); break;
        case WT_BF16: infer_matvec_exact_bf16<<<g, b, 0, s>>>(p); break;
        case WT_Q8_0: infer_matvec_exact_q8_0<<<g, b, 0, s>>>(p); break;
        case WT_Q4_0: infer_matvec_exact_q4_0<<<g, b, 0, s>>>(p); break;
        case WT_Q4_K: infer_matvec_exact_q4_k<<<g, b, 0, s>>>(p); break;
        case WT_Q6_K: infer_matvec_exact_q6_k<<<g, b, 0, s>>>(p); break;
    }
    CKL();
}
// As GpuKernels does: one column takes the matvec1 entries (unless g_batched_for_one, to time the previous way).
static bool g_batched_for_one = false;
static bool g_fuse_norms = true;  // time_decode_8b: fused RMSNorms for one token, as GpuForwardPass
static bool g_fuse_attention = true;  // time_decode_8b: the decode attention with q/k norm, rope, kv write inside
// time_decode_8b: launches left out of each layer (bit 0 q/k/v, 1 attention, 2 combine, 3 o, 4 gate/up/SwiGLU,
// 5 down), to see what each costs in its place in the step (its result is then wrong; the timing is what counts)
static int g_skip = 0;
static int g_nsplit = 0;  // time_decode_8b: the attention's split count (0: as GpuForwardPass chooses it)
// The one-column products with programmatic dependent launch (as GpuKernels does on sm_90): they may start while the
// launch before them still runs, and read its results after grid_dependency_wait.
static bool g_pdl = true;
template <class K, class P> static void launch1(K kernel, int grid, int threads, cudaStream_t s, const P& p) {
    if (!g_pdl) {
        kernel<<<grid, threads, 0, s>>>(p);
        return;
    }
    cudaLaunchConfig_t cfg{};
    cfg.gridDim = grid;
    cfg.blockDim = threads;
    cfg.stream = s;
    cudaLaunchAttribute at[1];
    at[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    at[0].val.programmaticStreamSerializationAllowed = 1;
    cfg.attrs = at;
    cfg.numAttrs = 1;
    CK(cudaLaunchKernelEx(&cfg, kernel, p));
}
static void launch_q8(int t, MatvecParams p, cudaStream_t s = 0) {
    if (p.batch == 1 && !g_batched_for_one) {
        auto go = [&](auto kernel, auto shape) {
            using S = decltype(shape);
            launch1(kernel, (p.rows + S::ROWS - 1) / S::ROWS, 32 * S::WARPS, s, p);
        };
        if (p.out.w) {
            switch (t) {
                case WT_Q8_0: go(infer_matvec1_norm_q8_0, Mv1NormFor<WT_Q8_0>::S{}); break;
                case WT_Q4_K: go(infer_matvec1_norm_q4_k, Mv1NormFor<WT_Q4_K>::S{}); break;
                case WT_Q6_K: go(infer_matvec1_norm_q6_k, Mv1NormFor<WT_Q6_K>::S{}); break;
            }
        } else {
            switch (t) {
                case WT_Q8_0: go(infer_matvec1_q8_0, Mv1For<WT_Q8_0>::S{}); break;
                case WT_Q4_K: go(infer_matvec1_q4_k, Mv1For<WT_Q4_K>::S{}); break;
                case WT_Q6_K: go(infer_matvec1_q6_k, Mv1For<WT_Q6_K>::S{}); break;
            }
        }
        CKL();
        return;
    }
    dim3 g((p.rows + MV_ROWS_PER_BLOCK - 1) / MV_ROWS_PER_BLOCK), b(32 * MV_WARPS);
    switch (t) {
        case WT_Q8_0: infer_matvec_q8_0<<<g, b, 0, s>>>(p); break;
        case WT_Q4_K: infer_matvec_q4_k<<<g, b, 0, s>>>(p); break;
        case WT_Q6_K: infer_matvec_q6_k<<<g, b, 0, s>>>(p); break;
    }
    CKL();
}
static void launch_swiglu(int t, SwigluMatvecParams p, cudaStream_t s = 0) {
    if (p.batch == 1 && !g_batched_for_one) {
        const int g = (p.rows + Sw1::ROWS - 1) / Sw1::ROWS, b = 32 * Sw1::WARPS;
        switch (t) {
            case WT_Q8_0: launch1(infer_matvec1_swiglu_q8_0, g, b, s, p); break;
            case WT_Q4_K: launch1(infer_matvec1_swiglu_q4_k, g, b, s, p); break;
            case WT_Q6_K: launch1(infer_matvec1_swiglu_q6_k, g, b, s, p); break;
        }
        CKL();
        return;
    }
    dim3 g((p.rows + SW_ROWS_PER_BLOCK - 1) / SW_ROWS_PER_BLOCK), b(32 * SW_WARPS);
    switch (t) {
        case WT_Q8_0: infer_matvec_swiglu_q8_0<<<g, b, 0, s>>>(p); break;
        case WT_Q4_K: infer_matvec_swiglu_q4_k<<<g, b, 0, s>>>(p); break;
        case WT_Q6_K: infer_matvec_swiglu_q6_k<<<g, b, 0, s>>>(p); break;
    }
    CKL();
}
static void launch_multi(MatvecMultiParams p, cudaStream_t s = 0) {
    if (p.batch == 1 && !g_batched_for_one) {
        int blocks = 0;
        for (int i = 0; i < 3; i++) blocks += (p.rows[i] + Mv1Multi::ROWS - 1) / Mv1Multi::ROWS;
        launch1(infer_matvec1_multi_q8_1, blocks, 32 * Mv1Multi::WARPS, s, p);
        CKL();
        return;
    }
    int blocks = 0;
    for (int i = 0; i < 3; i++) blocks += (p.rows[i] + MV_ROWS_PER_BLOCK - 1) / MV_ROWS_PER_BLOCK;
    infer_matvec_multi_q8_1<<<blocks, 32 * MV_WARPS, 0, s>>>(p);
    CKL();
}
// The attention combine with the thread groups GpuKernels gives it (headDim x groups threads), or g_groups.
static int g_groups = 0;
static void launch_combine(CombineParams p, cudaStream_t s = 0) {
    const int groups = g_groups ? g_groups : p.nsplit < 8 ? 1 : std::max(1, std::min(4, ATT_COMBINE_THREADS / p.headDim));
    infer_attention_combine_f32<<<dim3(p.nHead, p.count), p.headDim * groups, 0, s>>>(p);
    CKL();
}
static void launch_attention_decode(int D, AttentionDecodeParams p, cudaStream_t s = 0) {
    dim3 g(p.a.nsplit, p.a.nKv, p.a.count);
    auto go = [&](auto kernel) { kernel<<<g, 128, 0, s>>>(p); };
#define DEC(DD, G) else if (D == DD && p.a.nHead == G * p.a.nKv) go(infer_attention_decode_hd##DD##_g##G##_f16);
    if (false) {}
    DEC(32, 1) DEC(32, 2) DEC(32, 4) DEC(32, 8) DEC(64, 1) DEC(64, 2) DEC(64, 4) DEC(64, 8)
    DEC(128, 1) DEC(128, 2) DEC(128, 4) DEC(128, 8) DEC(256, 1) DEC(256, 2) DEC(256, 4)
    else { printf("no decode attention entry for head_dim %d, %d / %d heads\n", D, p.a.nHead, p.a.nKv); exit(1); }
#undef DEC
    CKL();
}
static void launch_embed(int t, EmbedParams p) {
    dim3 g(p.count), b(256);
    switch (t) {
        case WT_F32: infer_embed_f32<<<g, b>>>(p); break;
        case WT_F16: infer_embed_f16<<<g, b>>>(p); break;
        case WT_BF16: infer_embed_bf16<<<g, b>>>(p); break;
        case WT_Q8_0: infer_embed_q8_0<<<g, b>>>(p); break;
        case WT_Q4_0: infer_embed_q4_0<<<g, b>>>(p); break;
        case WT_Q4_K: infer_embed_q4_k<<<g, b>>>(p); break;
        case WT_Q6_K: infer_embed_q6_k<<<g, b>>>(p); break;
    }
    CKL();
}
// ATT_ONE: one token per block; ATT_CHUNK: the prompt-chunk entry, PromptTokens<D, G> tokens per block
// (GpuKernels.attentionTokensPerBlock); ATT_TC: the tensor-core prompt entry, 64 / G tokens per block (D <= 128).
enum AttMode { ATT_ONE, ATT_CHUNK, ATT_TC };
static void launch_attention(int D, AttentionParams p, cudaStream_t s = 0, AttMode mode = ATT_ONE) {
    const int G = p.nHead / p.nKv;
    const int qpb = mode == ATT_TC ? ATT_TC_ROWS / G
                  : mode == ATT_CHUNK ? std::max(1, std::min(4, ATT_MAX_QGD / (G * D))) : 1;
    dim3 g(p.nsplit, p.nKv, (p.count + qpb - 1) / qpb), b(128);
    switch (D * 4 + mode) {
        case 128: infer_attention_hd32_f16<<<g, b, 0, s>>>(p); break;
        case 256: infer_attention_hd64_f16<<<g, b, 0, s>>>(p); break;
        case 512: infer_attention_hd128_f16<<<g, b, 0, s>>>(p); break;
        case 1024: infer_attention_hd256_f16<<<g, b, 0, s>>>(p); break;
        case 129: infer_attention_prompt_hd32_f16<<<g, b, 0, s>>>(p); break;
        case 257: infer_attention_prompt_hd64_f16<<<g, b, 0, s>>>(p); break;
        case 513: infer_attention_prompt_hd128_f16<<<g, b, 0, s>>>(p); break;
        case 1025: infer_attention_prompt_hd256_f16<<<g, b, 0, s>>>(p); break;
        case 130: infer_attention_prompt_tc_hd32_f16<<<g, b, 0, s>>>(p); break;
        case 258: infer_attention_prompt_tc_hd64_f16<<<g, b, 0, s>>>(p); break;
        case 514: infer_attention_prompt_tc_hd128_f16<<<g, b, 0, s>>>(p); break;
        default: fprintf(stderr, "no attention entry for D=%d mode %d\n", D, (int) mode); exit(1);
    }
    CKL();
}

// ------------------------------------------------------------------------------------------ checks
// GPU quantization of x, read back as (dequantized values); checks the format on the way.
static std::vector<float> quantize_on_gpu(const std::vector<float>& x, int cols, int count, Dev<int8_t>& xq,
                                          Dev<float2>& xd) {
    Dev<float> dx(x);
    xq.poison();
    xd.poison();
    infer_quantize_q8_1_f32<<<dim3((cols + 255) / 256, count), 256>>>(QuantizeParams{dx.p, xq.p, xd.p, cols, count});
    CKL();
    auto q = xq.get();
    auto d = xd.get();
    std::vector<float> xhat(x.size());
    double worst = 0, worstSum = 0;
    for (size_t blk = 0; blk < x.size() / 32; blk++) {
        int sum = 0;
        for (int i = 0; i < 32; i++) {
            const size_t j = blk * 32 + i;
            xhat[j] = d[blk].x * q[j];
            sum += q[j];
            worst = std::max(worst, std::fabs(xhat[j] - x[j]) / (d[blk].x * 0.5 + 1e-12));
        }
        worstSum = std::max(worstSum, (double) std::fabs(d[blk].y - d[blk].x * sum) / (std::fabs(d[blk].x * sum) + 1e-6));
    }
    report("quantize_q8_1: |x - d q| / (d/2)  (must be <= 1)", worst - 1 > 0 ? worst - 1 : 0, 1e-3);
    report("quantize_q8_1: s == d * sum(q)", worstSum, 1e-6);
    return xhat;
}

static std::vector<double> ref_matvec(int t, const std::vector<uint8_t>& w, const std::vector<float>& x, int rows,
                                      int cols, int batch) {
    std::vector<double> y((size_t) rows * batch);
    std::vector<float> row(cols);
    for (int r = 0; r < rows; r++) {
        dequant_row(t, w.data() + row_size(t, cols) * r, cols, row.data());
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int i = 0; i < cols; i++) s += (double) row[i] * x[(size_t) b * cols + i];
            y[(size_t) b * rows + r] = s;
        }
    }
    return y;
}

static void check_matvec(int t, int rows, int cols, int batch) {
    auto w = random_weights(t, rows, cols);
    auto x = random_floats((size_t) batch * cols);
    Dev<uint8_t> dw(device_layout(t, rows, cols, w));
    Dev<float> dx(x), dy((size_t) rows * batch);
    char what[128];

    // exact: f32 activations; then again accumulating onto a random y
    dy.poison();
    launch_exact(t, MatvecExactParams{dw.p, dx.p, dy.p, rows, cols, batch, 0});
    auto ref = ref_matvec(t, w, x, rows, cols, batch);
    auto got = dy.get();
    snprintf(what, sizeof what, "matvec_exact_%s %dx%d batch %d", type_name(t), rows, cols, batch);
    report(what, rel_l2(got.data(), ref.data(), ref.size()), 1e-5);
    auto y0 = random_floats((size_t) rows * batch);
    dy.put(y0);
    launch_exact(t, MatvecExactParams{dw.p, dx.p, dy.p, rows, cols, batch, 1});
    got = dy.get();
    std::vector<double> refAcc(ref.size());
    for (size_t i = 0; i < ref.size(); i++) refAcc[i] = ref[i] + y0[i];
    snprintf(what, sizeof what, "matvec_exact_%s %dx%d batch %d accumulate", type_name(t), rows, cols, batch);
    report(what, rel_l2(got.data(), refAcc.data(), ref.size()), 1e-5);

    if (t != WT_Q4_K && t != WT_Q6_K && t != WT_Q8_0) return;
    // dp4a path: reference on the 8-bit activations the GPU made
    Dev<int8_t> xq((size_t) batch * cols);
    Dev<float2> xd((size_t) batch * cols / 32);
    auto xhat = quantize_on_gpu(x, cols, batch, xq, xd);
    auto refq = ref_matvec(t, w, xhat, rows, cols, batch);
    dy.poison();
    launch_q8(t, MatvecParams{dw.p, xq.p, xd.p, dy.p, rows, cols, batch, 0});
    got = dy.get();
    snprintf(what, sizeof what, "matvec_%s %dx%d batch %d (vs 8-bit x)", type_name(t), rows, cols, batch);
    report(what, rel_l2(got.data(), refq.data(), refq.size()), 1e-5);
    snprintf(what, sizeof what, "matvec_%s %dx%d batch %d (vs f32 x: 8-bit rounding)", type_name(t), rows, cols, batch);
    report(what, rel_l2(got.data(), ref.data(), ref.size()), 2e-2);
    dy.put(y0);
    launch_q8(t, MatvecParams{dw.p, xq.p, xd.p, dy.p, rows, cols, batch, 1});
    got = dy.get();
    for (size_t i = 0; i < ref.size(); i++) refAcc[i] = refq[i] + y0[i];
    snprintf(what, sizeof what, "matvec_%s %dx%d batch %d accumulate", type_name(t), rows, cols, batch);
    report(what, rel_l2(got.data(), refAcc.data(), ref.size()), 1e-5);

    // gate/up + SwiGLU, f32 and 8-bit outputs (the 8-bit one needs rows % 32 == 0)
    auto w2 = random_weights(t, rows, cols);
    Dev<uint8_t> dw2(device_layout(t, rows, cols, w2));
    auto refU = ref_matvec(t, w2, xhat, rows, cols, batch);
    const bool blocks = rows % 32 == 0;
    Dev<int8_t> yq((size_t) rows * batch);
    Dev<float2> yd((size_t) rows * batch / 32 + 1);
    dy.poison();
    launch_swiglu(t, SwigluMatvecParams{dw.p, dw2.p, xq.p, xd.p, dy.p, blocks ? yq.p : nullptr, yd.p, rows, cols, batch});
    got = dy.get();
    std::vector<double> refS(ref.size());
    for (size_t i = 0; i < ref.size(); i++) refS[i] = refq[i] / (1 + std::exp(-refq[i])) * refU[i];
    snprintf(what, sizeof what, "matvec_swiglu_%s %dx%d batch %d", type_name(t), rows, cols, batch);
    report(what, rel_l2(got.data(), refS.data(), ref.size()), 1e-5);
    if (blocks) {
        auto q = yq.get();
        auto d = yd.get();
        std::vector<float> deq(q.size());
        double worst = 0;
        for (size_t i = 0; i < q.size(); i++) {
            deq[i] = d[i / 32].x * q[i];
            worst = std::max(worst, std::fabs(deq[i] - got[i]) / (d[i / 32].x * 0.5 + 1e-12));
        }
        snprintf(what, sizeof what, "matvec_swiglu_%s %dx%d batch %d 8-bit output |err| / (d/2) - 1", type_name(t), rows, cols, batch);
        report(what, worst > 1 ? worst - 1 : 0, 1e-3);
    }
}

// As GpuKernels.matvec does: split along k (zeroing y first unless accumulating) when the tiles fill under half the GPU.
static void launch_gemm(int t, bool n32, GemmParams p, cudaStream_t s = 0, int sms = 132) {
    static bool init = false;
    const int big = GemmSmem<128, 128>::BYTES, small = GemmSmem<64, 32>::BYTES;
    if (!init) {
        for (auto f : {infer_gemm_q8_0, infer_gemm_q4_k, infer_gemm_q6_k})
            CK(cudaFuncSetAttribute(f, cudaFuncAttributeMaxDynamicSharedMemorySize, big));
        init = true;
    }
    const int mt = n32 ? 64 : 128, nt = n32 ? 32 : 128;
    const int blocks = ((p.rows + mt - 1) / mt) * ((p.count + nt - 1) / nt), capacity = (n32 ? 4 : 1) * sms;
    const int steps = p.cols / GEMM_KS;
    p.splits = 2 * blocks >= capacity ? 1 : std::max(1, std::min((capacity + blocks - 1) / blocks, steps / 4));
    if (p.splits > 1 && !p.accumulate) {
        const long n = (long) p.count * p.rows;
        infer_zero_f32<<<(n + 1023) / 1024, 256, 0, s>>>(ZeroParams{p.y, n});
    }
    dim3 g((p.rows + mt - 1) / mt, (p.count + nt - 1) / nt, p.splits), b(n32 ? 128 : 256);
    const int smem = n32 ? small : big;
    switch (t * 2 + (n32 ? 1 : 0)) {
        case WT_Q8_0 * 2: infer_gemm_q8_0<<<g, b, smem, s>>>(p); break;
        case WT_Q4_K * 2: infer_gemm_q4_k<<<g, b, smem, s>>>(p); break;
        case WT_Q6_K * 2: infer_gemm_q6_k<<<g, b, smem, s>>>(p); break;
        case WT_Q8_0 * 2 + 1: infer_gemm_n32_q8_0<<<g, b, smem, s>>>(p); break;
        case WT_Q4_K * 2 + 1: infer_gemm_n32_q4_k<<<g, b, smem, s>>>(p); break;
        case WT_Q6_K * 2 + 1: infer_gemm_n32_q6_k<<<g, b, smem, s>>>(p); break;
    }
    CKL();
}

// Tiled 8-bit products (gemm.hip): both tile shapes, ragged rows and tokens, overwrite and accumulate.
static void check_gemm(int t, int rows, int cols, int count) {
    auto w = random_weights(t, rows, cols);
    auto x = random_floats((size_t) count * cols);
    Dev<uint8_t> dw(device_layout(t, rows, cols, w));
    Dev<int8_t> xq((size_t) count * cols);
    Dev<float2> xd((size_t) count * cols / 32);
    auto xhat = quantize_on_gpu(x, cols, count, xq, xd);
    auto ref = ref_matvec(t, w, xhat, rows, cols, count);
    Dev<float> dy((size_t) rows * count);
    auto y0 = random_floats((size_t) rows * count);
    std::vector<double> refAcc(ref.size());
    for (size_t i = 0; i < ref.size(); i++) refAcc[i] = ref[i] + y0[i];
    char what[128];
    for (bool n32 : {false, true}) {
        dy.poison();
        launch_gemm(t, n32, GemmParams{dw.p, xq.p, xd.p, dy.p, rows, cols, count, 0, 1});
        auto got = dy.get();
        snprintf(what, sizeof what, "gemm%s_%s %dx%d, %d tokens (vs 8-bit x)", n32 ? "_n32" : "", type_name(t), rows, cols, count);
        report(what, rel_l2(got.data(), ref.data(), ref.size()), 1e-5);
        dy.put(y0);
        launch_gemm(t, n32, GemmParams{dw.p, xq.p, xd.p, dy.p, rows, cols, count, 1, 1});
        got = dy.get();
        snprintf(what, sizeof what, "gemm%s_%s %dx%d, %d tokens accumulate", n32 ? "_n32" : "", type_name(t), rows, cols, count);
        report(what, rel_l2(got.data(), refAcc.data(), ref.size()), 1e-5);
    }
}

// q, k, v projections in one launch: three matrices (of any dp4a types) sharing the input
static void check_multi(int cols, int batch) {
    const int types[3] = {WT_Q4_K, WT_Q6_K, WT_Q8_0};
    const int rows[3] = {77, 40, 9};
    auto x = random_floats((size_t) batch * cols);
    Dev<int8_t> xq((size_t) batch * cols);
    Dev<float2> xd((size_t) batch * cols / 32);
    auto xhat = quantize_on_gpu(x, cols, batch, xq, xd);
    std::vector<std::vector<uint8_t>> w;
    std::vector<Dev<uint8_t>*> dw;
    std::vector<Dev<float>*> dy;
    MatvecMultiParams p{};
    for (int i = 0; i < 3; i++) {
        w.push_back(random_weights(types[i], rows[i], cols));
        dw.push_back(new Dev<uint8_t>(device_layout(types[i], rows[i], cols, w[i])));
        dy.push_back(new Dev<float>((size_t) rows[i] * batch));
        dy[i]->poison();
        p.w[i] = dw[i]->p;
        p.y[i] = dy[i]->p;
        p.type[i] = types[i];
        p.rows[i] = rows[i];
    }
    p.xq = xq.p;
    p.xd = xd.p;
    p.cols = cols;
    p.batch = batch;
    launch_multi(p);
    for (int i = 0; i < 3; i++) {
        auto ref = ref_matvec(types[i], w[i], xhat, rows[i], cols, batch);
        auto got = dy[i]->get();
        char what[96];
        snprintf(what, sizeof what, "matvec_multi_q8_1 matrix %d (%s %dx%d) batch %d", i, type_name(types[i]), rows[i], cols, batch);
        report(what, rel_l2(got.data(), ref.data(), ref.size()), 1e-5);
        delete dw[i];
        delete dy[i];
    }
}

// RMSNorms fused into one-column products: a producer (accumulating product, RmsOut) leaves x * w in 8-bit blocks
// and the sums of squares; its consumers (plain, multi, SwiGLU with RmsIn) must equal themselves on the separate
// norm kernel's output. Launched twice: the arrival counters must come back to zero.
static void check_fused_norm(int t, int rows, int cols) {
    const float eps = 1e-6f;
    auto w = random_weights(t, rows, cols);
    auto x = random_floats(cols);
    auto y0 = random_floats(rows, -2.0f, 2.0f);
    auto nw = random_floats(rows, 0.5f, 1.5f);
    Dev<uint8_t> dw(device_layout(t, rows, cols, w));
    Dev<int8_t> xq(cols), nq(rows), rq(rows);
    Dev<float2> xd(cols / 32), nd(rows / 32), rd(rows / 32);
    Dev<float> dy(y0), dnw(nw), nss(rows / 32);
    Dev<unsigned> arrivals(rows / 32);
    CK(cudaMemset(arrivals.p, 0, rows / 32 * sizeof(unsigned)));
    auto xhat = quantize_on_gpu(x, cols, 1, xq, xd);
    auto ref = ref_matvec(t, w, xhat, rows, cols, 1);
    char what[112];
    for (int launch = 0; launch < 2; launch++) {
        dy.put(y0);
        MatvecParams p{dw.p, xq.p, xd.p, dy.p, rows, cols, 1, 1};
        p.out = RmsOut{dnw.p, nq.p, nd.p, nss.p, arrivals.p};
        launch_q8(t, p);
        auto y = dy.get();
        std::vector<double> want(rows);
        for (int i = 0; i < rows; i++) want[i] = ref[i] + y0[i];
        snprintf(what, sizeof what, "matvec1_%s %dx%d + fused norm out, launch %d: y", type_name(t), rows, cols, launch);
        report(what, rel_l2(y.data(), want.data(), rows), 1e-5);
        auto ss = nss.get();
        auto q = nq.get();
        auto d = nd.get();
        auto arr = arrivals.get();
        double ssErr = 0, qErr = 0;
        unsigned left = 0;
        for (int g = 0; g < rows / 32; g++) {
            double sum = 0, amax = 0;
            for (int i = 32 * g; i < 32 * g + 32; i++) {
                sum += (double) y[i] * y[i];
                amax = std::max(amax, std::fabs((double) y[i] * nw[i]));
            }
            ssErr = std::max(ssErr, std::fabs(ss[g] - sum) / sum);
            for (int i = 32 * g; i < 32 * g + 32; i++) {
                // the block of x * w: off by at most half a step of d = max|x * w| / 127
                const double e = std::fabs(q[i] * (double) d[g].x - (double) y[i] * nw[i]) / (amax / 127 / 2) - 1;
                qErr = std::max(qErr, e);
            }
            left += arr[g];
        }
        snprintf(what, sizeof what, "  group sums of squares, launch %d", launch);
        report(what, ssErr, 1e-5);
        snprintf(what, sizeof what, "  8-bit x * w blocks |err| / (d/2) - 1, launch %d", launch);
        report(what, std::max(0.0, qErr), 1e-4);
        snprintf(what, sizeof what, "  arrival counters left non-zero, launch %d", launch);
        report(what, left, 0);
    }
    // consumers: the fused input against the norm kernel's output of the same x
    infer_rmsnorm_q8_f32<<<1, NORM_THREADS>>>(NormParams{dy.p, dnw.p, nullptr, rq.p, rd.p, rows, 1, eps});
    CKL();
    const int out = 96;
    auto w2 = random_weights(t, out, rows), w3 = random_weights(t, out, rows);
    Dev<uint8_t> dw2(device_layout(t, out, rows, w2)), dw3(device_layout(t, out, rows, w3));
    Dev<float> a(out), b(out);
    MatvecParams c{dw2.p, nq.p, nd.p, a.p, out, rows, 1, 0};
    c.in = RmsIn{nss.p, eps};
    launch_q8(t, c);
    launch_q8(t, MatvecParams{dw2.p, rq.p, rd.p, b.p, out, rows, 1, 0});
    auto ga = a.get(), gb = b.get();
    std::vector<double> gbd(gb.begin(), gb.end());
    snprintf(what, sizeof what, "  matvec1 with fused norm in = after the norm kernel");
    report(what, rel_l2(ga.data(), gbd.data(), out), 1e-5);
    SwigluMatvecParams sp{dw2.p, dw3.p, nq.p, nd.p, a.p, nullptr, nullptr, out, rows, 1};
    sp.in = RmsIn{nss.p, eps};
    launch_swiglu(t, sp);
    launch_swiglu(t, SwigluMatvecParams{dw2.p, dw3.p, rq.p, rd.p, b.p, nullptr, nullptr, out, rows, 1});
    ga = a.get(), gb = b.get();
    gbd.assign(gb.begin(), gb.end());
    report("  matvec1_swiglu with fused norm in = after the norm kernel", rel_l2(ga.data(), gbd.data(), out), 1e-5);
    MatvecMultiParams mp{};
    mp.w[0] = dw2.p; mp.w[1] = dw3.p; mp.y[0] = a.p; mp.y[1] = b.p; mp.type[0] = t; mp.type[1] = t;
    mp.rows[0] = out / 2; mp.rows[1] = out / 2; mp.cols = rows; mp.batch = 1;
    mp.xq = nq.p; mp.xd = nd.p; mp.in = RmsIn{nss.p, eps};
    launch_multi(mp);
    ga = a.get();
    launch_q8(t, MatvecParams{dw2.p, rq.p, rd.p, b.p, out / 2, rows, 1, 0});
    gb = b.get();
    gbd.assign(gb.begin(), gb.begin() + out / 2);
    report("  matvec1_multi with fused norm in = after the norm kernel", rel_l2(ga.data(), gbd.data(), out / 2), 1e-5);
}

static void check_embed(int t) {
    const int vocab = 50, cols = 512, count = 7;
    auto w = random_weights(t, vocab, cols);
    std::vector<int> tok = {3, 0, 49, 17, 17, 8, 25};
    Dev<uint8_t> dw(device_layout(t, vocab, cols, w));
    Dev<int> dt(tok);
    Dev<float> out((size_t) count * cols);
    out.poison();
    launch_embed(t, EmbedParams{dw.p, dt.p, out.p, cols, count});
    auto got = out.get();
    std::vector<double> ref((size_t) count * cols);
    std::vector<float> row(cols);
    for (int i = 0; i < count; i++) {
        dequant_row(t, w.data() + row_size(t, cols) * tok[i], cols, row.data());
        for (int j = 0; j < cols; j++) ref[(size_t) i * cols + j] = row[j];
    }
    char what[64];
    snprintf(what, sizeof what, "embed_%s", type_name(t));
    report(what, rel_l2(got.data(), ref.data(), ref.size()), 1e-7);
}

static void check_norms() {
    const int cols = 4096, count = 5;
    const float eps = 1e-6f;
    auto x = random_floats((size_t) cols * count, -3, 3);
    auto w = random_floats(cols, 0.5f, 1.5f);
    Dev<float> dx(x), dw(w), out((size_t) cols * count);
    Dev<int8_t> xq((size_t) cols * count);
    Dev<float2> xd((size_t) cols * count / 32);
    std::vector<double> ref((size_t) cols * count);
    for (int r = 0; r < count; r++) {
        double ss = 0;
        for (int i = 0; i < cols; i++) ss += (double) x[r * cols + i] * x[r * cols + i];
        const double s = 1 / std::sqrt(ss / cols + eps);
        for (int i = 0; i < cols; i++) ref[r * cols + i] = x[r * cols + i] * s * w[i];
    }
    out.poison();
    infer_rmsnorm_f32<<<count, 256>>>(NormParams{dx.p, dw.p, out.p, nullptr, nullptr, cols, count, eps});
    CKL();
    auto got = out.get();
    report("rmsnorm_f32 5x4096", rel_l2(got.data(), ref.data(), ref.size()), 1e-6);
    out.poison();
    xq.poison();
    infer_rmsnorm_q8_f32<<<count, NORM_THREADS>>>(NormParams{dx.p, dw.p, out.p, xq.p, xd.p, cols, count, eps});
    CKL();
    got = out.get();
    report("rmsnorm_q8_f32 5x4096 (f32 output)", rel_l2(got.data(), ref.data(), ref.size()), 1e-6);
    auto q = xq.get();
    auto d = xd.get();
    std::vector<float> xhat(q.size());
    for (size_t i = 0; i < q.size(); i++) xhat[i] = d[i / 32].x * q[i];
    report("rmsnorm_q8_f32 5x4096 (8-bit output vs f32)", rel_l2(xhat.data(), ref.data(), ref.size()), 1e-2);
}

static void check_elementwise_argmax() {
    const int n = 10007;
    auto a = random_floats(n, -6, 6), b = random_floats(n);
    Dev<float> da(a), db(b), out(n);
    std::vector<double> ref(n);
    out.poison();
    infer_swiglu_f32<<<(n + 255) / 256, 256>>>(BinaryParams{da.p, db.p, out.p, n});
    CKL();
    auto got = out.get();
    for (int i = 0; i < n; i++) ref[i] = a[i] / (1 + std::exp(-(double) a[i])) * b[i];
    report("swiglu_f32", rel_l2(got.data(), ref.data(), n), 1e-6);
    infer_add_f32<<<(n + 255) / 256, 256>>>(BinaryParams{da.p, db.p, out.p, n});
    CKL();
    got = out.get();
    for (int i = 0; i < n; i++) ref[i] = (double) a[i] + b[i];
    report("add_f32", rel_l2(got.data(), ref.data(), n), 1e-7);

    {
        // SwiGLU into 8-bit blocks = swiglu_f32, then quantize (bitwise: the same float operations)
        const int cols = 768, count = 3, m = cols * count;
        auto g = random_floats(m, -6, 6), u = random_floats(m);
        Dev<float> dg(g), du(u), h(m);
        Dev<int8_t> q1(m), q2(m);
        Dev<float2> d1(m / 32), d2(m / 32);
        infer_swiglu_f32<<<(m + 255) / 256, 256>>>(BinaryParams{dg.p, du.p, h.p, m});
        infer_quantize_q8_1_f32<<<dim3((cols + 255) / 256, count), 256>>>(QuantizeParams{h.p, q1.p, d1.p, cols, count});
        infer_swiglu_quantize_q8_1_f32<<<dim3((cols + 255) / 256, count), 256>>>(
            SwigluQuantizeParams{dg.p, du.p, q2.p, d2.p, cols, count});
        CKL();
        auto a1 = q1.get(), a2 = q2.get();
        auto s1 = d1.get(), s2 = d2.get();
        int bad = 0;
        for (int i = 0; i < m; i++) bad += a1[i] != a2[i];
        for (int i = 0; i < m / 32; i++) bad += s1[i].x != s2[i].x || s1[i].y != s2[i].y;
        report("swiglu_quantize_q8_1 3x768 vs swiglu + quantize (mismatches)", bad, 0);
    }
    {
        // five arrays zeroed in one launch, the bytes around them untouched
        const long ns[5] = {5000, 0, 1, 4096, 70000};
        std::vector<float> ones(80000, 1.0f);
        Dev<float> buf(ones);
        float* ys[5];
        long off = 0;
        for (int i = 0; i < 5; i++) {
            ys[i] = buf.p + off + 1;
            off += ns[i] + 2;
        }
        const ZeroManyParams zp{ys[0], ys[1], ys[2], ys[3], ys[4], ns[0], ns[1], ns[2], ns[3], ns[4]};
        infer_zero_many_f32<<<dim3((70000 + 1023) / 1024, 5), 256>>>(zp);
        CKL();
        auto z = buf.get();
        int bad = 0;
        off = 0;
        for (int i = 0; i < 5; i++) {
            bad += z[off] != 1.0f || z[off + ns[i] + 1] != 1.0f;
            for (long j = 0; j < ns[i]; j++) bad += z[off + 1 + j] != 0.0f;
            off += ns[i] + 2;
        }
        report("zero_many_f32 5 arrays (wrong values)", bad, 0);
    }

    const int vocab = 151936, rows = 3;
    auto l = random_floats((size_t) vocab * rows, -20, 20);
    l[5] = 30;                        // row 0: early max
    l[vocab + vocab - 1] = 31;        // row 1: last element
    l[2 * vocab + 777] = 25;          // row 2: tie, lowest index wins
    l[2 * vocab + 90000] = 25;
    Dev<float> dl(l);
    Dev<int> di(rows);
    infer_argmax_f32<<<rows, 1024>>>(ArgmaxParams{dl.p, di.p, vocab, rows});
    CKL();
    auto idx = di.get();
    int bad = 0;
    for (int r = 0; r < rows; r++) {
        int best = 0;
        for (int i = 1; i < vocab; i++)
            if (l[(size_t) r * vocab + i] > l[(size_t) r * vocab + best]) best = i;
        bad += best != idx[r];
    }
    report("argmax_f32 3 x 151936 (mismatches)", bad, 0);
}

// The top-k's scratch for `rows` rows (the histogram starts zeroed, as GpuForwardPass allocates it) and, as
// GpuKernels.topK, its six launches.
struct TopKScratch {
    Dev<unsigned> hist, state;
    Dev<u32x2> above, boundary;
    explicit TopKScratch(int rows)
        : hist((size_t) rows * TOPK_BINS), state((size_t) rows * 4), above((size_t) rows * TOPK_MAX),
          boundary((size_t) rows * TOPK_BOUNDARY) {
        CK(cudaMemset(hist.p, 0, hist.n * sizeof(unsigned)));
    }
    TopKParams params(const float* x, float* vals, int* ids, int cols, int count, int k) const {
        return TopKParams{x, hist.p, state.p, above.p, boundary.p, vals, ids, cols, count, k, 0};
    }
};
static void launch_topk(TopKParams p, cudaStream_t s = 0) {
    for (int level : {0, 1}) {
        p.level = level;
        infer_topk_hist_f32<<<dim3(TOPK_SLICES, p.count), TOPK_THREADS, 0, s>>>(p);
        infer_topk_pick_f32<<<p.count, TOPK_PICK_THREADS, 0, s>>>(p);
    }
    infer_topk_gather_f32<<<dim3(TOPK_SLICES, p.count), TOPK_THREADS, 0, s>>>(p);
    infer_topk_final_f32<<<p.count, TOPK_PICK_THREADS, 0, s>>>(p);
}

// Top-k (topk.hip) against a host sort in Sampler.key's order (value descending, -0 below +0, NaN as -inf, then index
// ascending): random rows, rows of few distinct values (ties at the k-th place: the lowest indices must win), a
// constant row, signed zeros with NaN and -inf, and short rows.
static void check_topk() {
    struct Case { const char* name; int cols, rows; int kind; };
    const Case cases[] = {{"random", 151936, 3, 0}, {"8 levels (ties at the boundary)", 151936, 2, 1},
                          {"constant row", 151936, 1, 2}, {"signed zeros, NaN and -inf", 5000, 2, 3},
                          {"short rows", 70, 3, 0}};
    for (const Case& c : cases) {
        std::vector<float> l = random_floats((size_t) c.cols * c.rows, -20, 20);
        for (size_t i = 0; i < l.size(); i++) {
            if (c.kind == 1) l[i] = std::floor(l[i] / 5.0f);
            if (c.kind == 2) l[i] = 1.5f;
            if (c.kind == 3) l[i] = i % 4 == 0 ? 0.0f : i % 4 == 1 ? -0.0f : i % 4 == 2 ? NAN : -INFINITY;
        }
        Dev<float> dl(l);
        for (int k : {1, 40, 64}) {
            if (k > c.cols) continue;
            Dev<float> dv((size_t) c.rows * k);
            Dev<int> di((size_t) c.rows * k);
            TopKScratch sc(c.rows);
            for (int rep = 0; rep < 2; rep++) launch_topk(sc.params(dl.p, dv.p, di.p, c.cols, c.rows, k));  // hist zero again
            CKL();
            const auto v = dv.get();
            const auto id = di.get();
            int bad = 0;
            for (int r = 0; r < c.rows; r++) {
                const float* x = l.data() + (size_t) r * c.cols;
                std::vector<int> order(c.cols);
                for (int i = 0; i < c.cols; i++) order[i] = i;
                // Sampler.key's order: NaN as -inf, -0 below +0, then the lower index
                auto key = [&](int i) {
                    float f = x[i] == x[i] ? x[i] : -INFINITY;
                    uint32_t u;
                    memcpy(&u, &f, 4);
                    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
                };
                std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
                for (int j = 0; j < k; j++) {
                    bad += id[(size_t) r * k + j] != order[j];
                    bad += memcmp(&v[(size_t) r * k + j], &x[order[j]], 4) != 0;
                }
            }
            char what[160];
            snprintf(what, sizeof what, "topk_f32 %s, %d x %d, k=%d (mismatches)", c.name, c.rows, c.cols, k);
            report(what, bad, 0);
        }
    }
}

// rope of one pair in double, the way the model defines it
static void rope_ref(double& a, double& b, int i, int D, int pos, double base) {
    const double theta = pos * std::pow(base, -2.0 * i / D);
    const double c = std::cos(theta), s = std::sin(theta);
    const double x = a, y = b;
    a = x * c - y * s;
    b = x * s + y * c;
}

// Causal GQA in doubles over caches as the GPU holds them ([seq][kv head][ctx][D] halves): out[t][head][d].
static std::vector<double> attention_ref(const std::vector<float>& qq, const std::vector<int>& sq,
                                         const std::vector<int>& ps, int count, int nHead, int nKv, int D, int ctx,
                                         const std::vector<uint16_t>& kch, const std::vector<uint16_t>& vch) {
    const int G = nHead / nKv;
    std::vector<double> out((size_t) count * nHead * D);
    for (int t = 0; t < count; t++)
        for (int h = 0; h < nHead; h++) {
            const int g = h / G;
            const float* qv = &qq[((size_t) t * nHead + h) * D];
            const size_t head = ((size_t) sq[t] * nKv + g) * ctx;
            std::vector<double> sc(ps[t] + 1);
            double mx = -1e300;
            for (int j = 0; j <= ps[t]; j++) {
                double s = 0;
                for (int d = 0; d < D; d++) s += qv[d] * (double) hfloat(kch[(head + j) * D + d]);
                sc[j] = s / std::sqrt((double) D);
                mx = std::max(mx, sc[j]);
            }
            double den = 0;
            for (auto& s : sc) den += (s = std::exp(s - mx));
            for (int d = 0; d < D; d++) {
                double a = 0;
                for (int j = 0; j <= ps[t]; j++) a += sc[j] * hfloat(vch[(head + j) * D + d]);
                out[((size_t) t * nHead + h) * D + d] = a / den;
            }
        }
    return out;
}

// A prompt chunk of T tokens at positions from..from+T-1 over a cache of random halves (several key tiles, a
// causal edge inside them): the prompt entries against the reference, with 1 and 3 key splits.
static void check_prompt_attention_long(int D, int nHead, int nKv, int from, int T) {
    const int ctx = from + T + 37, nseq = 2, seq = 1;
    const size_t cacheN = (size_t) nseq * nKv * ctx * D;
    std::vector<uint16_t> kh(cacheN), vh(cacheN);
    for (auto& h : kh) h = hbits(uni(-2, 2));
    for (auto& h : vh) h = hbits(uni(-1, 1));
    Dev<uint16_t> kc(kh), vc(vh);
    auto q = random_floats((size_t) T * nHead * D, -1, 1);
    std::vector<int> seqs(T, seq), pos(T);
    for (int t = 0; t < T; t++) pos[t] = from + t;
    Dev<float> dq(q);
    Dev<int> ds(seqs), dp(pos);
    const auto ref = attention_ref(q, seqs, pos, T, nHead, nKv, D, ctx, kh, vh);
    for (AttMode mode : {ATT_CHUNK, ATT_TC}) {
        if (mode == ATT_TC && D > 128) continue;
        for (int nsplit : {1, 3, 12}) {  // 12: the combine's thread groups share out the chunks
            Dev<float> part((size_t) T * nHead * nsplit * (D + 2)), out((size_t) T * nHead * D);
            out.poison();
            launch_attention(D, AttentionParams{dq.p, kc.p, vc.p, ds.p, dp.p, part.p, T, nHead, nKv, ctx, nsplit,
                                                1.0f / std::sqrt((float) D)}, 0, mode);
            launch_combine(CombineParams{part.p, out.p, nullptr, nullptr, T, nHead, D, nsplit});
            CKL();
            auto got = out.get();
            char what[128];
            snprintf(what, sizeof what, "%s D=%d G=%d chunk %d..%d nsplit=%d",
                     mode == ATT_TC ? "attention_prompt_tc" : "attention_prompt", D, nHead / nKv, from,
                     from + T - 1, nsplit);
            report(what, rel_l2(got.data(), ref.data(), ref.size()), mode == ATT_TC ? 2e-3 : 1e-5);
        }
    }
}

// q/k norm + rope + cache write, then attention over that cache (prefill of T tokens, then a decode batch)
static void check_attention(int D, int nHead, int nKv) {
    // 300 positions: the decode token at ctx - 1 has keys in three splits of ATT_MIN_CHUNK
    const int ctx = 300, nseq = 3, T = 41;
    const float eps = 1e-6f, base = 1e6f;
    const float log2Base = std::log2(base);
    char what[128];
    // prefill: sequence 1, positions 0..T-1
    auto q = random_floats((size_t) T * nHead * D, -2, 2), k = random_floats((size_t) T * nKv * D, -2, 2);
    auto v = random_floats((size_t) T * nKv * D);
    auto qw = random_floats(D, 0.5f, 1.5f), kw = random_floats(D, 0.5f, 1.5f);
    std::vector<int> seqs(T, 1), pos(T);
    for (int t = 0; t < T; t++) pos[t] = t;
    Dev<float> dq(q), dk(k), dv(v), dqw(qw), dkw(kw);
    Dev<int> ds(seqs), dp(pos);
    const size_t cacheN = (size_t) nseq * nKv * ctx * D;
    Dev<uint16_t> kc(cacheN), vc(cacheN);
    // random cache contents everywhere (other sequences, later positions) so wrong indexing shows
    std::vector<uint16_t> fill(cacheN);
    for (auto& h : fill) h = hbits(uni(-1, 1));
    kc.put(fill);
    for (auto& h : fill) h = hbits(uni(-1, 1));
    vc.put(fill);

    infer_qk_norm_rope_kv_f32<<<dim3(nHead + nKv, T), 32>>>(QkNormRopeKvParams{
        dq.p, dk.p, dv.p, dqw.p, dkw.p, ds.p, dp.p, kc.p, vc.p, nHead, nKv, D, ctx, eps, log2Base});
    CKL();
    auto qGot = dq.get();
    auto kcGot = kc.get(), vcGot = vc.get();
    // reference q, k after norm + rope
    std::vector<double> qRef(q.size()), kRef((size_t) T * nKv * D);
    auto normRope = [&](const float* src, const std::vector<float>& w, double* dst, int p) {
        double ss = 0;
        for (int i = 0; i < D; i++) ss += (double) src[i] * src[i];
        const double s = 1 / std::sqrt(ss / D + eps);
        for (int i = 0; i < D; i++) dst[i] = src[i] * s * w[i];
        for (int i = 0; i < D / 2; i++) rope_ref(dst[i], dst[i + D / 2], i, D, p, base);
    };
    for (int t = 0; t < T; t++) {
        for (int h = 0; h < nHead; h++) normRope(&q[((size_t) t * nHead + h) * D], qw, &qRef[((size_t) t * nHead + h) * D], t);
        for (int h = 0; h < nKv; h++) normRope(&k[((size_t) t * nKv + h) * D], kw, &kRef[((size_t) t * nKv + h) * D], t);
    }
    snprintf(what, sizeof what, "qk_norm_rope_kv D=%d: q", D);
    report(what, rel_l2(qGot.data(), qRef.data(), qRef.size()), 2e-5);
    std::vector<float> kFromCache(kRef.size()), vFromCache(kRef.size());
    std::vector<double> vRef(kRef.size());
    for (int t = 0; t < T; t++)
        for (int h = 0; h < nKv; h++)
            for (int d = 0; d < D; d++) {
                const size_t c = (((size_t) 1 * nKv + h) * ctx + t) * D + d, o = ((size_t) t * nKv + h) * D + d;
                kFromCache[o] = hfloat(kcGot[c]);
                vFromCache[o] = hfloat(vcGot[c]);
                vRef[o] = v[o];
            }
    snprintf(what, sizeof what, "qk_norm_rope_kv D=%d: K cache (f16)", D);
    report(what, rel_l2(kFromCache.data(), kRef.data(), kRef.size()), 1e-3);
    snprintf(what, sizeof what, "qk_norm_rope_kv D=%d: V cache (f16)", D);
    report(what, rel_l2(vFromCache.data(), vRef.data(), vRef.size()), 1e-3);

    // attention reference over the caches as the GPU holds them
    const int G = nHead / nKv;
    auto attnRef = [&](const std::vector<float>& qq, const std::vector<int>& sq, const std::vector<int>& ps, int count) {
        return attention_ref(qq, sq, ps, count, nHead, nKv, D, ctx, kcGot, vcGot);
    };
    auto runAttn = [&](Dev<float>& qd, Dev<int>& sd, Dev<int>& pd, int count, int nsplit, std::vector<float>* xhat,
                       AttMode mode = ATT_ONE) {
        Dev<float> part((size_t) count * nHead * nsplit * (D + 2));
        Dev<float> out((size_t) count * nHead * D);
        Dev<int8_t> xq((size_t) count * nHead * D);
        Dev<float2> xd((size_t) count * nHead * D / 32);
        out.poison();
        launch_attention(D, AttentionParams{qd.p, kc.p, vc.p, sd.p, pd.p, part.p, count, nHead, nKv, ctx, nsplit,
                                            1.0f / std::sqrt((float) D)}, 0, mode);
        launch_combine(CombineParams{part.p, out.p, xq.p, xd.p, count, nHead, D, nsplit});
        CKL();
        if (xhat) {
            auto qq = xq.get();
            auto dd = xd.get();
            xhat->resize(qq.size());
            for (size_t i = 0; i < qq.size(); i++) (*xhat)[i] = dd[i / 32].x * qq[i];
        }
        return out.get();
    };
    for (int nsplit : {1, 3, 8}) {
        std::vector<float> xhat;
        auto got = runAttn(dq, ds, dp, T, nsplit, &xhat);
        auto ref = attnRef(qGot, seqs, pos, T);
        snprintf(what, sizeof what, "attention D=%d G=%d prefill T=%d nsplit=%d", D, G, T, nsplit);
        report(what, rel_l2(got.data(), ref.data(), ref.size()), 1e-5);
        if (nsplit == 3) {
            snprintf(what, sizeof what, "attention_combine D=%d 8-bit output", D);
            report(what, rel_l2(xhat.data(), ref.data(), ref.size()), 1e-2);
        }
    }
    // the same prompt through the prompt-chunk entries (several tokens per block; T = 41 leaves a partial block), and
    // its last 21 tokens as a second chunk that starts at position 20. The tensor-core entry rounds q and the
    // probabilities to f16: its bound is that rounding's (~2^-11 relative per factor), not f32's.
    for (AttMode mode : {ATT_CHUNK, ATT_TC}) {
        if (mode == ATT_TC && D > 128) continue;
        const char* name = mode == ATT_TC ? "attention_prompt_tc" : "attention_prompt";
        const double tol = mode == ATT_TC ? 2e-3 : 1e-5;
        for (int nsplit : {1, 3}) {
            auto got = runAttn(dq, ds, dp, T, nsplit, nullptr, mode);
            auto ref = attnRef(qGot, seqs, pos, T);
            snprintf(what, sizeof what, "%s D=%d G=%d prefill T=%d nsplit=%d", name, D, G, T, nsplit);
            report(what, rel_l2(got.data(), ref.data(), ref.size()), tol);
        }
        const int from = 20, n = T - from;
        std::vector<float> q2(qGot.begin() + (size_t) from * nHead * D, qGot.end());
        std::vector<int> s2(seqs.begin() + from, seqs.end()), p2(pos.begin() + from, pos.end());
        Dev<float> dq2c(q2);
        Dev<int> ds2(s2), dp2(p2);
        auto got = runAttn(dq2c, ds2, dp2, n, 2, nullptr, mode);
        auto ref = attnRef(q2, s2, p2, n);
        snprintf(what, sizeof what, "%s D=%d G=%d second chunk %d..%d", name, D, G, from, T - 1);
        report(what, rel_l2(got.data(), ref.data(), ref.size()), tol);
    }
    // decode batch: three sequences at different depths (random cache contents beyond the prefill)
    std::vector<int> dseq = {0, 2, 1}, dpos = {5, ctx - 1, 0};
    auto dq2 = random_floats((size_t) 3 * nHead * D, -2, 2);
    Dev<float> dqd(dq2);
    Dev<int> dsd(dseq), dpd(dpos);
    for (int nsplit : {1, 4, 16}) {
        auto got = runAttn(dqd, dsd, dpd, 3, nsplit, nullptr);
        auto ref = attnRef(dq2, dseq, dpos, 3);
        snprintf(what, sizeof what, "attention D=%d G=%d decode batch 3 nsplit=%d", D, G, nsplit);
        report(what, rel_l2(got.data(), ref.data(), ref.size()), 1e-5);
    }
    // the fused decode entry (q/k norm, RoPE and K/V write inside) + combine against the three kernels it replaces,
    // from the same raw projections and caches: equal outputs, 8-bit outputs and caches
    auto kraw = random_floats((size_t) 3 * nKv * D, -2, 2), vraw = random_floats((size_t) 3 * nKv * D);
    Dev<float> dkr(kraw), dvr(vraw);
    const auto kc0 = kc.get(), vc0 = vc.get();
    for (int nsplit : {1, 4, 16}) {
        Dev<float> qa(dq2), part((size_t) 3 * nHead * nsplit * (D + 2)), outA((size_t) 3 * nHead * D),
            outB((size_t) 3 * nHead * D);
        Dev<int8_t> xqA((size_t) 3 * nHead * D), xqB((size_t) 3 * nHead * D);
        Dev<float2> xdA((size_t) 3 * nHead * D / 32), xdB((size_t) 3 * nHead * D / 32);
        kc.put(kc0);
        vc.put(vc0);
        infer_qk_norm_rope_kv_f32<<<dim3(nHead + nKv, 3), 32>>>(QkNormRopeKvParams{
            qa.p, dkr.p, dvr.p, dqw.p, dkw.p, dsd.p, dpd.p, kc.p, vc.p, nHead, nKv, D, ctx, eps, log2Base});
        const AttentionParams ap{qa.p, kc.p, vc.p, dsd.p, dpd.p, part.p, 3, nHead, nKv, ctx, nsplit, 1.0f / std::sqrt((float) D)};
        launch_attention(D, ap);
        launch_combine(CombineParams{part.p, outA.p, xqA.p, xdA.p, 3, nHead, D, nsplit});
        CKL();
        const auto kcA = kc.get(), vcA = vc.get();
        const auto oA = outA.get();
        const auto qA = xqA.get();
        kc.put(kc0);
        vc.put(vc0);
        outB.poison();
        part.poison();  // every partial the combine reads must come from this launch
        AttentionParams bp = ap;
        bp.q = dqd.p;  // the raw projection
        launch_attention_decode(D, AttentionDecodeParams{bp, AttentionFusion{dkr.p, dvr.p, dqw.p, dkw.p, eps, log2Base, kc.p, vc.p}});
        launch_combine(CombineParams{part.p, outB.p, xqB.p, xdB.p, 3, nHead, D, nsplit});
        CKL();
        const auto oB = outB.get();
        std::vector<double> oAd(oA.begin(), oA.end());
        snprintf(what, sizeof what, "attention_decode D=%d G=%d fused q/k norm, rope, kv write, nsplit=%d: out", D, G, nsplit);
        report(what, rel_l2(oB.data(), oAd.data(), oAd.size()), 1e-6);
        const auto kcB = kc.get(), vcB = vc.get();
        const auto qB = xqB.get();
        size_t diff = 0;
        for (size_t i = 0; i < cacheN; i++) diff += (kcA[i] != kcB[i]) + (vcA[i] != vcB[i]);
        for (size_t i = 0; i < qA.size(); i++) diff += qA[i] != qB[i];
        report("  K/V cache and 8-bit output: values that differ", (double) diff, 0);
    }
}

// ------------------------------------------------------------------------------------------ timing
__global__ void fill_random(uint32_t* p, size_t n, uint32_t seed) {
    for (size_t i = blockIdx.x * (size_t) blockDim.x + threadIdx.x; i < n; i += (size_t) gridDim.x * blockDim.x) {
        uint32_t x = (uint32_t) i * 2654435761u ^ seed;
        x ^= x >> 13; x *= 0x5bd1e995u; x ^= x >> 15;
        // keep f16 scale fields finite: clear the exponent's top bit in every 16-bit half
        p[i] = x & 0xbfffbfffu;
    }
}

static float median(std::vector<float> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct Timer {
    cudaEvent_t a, b;
    Timer() { cudaEventCreate(&a); cudaEventCreate(&b); }
    template <class F> float ms(F f, int reps = 20) {
        f();
        CK(cudaDeviceSynchronize());
        std::vector<float> t;
        for (int i = 0; i < reps; i++) {
            cudaEventRecord(a);
            f();
            cudaEventRecord(b);
            CK(cudaEventSynchronize(b));
            float x;
            cudaEventElapsedTime(&x, a, b);
            t.push_back(x);
        }
        return median(t);
    }
};

// The decode step of a Qwen3-8B Q4_K_M (random weights of the real shapes and types) as one CUDA graph.
static void time_decode_8b(int batch, int depth) {
    const int L = 36, E = 4096, H = 32, KV = 8, D = 128, F = 12288, V = 151936, ctx = 4096 + 256;
    const bool q6[36] = {1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1};
    auto rs = [](int t, int rows, int cols) { return row_size(t, cols) * rows; };
    size_t layerBytes[36], total = rs(WT_Q4_K, V, E) + rs(WT_Q6_K, V, E);
    const size_t embdBytes = rs(WT_Q4_K, V, E);  // allocated but not read: one row per token
    for (int l = 0; l < L; l++) {
        const int tv = q6[l] ? WT_Q6_K : WT_Q4_K;
        layerBytes[l] = rs(WT_Q4_K, E, E) * 2 + rs(WT_Q4_K, KV * D, E) + rs(tv, KV * D, E) + rs(WT_Q4_K, F, E) * 2 + rs(tv, E, F);
        total += layerBytes[l];
    }
    uint8_t* wts;
    CK(cudaMalloc(&wts, total));
    fill_random<<<1024, 256>>>((uint32_t*) wts, total / 4, 77);
    CKL();
    float* norms;
    CK(cudaMalloc(&norms, sizeof(float) * ((size_t) (2 * L + 1) * E + 2 * L * D)));
    std::vector<float> ones((2 * L + 1) * E + 2 * L * D, 1.0f);
    CK(cudaMemcpy(norms, ones.data(), ones.size() * 4, cudaMemcpyHostToDevice));
    const size_t cacheN = (size_t) batch * KV * ctx * D;
    uint16_t *kc, *vc;
    CK(cudaMalloc(&kc, cacheN * 2 * L));
    CK(cudaMalloc(&vc, cacheN * 2 * L));
    fill_random<<<1024, 256>>>((uint32_t*) kc, cacheN * L / 2, 5);
    fill_random<<<1024, 256>>>((uint32_t*) vc, cacheN * L / 2, 6);
    // at most three attention blocks per multiprocessor, as GpuForwardPass.decodeSplits
    const int nsplit = g_nsplit ? g_nsplit : std::max(1, std::min(64, 3 * 132 / (batch * KV)));
    float *x, *xn, *q, *k, *v, *att, *hid, *logits, *part;
    int8_t* xq;
    float2* xd;
    int *tok, *seq, *pos, *amax;
    CK(cudaMalloc(&x, 4 * batch * E)); CK(cudaMalloc(&xn, 4 * batch * E));
    CK(cudaMalloc(&q, 4 * batch * H * D)); CK(cudaMalloc(&k, 4 * batch * KV * D)); CK(cudaMalloc(&v, 4 * batch * KV * D));
    CK(cudaMalloc(&att, 4 * batch * H * D)); CK(cudaMalloc(&hid, 4 * batch * F)); CK(cudaMalloc(&logits, 4 * (size_t) batch * V));
    CK(cudaMalloc(&part, 4 * (size_t) batch * H * nsplit * (D + 2)));
    CK(cudaMalloc(&xq, batch * F)); CK(cudaMalloc(&xd, 8 * batch * F / 32));
    int8_t* xq2;
    float2* xd2;
    CK(cudaMalloc(&xq2, batch * F)); CK(cudaMalloc(&xd2, 8 * batch * F / 32));
    CK(cudaMalloc(&tok, 4 * batch)); CK(cudaMalloc(&seq, 4 * batch)); CK(cudaMalloc(&pos, 4 * batch)); CK(cudaMalloc(&amax, 4 * batch));
    std::vector<int> ht(batch), hs(batch), hp(batch);
    for (int b = 0; b < batch; b++) { ht[b] = 1000 + b; hs[b] = b; hp[b] = depth; }
    CK(cudaMemcpy(tok, ht.data(), 4 * batch, cudaMemcpyHostToDevice));
    CK(cudaMemcpy(seq, hs.data(), 4 * batch, cudaMemcpyHostToDevice));
    CK(cudaMemcpy(pos, hp.data(), 4 * batch, cudaMemcpyHostToDevice));
    const float eps = 1e-6f;
    cudaStream_t s;
    CK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    // one token: the RMSNorms fused into the products around them, as GpuForwardPass does
    const bool fuse = batch == 1 && !g_batched_for_one && g_fuse_norms;
    int8_t* nq;
    float2* nd;
    float* nss;
    unsigned* arrivals;
    CK(cudaMalloc(&nq, E)); CK(cudaMalloc(&nd, 8 * E / 32)); CK(cudaMalloc(&nss, 4 * E / 32));
    CK(cudaMalloc(&arrivals, 4 * E / 32));
    CK(cudaMemset(arrivals, 0, 4 * E / 32));
    auto rmsOut = [&](const float* weight) { return fuse ? RmsOut{weight, nq, nd, nss, arrivals} : RmsOut{}; };
    const RmsIn rmsIn = fuse ? RmsIn{nss, eps} : RmsIn{};
    auto step = [&]() {
        const uint8_t* w = wts;
        const uint8_t* embd = w;
        w += rs(WT_Q4_K, V, E);
        infer_embed_q4_k<<<batch, 256, 0, s>>>(EmbedParams{embd, tok, x, E, batch});
        for (int l = 0; l < L; l++) {
            const int tv = q6[l] ? WT_Q6_K : WT_Q4_K;
            const float* an = norms + (size_t) (2 * l) * E;
            const float* fn = norms + (size_t) (2 * l + 1) * E;
            const float* qn = norms + (size_t) (2 * L + 1) * E + 2 * l * D;
            const bool fusedIn = fuse && l > 0;
            if (!fusedIn) infer_rmsnorm_q8_f32<<<batch, NORM_THREADS, 0, s>>>(NormParams{x, an, nullptr, xq, xd, E, batch, eps});
            const uint8_t* wq = w; w += rs(WT_Q4_K, H * D, E);
            const uint8_t* wk = w; w += rs(WT_Q4_K, KV * D, E);
            const uint8_t* wv = w; w += rs(tv, KV * D, E);
            const uint8_t* wo = w; w += rs(WT_Q4_K, E, H * D);
            const uint8_t* wg = w; w += rs(WT_Q4_K, F, E);
            const uint8_t* wu = w; w += rs(WT_Q4_K, F, E);
            const uint8_t* wd = w; w += rs(tv, E, F);
            MatvecMultiParams mp{};
            mp.w[0] = wq; mp.w[1] = wk; mp.w[2] = wv;
            mp.y[0] = q; mp.y[1] = k; mp.y[2] = v;
            mp.type[0] = WT_Q4_K; mp.type[1] = WT_Q4_K; mp.type[2] = tv;
            mp.rows[0] = H * D; mp.rows[1] = KV * D; mp.rows[2] = KV * D;
            mp.xq = fusedIn ? nq : xq; mp.xd = fusedIn ? nd : xd; mp.cols = E; mp.batch = batch;
            if (fusedIn) mp.in = rmsIn;
            if (!(g_skip & 1)) launch_multi(mp, s);
            uint16_t* lk = kc + cacheN * l;
            uint16_t* lv = vc + cacheN * l;
            if (g_fuse_attention) {
                if (!(g_skip & 2)) {
                    launch_attention_decode(D, AttentionDecodeParams{
                        AttentionParams{q, lk, lv, seq, pos, part, batch, H, KV, ctx, nsplit, 0.0884f},
                        AttentionFusion{k, v, qn, qn + D, eps, 19.93f, lk, lv}}, s);
                }
                if (!(g_skip & 4)) {
                    launch_combine(CombineParams{part, nullptr, xq, xd, batch, H, D, nsplit}, s);
                }
            } else {
                infer_qk_norm_rope_kv_f32<<<dim3(H + KV, batch), 32, 0, s>>>(
                    QkNormRopeKvParams{q, k, v, qn, qn + D, seq, pos, lk, lv, H, KV, D, ctx, eps, 19.93f});
                launch_attention(D, AttentionParams{q, lk, lv, seq, pos, part, batch, H, KV, ctx, nsplit, 0.0884f}, s);
                launch_combine(CombineParams{part, nullptr, xq, xd, batch, H, D, nsplit}, s);
            }
            MatvecParams op{wo, xq, xd, x, E, H * D, batch, 1};
            op.out = rmsOut(fn);
            if (!(g_skip & 8)) launch_q8(WT_Q4_K, op, s);
            if (!fuse) infer_rmsnorm_q8_f32<<<batch, NORM_THREADS, 0, s>>>(NormParams{x, fn, nullptr, xq, xd, E, batch, eps});
            // the 8-bit FFN hidden state goes to the second half of xq / xd (the input half is still being read)
            SwigluMatvecParams sp{wg, wu, fuse ? nq : xq, fuse ? nd : xd, nullptr, xq2, xd2, F, E, batch};
            sp.in = rmsIn;
            if (!(g_skip & 16)) launch_swiglu(WT_Q4_K, sp, s);
            MatvecParams dp{wd, xq2, xd2, x, E, F, batch, 1};
            dp.out = rmsOut(l + 1 < L ? norms + (size_t) (2 * l + 2) * E : norms + (size_t) 2 * L * E);
            if (!(g_skip & 32)) launch_q8(tv, dp, s);
        }
        if (!fuse) infer_rmsnorm_q8_f32<<<batch, NORM_THREADS, 0, s>>>(NormParams{x, norms + (size_t) 2 * L * E, nullptr, xq, xd, E, batch, eps});
        MatvecParams hp{w, fuse ? nq : xq, fuse ? nd : xd, logits, V, E, batch, 0};
        hp.in = rmsIn;
        launch_q8(WT_Q6_K, hp, s);
        infer_argmax_f32<<<batch, 1024, 0, s>>>(ArgmaxParams{logits, amax, V, batch});
    };
    cudaGraph_t graph;
    cudaGraphExec_t exec;
    CK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
    step();
    CK(cudaStreamEndCapture(s, &graph));
    CK(cudaGraphInstantiate(&exec, graph, 0));
    cudaEvent_t a, b;
    cudaEventCreate(&a);
    cudaEventCreate(&b);
    std::vector<float> t;
    for (int i = 0; i < 25; i++) {
        cudaEventRecord(a, s);
        CK(cudaGraphLaunch(exec, s));
        cudaEventRecord(b, s);
        CK(cudaEventSynchronize(b));
        float m;
        cudaEventElapsedTime(&m, a, b);
        if (i >= 5) t.push_back(m);
    }
    CK(cudaGetLastError());
    const float ms = median(t);
    const double gb = (total - embdBytes) / 1e9;  // bytes read per step
    char skipped[40] = "";
    if (g_skip) snprintf(skipped, sizeof skipped, " (launches left out 0x%x)", g_skip);
    printf("decode step 8B Q4_K_M graph%s: batch %d depth %d: %.3f ms -> %.1f tok/s (x%d = %.1f aggregate), "
           "weights %.2f GB -> %.0f GB/s%s\n", fuse ? " (fused norms)" : "", batch, depth, ms, 1000 / ms, batch,
           batch * 1000 / ms, gb, gb / (ms / 1000), skipped);
    cudaGraphExecDestroy(exec);
    cudaGraphDestroy(graph);
    cudaFree(wts); cudaFree(norms); cudaFree(kc); cudaFree(vc); cudaFree(x); cudaFree(xn); cudaFree(q); cudaFree(k);
    cudaFree(v); cudaFree(att); cudaFree(hid); cudaFree(logits); cudaFree(part); cudaFree(xq); cudaFree(xd);
    cudaFree(tok); cudaFree(seq); cudaFree(pos); cudaFree(amax);
    cudaFree(nq); cudaFree(nd); cudaFree(nss); cudaFree(arrivals);
    cudaStreamDestroy(s);
}

// Median time of one f(stream) when `launches` of them run back to back from a graph (no launch gaps).
template <class F> static float graph_us(F f, int launches = 40) {
    cudaStream_t s;
    CK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    cudaGraph_t g;
    cudaGraphExec_t e;
    CK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
    for (int i = 0; i < launches; i++) f(s);
    CK(cudaStreamEndCapture(s, &g));
    CK(cudaGraphInstantiate(&e, g, 0));
    cudaEvent_t a, b;
    cudaEventCreate(&a);
    cudaEventCreate(&b);
    std::vector<float> t;
    for (int r = 0; r < 12; r++) {
        cudaEventRecord(a, s);
        CK(cudaGraphLaunch(e, s));
        cudaEventRecord(b, s);
        CK(cudaEventSynchronize(b));
        float ms;
        cudaEventElapsedTime(&ms, a, b);
        if (r >= 2) t.push_back(ms);
    }
    cudaGraphExecDestroy(e);
    cudaGraphDestroy(g);
    cudaStreamDestroy(s);
    return median(t) * 1000 / launches;
}

// The decode attention (q/k norm, RoPE and K/V write inside) and its combine at the 8B's shapes, one token: each
// alone and the pair, back to back, by split count.
static void time_attention_decode() {
    const int H = 32, KV = 8, D = 128, ctx = 4352;
    Dev<uint16_t> kc((size_t) KV * ctx * D), vc((size_t) KV * ctx * D);
    CK(cudaMemset(kc.p, 0x11, kc.n * 2));
    CK(cudaMemset(vc.p, 0x11, vc.n * 2));
    Dev<float> q(random_floats(H * D)), k(random_floats(KV * D)), v(random_floats(KV * D)), w(random_floats(D, 0.8f, 1.2f));
    Dev<float> part((size_t) H * 64 * (D + 2));
    Dev<int8_t> xq(H * D);
    Dev<float2> xd(H * D / 32);
    for (int depth : {128, 1024, 4096}) {
        Dev<int> seq(std::vector<int>{0}), pos(std::vector<int>{depth});
        for (int nsplit : {5, 17, 32, 48, 64}) {
            const AttentionDecodeParams ap{AttentionParams{q.p, kc.p, vc.p, seq.p, pos.p, part.p, 1, H, KV, ctx, nsplit, 0.0884f},
                                           AttentionFusion{k.p, v.p, w.p, w.p, 1e-6f, 19.93f, kc.p, vc.p}};
            const CombineParams cp{part.p, nullptr, xq.p, xd.p, 1, H, D, nsplit};
            const float ta = graph_us([&](cudaStream_t st) { launch_attention_decode(D, ap, st); });
            const float tc = graph_us([&](cudaStream_t st) { launch_combine(cp, st); });
            const float tb = graph_us([&](cudaStream_t st) {
                launch_attention_decode(D, ap, st);
                launch_combine(cp, st);
            });
            printf("decode attention depth %4d nsplit %2d: %6.2f us, combine %5.2f us, both %6.2f us\n", depth, nsplit, ta,
                   tc, tb);
        }
    }
}

// Candidate tile shapes (MT x NT, WM x WN warps, at least MINB blocks per multiprocessor), timed against the shipped
// ones; not in the fatbin. Split along k as launch_gemm does, for a capacity of MINB blocks per multiprocessor.
template <int T, int MT, int NT, int WM, int WN, int MINB>
__global__ void __launch_bounds__(32 * WM * WN, MINB) gemm_candidate(GemmParams p) { gemm_q8<T, MT, NT, WM, WN>(p); }

template <int T, int MT, int NT, int WM, int WN, int MINB> static void time_candidate(GemmParams p, int sms = 132) {
    const int smem = GemmSmem<MT, NT>::BYTES;
    CK(cudaFuncSetAttribute(gemm_candidate<T, MT, NT, WM, WN, MINB>, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
    const int blocks = ((p.rows + MT - 1) / MT) * ((p.count + NT - 1) / NT), capacity = MINB * sms;
    p.splits = 2 * blocks >= capacity ? 1 : std::max(1, std::min((capacity + blocks - 1) / blocks, p.cols / GEMM_KS / 4));
    const float us = graph_us([&](cudaStream_t st) {
        if (p.splits > 1) {
            const long n = (long) p.count * p.rows;
            infer_zero_f32<<<(n + 1023) / 1024, 256, 0, st>>>(ZeroParams{p.y, n});
        }
        gemm_candidate<T, MT, NT, WM, WN, MINB><<<dim3((p.rows + MT - 1) / MT, (p.count + NT - 1) / NT, p.splits),
                                                 32 * WM * WN, smem, st>>>(p);
    }, 10);
    printf("  %3dx%-3d %dx%d warps, >=%d/SM, splits %d: %8.1f us\n", MT, NT, WM, WN, MINB, p.splits, us);
}

template <int T> static void time_gemm_candidates(const char* name, int rows, int cols) {
    auto w = random_weights(T, rows, cols);
    Dev<uint8_t> dw(device_layout(T, rows, cols, w));
    const int maxCount = 512;
    Dev<int8_t> xq((size_t) maxCount * cols);
    Dev<float2> xd((size_t) maxCount * cols / 32);
    Dev<float> y((size_t) maxCount * rows);
    CK(cudaMemset(xq.p, 1, xq.n));
    CK(cudaMemset(xd.p, 0, xd.n * sizeof(float2)));
    for (int count : {512, 32}) {
        if (rows > 100000 && count > 32) continue;
        GemmParams p{dw.p, xq.p, xd.p, y.p, rows, cols, count, 0, 1};
        const float shipped = graph_us([&](cudaStream_t st) { launch_gemm(T, count <= 32, p, st); }, 10);
        printf("candidates %s, %d tokens: shipped %.1f us\n", name, count, shipped);
        if (count == 512) {
            time_candidate<T, 128, 64, 4, 2, 2>(p);
            time_candidate<T, 128, 128, 2, 4, 1>(p);
            time_candidate<T, 128, 128, 4, 2, 1>(p);
            time_candidate<T, 128, 128, 2, 4, 2>(p);
            time_candidate<T, 128, 128, 4, 4, 1>(p);
            time_candidate<T, 256, 128, 4, 4, 1>(p);
            time_candidate<T, 256, 128, 4, 2, 1>(p);
            time_candidate<T, 256, 64, 4, 2, 1>(p);
        } else {
            time_candidate<T, 64, 32, 4, 1, 4>(p);
            time_candidate<T, 64, 32, 2, 2, 4>(p);
            time_candidate<T, 128, 32, 4, 1, 2>(p);
            time_candidate<T, 128, 32, 4, 2, 2>(p);
            time_candidate<T, 32, 32, 2, 1, 8>(p);
        }
    }
}

// Attention of a 512-token prompt chunk at the 8B's shapes (32 heads, 8 kv heads, head_dim 128), after 0 and 4096
// cached positions: one token per block vs the prompt entry.
static void time_prompt_attention() {
    const int H = 32, KV = 8, D = 128, T = 512, ctx = 4096 + T;
    Dev<uint16_t> kc((size_t) KV * ctx * D), vc((size_t) KV * ctx * D);
    CK(cudaMemset(kc.p, 0x11, kc.n * 2));  // small finite halves: the timing does not depend on the values
    CK(cudaMemset(vc.p, 0x11, vc.n * 2));
    auto q = random_floats((size_t) T * H * D);
    Dev<float> dq(q), part((size_t) T * H * 4 * (D + 2)), out((size_t) T * H * D);
    for (int depth : {0, 4096}) {
        std::vector<int> seq(T, 0), pos(T);
        for (int t = 0; t < T; t++) pos[t] = depth + t;
        Dev<int> ds(seq), dp(pos);
        AttentionParams p{dq.p, kc.p, vc.p, ds.p, dp.p, part.p, T, H, KV, ctx, 1, 0.0884f};
        const float one = graph_us([&](cudaStream_t st) { launch_attention(D, p, st, ATT_ONE); }, 5);
        const float chunk = graph_us([&](cudaStream_t st) { launch_attention(D, p, st, ATT_CHUNK); }, 5);
        printf("attention 512-token chunk at depth %4d: one token per block %8.1f us, prompt entry %8.1f us\n", depth,
               one, chunk);
        for (int nsplit : {1, 2, 4}) {
            AttentionParams ps = p;
            ps.nsplit = nsplit;
            const float tc = graph_us([&](cudaStream_t st) { launch_attention(D, ps, st, ATT_TC); }, 5);
            printf("attention 512-token chunk at depth %4d: tensor-core prompt entry, %d split(s) %8.1f us\n", depth,
                   nsplit, tc);
        }
    }
}

// Tiled products at the 8B's shapes: prompt chunks (gemm) and decode batches (gemm_n32 vs matvec in launches of 8).
static void time_gemm() {
    struct Shape { const char* name; int t, rows, cols; };
    const Shape shapes[] = {{"q Q4_K 4096x4096", WT_Q4_K, 4096, 4096}, {"gate Q4_K 12288x4096", WT_Q4_K, 12288, 4096},
                            {"down Q6_K 4096x12288", WT_Q6_K, 4096, 12288}, {"down Q4_K 4096x12288", WT_Q4_K, 4096, 12288},
                            {"k Q4_K 1024x4096", WT_Q4_K, 1024, 4096}, {"output Q6_K 151936x4096", WT_Q6_K, 151936, 4096}};
    const int maxCount = 512;
    Dev<int8_t> xq((size_t) maxCount * 12288);
    Dev<float2> xd((size_t) maxCount * 12288 / 32);
    auto xr = random_floats((size_t) maxCount * 12288);
    Dev<float> dx(xr);
    infer_quantize_q8_1_f32<<<dim3(12288 / 256, maxCount), 256>>>(QuantizeParams{dx.p, xq.p, xd.p, 12288, maxCount});
    CKL();
    Dev<float> y((size_t) maxCount * 151936);
    for (const Shape& s : shapes) {
        auto w = random_weights(s.t, s.rows, s.cols);
        Dev<uint8_t> dw(device_layout(s.t, s.rows, s.cols, w));
        for (int count : {32, 128, 256, 512}) {
            if (s.rows > 100000 && count > 32) continue;
            const float us = graph_us([&](cudaStream_t st) {
                launch_gemm(s.t, false, GemmParams{dw.p, xq.p, xd.p, y.p, s.rows, s.cols, count, 0, 1}, st);
            }, 10);
            printf("gemm %-26s %3d tokens: %8.1f us  %6.1f TOPS  %5.0f GB/s weights\n", s.name, count, us,
                   2.0 * s.rows * s.cols * count / us / 1e6, w.size() / us / 1e3);
        }
        for (int count : {16, 32}) {
            const float us = graph_us([&](cudaStream_t st) {
                launch_gemm(s.t, true, GemmParams{dw.p, xq.p, xd.p, y.p, s.rows, s.cols, count, 0, 1}, st);
            }, 10);
            const float mv = graph_us([&](cudaStream_t st) {
                for (int b0 = 0; b0 < count; b0 += 8)
                    launch_q8(s.t, MatvecParams{dw.p, xq.p + (size_t) b0 * s.cols, xd.p + (size_t) b0 * s.cols / 32,
                                                y.p + (size_t) b0 * s.rows, s.rows, s.cols, 8, 0}, st);
            }, 10);
            printf("gemm_n32 %-22s %3d tokens: %8.1f us (matvec x%d: %8.1f us)  %5.0f GB/s weights\n", s.name, count, us,
                   count / 8, mv, w.size() / us / 1e3);
        }
    }
}

static void time_kernels() {
    Timer tm;
    // device-to-device copy: the bandwidth ceiling (bytes read + written)
    const size_t n = (size_t) 1 << 30;
    void *a, *b;
    CK(cudaMalloc(&a, n));
    CK(cudaMalloc(&b, n));
    fill_random<<<1024, 256>>>((uint32_t*) a, n / 4, 1);
    float ms = tm.ms([&] { CK(cudaMemcpy(b, a, n, cudaMemcpyDeviceToDevice)); });
    printf("memcpy d2d 1 GiB: %.3f ms -> %.0f GB/s (read + write)\n", ms, 2.0 * n / ms / 1e6);
    cudaFree(b);
    // matvec at 8B shapes, in graphs of back-to-back launches rotating through 1 GiB of weights (L2 holds none)
    struct Shape { int t, rows, cols; const char* name; } shapes[] = {
        {WT_Q4_K, 4096, 4096, "q4_k 4096x4096 (attn_q/o)"}, {WT_Q4_K, 1024, 4096, "q4_k 1024x4096 (attn_k)"},
        {WT_Q4_K, 12288, 4096, "q4_k 12288x4096 (ffn_up)"}, {WT_Q4_K, 4096, 12288, "q4_k 4096x12288 (ffn_down)"},
        {WT_Q6_K, 4096, 12288, "q6_k 4096x12288 (ffn_down)"}, {WT_Q6_K, 1024, 4096, "q6_k 1024x4096 (attn_v)"},
        {WT_Q6_K, 151936, 4096, "q6_k 151936x4096 (output)"}};
    float *y, *x;
    int8_t *xq, *yq;
    float2 *xd, *yd;
    CK(cudaMalloc(&y, 4 * 151936 * 8));
    CK(cudaMalloc(&x, 4 * 12288 * 8));
    CK(cudaMalloc(&xq, 12288 * 8));
    CK(cudaMalloc(&xd, 8 * 12288 * 8 / 32));
    CK(cudaMalloc(&yq, 12288 * 8));
    CK(cudaMalloc(&yd, 8 * 12288 * 8 / 32));
    auto xs = random_floats(12288 * 8);
    CK(cudaMemcpy(x, xs.data(), 4 * xs.size(), cudaMemcpyHostToDevice));
    infer_quantize_q8_1_f32<<<dim3(12288 / 256, 8), 256>>>(QuantizeParams{x, xq, xd, 12288, 8});
    for (auto& sh : shapes) {
        const size_t bytes = row_size(sh.t, sh.cols) * sh.rows;
        const int copies = (int) std::max<size_t>(1, n / bytes);
        for (int batch : {1, 2, 4, 8}) {
            int i = 0;
            const float us = graph_us([&](cudaStream_t s) {
                launch_q8(sh.t, MatvecParams{(const uint8_t*) a + bytes * (i++ % copies), xq, xd, y, sh.rows, sh.cols, batch, 0}, s);
            });
            printf("matvec %-30s batch %d: %8.2f us  %6.0f GB/s\n", sh.name, batch, us, bytes / us / 1e3);
        }
    }
    {
        const size_t bytes = row_size(WT_Q4_K, 4096) * 12288;
        const int copies = (int) (n / bytes / 2);
        for (int batch : {1, 8}) {
            int i = 0;
            const float us = graph_us([&](cudaStream_t s) {
                const uint8_t* g = (const uint8_t*) a + 2 * bytes * (i++ % copies);
                launch_swiglu(WT_Q4_K, SwigluMatvecParams{g, g + bytes, xq, xd, nullptr, yq, yd, 12288, 4096, batch}, s);
            });
            printf("matvec_swiglu q4_k 2x 12288x4096 + 8-bit out batch %d: %8.2f us  %6.0f GB/s\n", batch, us, 2 * bytes / us / 1e3);
        }
        const size_t qb = row_size(WT_Q4_K, 4096) * 4096, kb = row_size(WT_Q4_K, 4096) * 1024, vb = row_size(WT_Q6_K, 4096) * 1024;
        const int c3 = (int) (n / (qb + kb + vb));
        for (int batch : {1, 8}) {
            int i = 0;
            const float us = graph_us([&](cudaStream_t s) {
                const uint8_t* base = (const uint8_t*) a + (qb + kb + vb) * (i++ % c3);
                MatvecMultiParams mp{};
                mp.w[0] = base; mp.w[1] = base + qb; mp.w[2] = base + qb + kb;
                mp.y[0] = y; mp.y[1] = y + 8 * 4096; mp.y[2] = y + 8 * 5120;
                mp.type[0] = WT_Q4_K; mp.type[1] = WT_Q4_K; mp.type[2] = WT_Q6_K;
                mp.rows[0] = 4096; mp.rows[1] = 1024; mp.rows[2] = 1024;
                mp.xq = xq; mp.xd = xd; mp.cols = 4096; mp.batch = batch;
                launch_multi(mp, s);
            });
            printf("matvec_multi q4_k 4096 + q4_k 1024 + q6_k 1024 rows x 4096 batch %d: %8.2f us  %6.0f GB/s\n", batch, us,
                   (qb + kb + vb) / us / 1e3);
        }
    }
    // the small kernels of a decode step at 8B shapes, batch 1
    {
        const int E = 4096, H = 32, KV = 8, D = 128, ctx = 4352, nsplit = 17;
        float *w1, *q, *k, *v, *part, *att;
        uint16_t *kc, *vc;
        int *seq, *pos, *tok, *am;
        CK(cudaMalloc(&w1, 4 * E)); CK(cudaMalloc(&q, 4 * H * D)); CK(cudaMalloc(&k, 4 * KV * D)); CK(cudaMalloc(&v, 4 * KV * D));
        CK(cudaMalloc(&part, 4 * H * nsplit * (D + 2))); CK(cudaMalloc(&att, 4 * H * D));
        CK(cudaMalloc(&kc, 2L * KV * ctx * D)); CK(cudaMalloc(&vc, 2L * KV * ctx * D));
        CK(cudaMalloc(&seq, 4)); CK(cudaMalloc(&pos, 4)); CK(cudaMalloc(&tok, 4)); CK(cudaMalloc(&am, 4));
        fill_random<<<256, 256>>>((uint32_t*) kc, (size_t) KV * ctx * D / 2, 3);
        fill_random<<<256, 256>>>((uint32_t*) vc, (size_t) KV * ctx * D / 2, 4);
        auto ones = random_floats(E, 0.5f, 1.5f);
        CK(cudaMemcpy(w1, ones.data(), 4 * E, cudaMemcpyHostToDevice));
        CK(cudaMemcpy(q, xs.data(), 4 * H * D, cudaMemcpyHostToDevice));
        CK(cudaMemcpy(k, xs.data(), 4 * KV * D, cudaMemcpyHostToDevice));
        CK(cudaMemcpy(v, xs.data(), 4 * KV * D, cudaMemcpyHostToDevice));
        const int zero = 0, tk = 1000;
        CK(cudaMemcpy(seq, &zero, 4, cudaMemcpyHostToDevice));
        CK(cudaMemcpy(tok, &tk, 4, cudaMemcpyHostToDevice));
        float us = graph_us([&](cudaStream_t s) {
            infer_rmsnorm_q8_f32<<<1, NORM_THREADS, 0, s>>>(NormParams{x, w1, nullptr, xq, xd, E, 1, 1e-6f});
        });
        printf("rmsnorm_q8 4096 batch 1: %.2f us\n", us);
        us = graph_us([&](cudaStream_t s) {
            infer_qk_norm_rope_kv_f32<<<dim3(H + KV, 1), 32, 0, s>>>(
                QkNormRopeKvParams{q, k, v, w1, w1, seq, pos, kc, vc, H, KV, D, ctx, 1e-6f, 19.93f});
        });
        printf("qk_norm_rope_kv 32+8 heads batch 1: %.2f us\n", us);
        for (int depth : {128, 4096}) {
            CK(cudaMemcpy(pos, &depth, 4, cudaMemcpyHostToDevice));
            us = graph_us([&](cudaStream_t s) {
                launch_attention(D, AttentionParams{q, kc, vc, seq, pos, part, 1, H, KV, ctx, nsplit, 0.0884f}, s);
            });
            const float us2 = graph_us([&](cudaStream_t s) {
                launch_combine(CombineParams{part, att, xq, xd, 1, H, D, nsplit}, s);
            });
            printf("attention depth %d nsplit %d: %.2f us + combine %.2f us\n", depth, nsplit, us, us2);
        }
        us = graph_us([&](cudaStream_t s) {
            infer_quantize_q8_1_f32<<<dim3(12288 / 256, 1), 256, 0, s>>>(QuantizeParams{x, xq, xd, 12288, 1});
        });
        printf("quantize 12288 batch 1: %.2f us\n", us);
        us = graph_us([&](cudaStream_t s) { infer_argmax_f32<<<1, 1024, 0, s>>>(ArgmaxParams{y, am, 151936, 1}); });
        printf("argmax 151936: %.2f us\n", us);
        {
            Dev<float> tl(random_floats(151936, -20, 20)), tv(64);
            Dev<int> ti(64);
            TopKScratch sc(1);
            const TopKParams tk = sc.params(tl.p, tv.p, ti.p, 151936, 1, 64);
            us = graph_us([&](cudaStream_t s) { launch_topk(tk, s); });
            const float us1 = graph_us([&](cudaStream_t s) {
                TopKParams q = tk;
                for (int level : {0, 1}) {
                    q.level = level;
                    infer_topk_hist_f32<<<dim3(TOPK_SLICES, 1), TOPK_THREADS, 0, s>>>(q);
                    infer_topk_pick_f32<<<1, TOPK_PICK_THREADS, 0, s>>>(q);
                }
            });
            const float us2 = us - us1;
            printf("topk 64 of 151936 random logits: %.2f us (histograms + picks %.2f, gather + final %.2f)\n", us, us1, us2);
        }
        us = graph_us([&](cudaStream_t s) { infer_embed_q4_k<<<1, 256, 0, s>>>(EmbedParams{(const uint8_t*) a, tok, x, E, 1}); });
        printf("embed q4_k 4096: %.2f us\n", us);
        us = graph_us([&](cudaStream_t s) { infer_add_f32<<<16, 256, 0, s>>>(BinaryParams{x, x, att, 4096}); });
        printf("add_f32 4096 (a minimal kernel): %.2f us\n", us);
        cudaFree(w1); cudaFree(q); cudaFree(k); cudaFree(v); cudaFree(part); cudaFree(att); cudaFree(kc); cudaFree(vc);
        cudaFree(seq); cudaFree(pos); cudaFree(tok); cudaFree(am);
    }
    cudaFree(a); cudaFree(y); cudaFree(x); cudaFree(xq); cudaFree(xd); cudaFree(yq); cudaFree(yd);
}

// One-column (decode) matrix-vector block shapes at the 8B's shapes, each against the shipped entries and against a
// kernel that only reads the same bytes (the ceiling at that size). Graphs of back-to-back launches rotating through
// 1 GiB of weights (L2 holds none).
template <int T, class S> __global__ void __launch_bounds__(32 * S::WARPS) cand_mv1(MatvecParams p) {
    matvec_q8<T, 1, S>(p.w, p.xq, p.xd, p.y, p.rows, p.cols, p.accumulate);
}
template <int T, class S> __global__ void __launch_bounds__(32 * S::WARPS) cand_sw1(SwigluMatvecParams p) {
    matvec_swiglu_q8<T, 1, S>(p.gate, p.up, p.xq, p.xd, p.y, p.yq, p.yd, p.rows, p.cols);
}
template <class S> __global__ void __launch_bounds__(32 * S::WARPS) cand_multi1(MatvecMultiParams p) { matvec_multi<1, S>(p); }
__global__ void __launch_bounds__(256) read_only(const uint4* p, size_t n, uint32_t* sink) {
    uint32_t x = 0;
    for (size_t i = blockIdx.x * (size_t) blockDim.x + threadIdx.x; i < n; i += (size_t) gridDim.x * blockDim.x) {
        const uint4 v = __ldcs(p + i);
        x ^= v.x ^ v.y ^ v.z ^ v.w;
    }
    if (x == 0x12345678u) *sink = x;  // keeps the loads
}

struct MvTimingCtx {
    uint8_t* a;
    size_t n;
    int8_t *xq, *yq;
    float2 *xd, *yd;
    float* y;
    uint32_t* sink;
};

template <int T, class S> static void time_mv1_shape(const MvTimingCtx& c, const char* name, int rows, int cols, const char* label) {
    const size_t bytes = row_size(T, cols) * rows;
    const int copies = (int) std::max<size_t>(1, c.n / bytes);
    int i = 0;
    const float us = graph_us([&](cudaStream_t s) {
        cand_mv1<T, S><<<(rows + S::ROWS - 1) / S::ROWS, 32 * S::WARPS, 0, s>>>(
            MatvecParams{c.a + bytes * (i++ % copies), c.xq, c.xd, c.y, rows, cols, 1, 0});
    });
    cudaFuncAttributes fa;
    CK(cudaFuncGetAttributes(&fa, cand_mv1<T, S>));
    printf("  %-28s %-22s %3d regs %8.2f us %6.0f GB/s\n", name, label, fa.numRegs, us, bytes / us / 1e3);
}

template <int T, class S> static void time_sw1_shape(const MvTimingCtx& c, const char* label) {
    const int rows = 12288, cols = 4096;
    const size_t bytes = row_size(T, cols) * rows;
    const int copies = (int) (c.n / bytes / 2);
    int i = 0;
    const float us = graph_us([&](cudaStream_t s) {
        const uint8_t* g = c.a + 2 * bytes * (i++ % copies);
        cand_sw1<T, S><<<rows / S::ROWS, 32 * S::WARPS, 0, s>>>(
            SwigluMatvecParams{g, g + bytes, c.xq, c.xd, nullptr, c.yq, c.yd, rows, cols, 1});
    });
    cudaFuncAttributes fa;
    CK(cudaFuncGetAttributes(&fa, cand_sw1<T, S>));
    printf("  %-28s %-22s %3d regs %8.2f us %6.0f GB/s\n", "swiglu 2x12288x4096", label, fa.numRegs, us, 2 * bytes / us / 1e3);
}

static MatvecMultiParams qkv_params(const MvTimingCtx& c, const uint8_t* base) {
    const size_t qb = row_size(WT_Q4_K, 4096) * 4096, kb = row_size(WT_Q4_K, 4096) * 1024;
    MatvecMultiParams mp{};
    mp.w[0] = base; mp.w[1] = base + qb; mp.w[2] = base + qb + kb;
    mp.y[0] = c.y; mp.y[1] = c.y + 8 * 4096; mp.y[2] = c.y + 8 * 5120;
    mp.type[0] = WT_Q4_K; mp.type[1] = WT_Q4_K; mp.type[2] = WT_Q6_K;
    mp.rows[0] = 4096; mp.rows[1] = 1024; mp.rows[2] = 1024;
    mp.xq = c.xq; mp.xd = c.xd; mp.cols = 4096; mp.batch = 1;
    return mp;
}

template <class S> static void time_multi1_shape(const MvTimingCtx& c, const char* label) {
    const size_t total = row_size(WT_Q4_K, 4096) * 5120 + row_size(WT_Q6_K, 4096) * 1024;
    const int copies = (int) (c.n / total);
    const int blocks = 4096 / S::ROWS + 2 * (1024 / S::ROWS);
    int i = 0;
    const float us = graph_us([&](cudaStream_t s) {
        cand_multi1<S><<<blocks, 32 * S::WARPS, 0, s>>>(qkv_params(c, c.a + total * (i++ % copies)));
    });
    cudaFuncAttributes fa;
    CK(cudaFuncGetAttributes(&fa, cand_multi1<S>));
    printf("  %-28s %-22s %3d regs %8.2f us %6.0f GB/s\n", "qkv q4_k 5120 + q6_k 1024", label, fa.numRegs, us, total / us / 1e3);
}

static void time_matvec1() {
    MvTimingCtx c{};
    c.n = (size_t) 1 << 30;
    CK(cudaMalloc(&c.a, c.n));
    fill_random<<<1024, 256>>>((uint32_t*) c.a, c.n / 4, 1);
    CK(cudaMalloc(&c.y, 4 * 151936));
    CK(cudaMalloc(&c.xq, 12288)); CK(cudaMalloc(&c.xd, 8 * 12288 / 32));
    CK(cudaMalloc(&c.yq, 12288)); CK(cudaMalloc(&c.yd, 8 * 12288 / 32));
    CK(cudaMalloc(&c.sink, 4));
    auto xs = random_floats(12288);
    float* x;
    CK(cudaMalloc(&x, 4 * 12288));
    CK(cudaMemcpy(x, xs.data(), 4 * xs.size(), cudaMemcpyHostToDevice));
    infer_quantize_q8_1_f32<<<dim3(12288 / 256, 1), 256>>>(QuantizeParams{x, c.xq, c.xd, 12288, 1});
    struct Sz { const char* name; size_t bytes; } sizes[] = {{"3.4 MB (attn_v Q6_K)", row_size(WT_Q6_K, 4096) * 1024},
        {"9.4 MB (attn_q Q4_K)", row_size(WT_Q4_K, 4096) * 4096}, {"15.2 MB (qkv)", row_size(WT_Q4_K, 4096) * 5120 + row_size(WT_Q6_K, 4096) * 1024},
        {"28.3 MB (down Q4_K)", row_size(WT_Q4_K, 12288) * 4096}, {"41.3 MB (down Q6_K)", row_size(WT_Q6_K, 12288) * 4096},
        {"56.6 MB (gate+up)", row_size(WT_Q4_K, 4096) * 24576}, {"510 MB (output Q6_K)", row_size(WT_Q6_K, 4096) * 151936}};
    printf("read-only ceiling (132 x 8 blocks of 256 threads, 16-byte streaming loads):\n");
    for (auto& sz : sizes) {
        const int copies = (int) std::max<size_t>(1, c.n / sz.bytes);
        for (int blocksPerSm : {4, 8, 16}) {
            int i = 0;
            const float us = graph_us([&](cudaStream_t s) {
                read_only<<<132 * blocksPerSm, 256, 0, s>>>((const uint4*) (c.a + sz.bytes * (i++ % copies)), sz.bytes / 16, c.sink);
            });
            printf("  %-24s %2d blocks/SM %8.2f us %6.0f GB/s\n", sz.name, blocksPerSm, us, sz.bytes / us / 1e3);
        }
    }
    struct Named { const char* name; int t, rows, cols; };
    const Named plain[] = {{"attn_q Q4_K 4096x4096", WT_Q4_K, 4096, 4096}, {"down Q4_K 4096x12288", WT_Q4_K, 4096, 12288},
                           {"down Q6_K 4096x12288", WT_Q6_K, 4096, 12288}, {"attn_v Q6_K 1024x4096", WT_Q6_K, 1024, 4096},
                           {"output Q6_K 151936x4096", WT_Q6_K, 151936, 4096}};
    for (auto& m : plain) {
        const size_t bytes = row_size(m.t, m.cols) * m.rows;
        const int copies = (int) std::max<size_t>(1, c.n / bytes);
        for (bool old : {true, false}) {
            g_batched_for_one = old;
            int i = 0;
            const float us = graph_us([&](cudaStream_t s) {
                launch_q8(m.t, MatvecParams{c.a + bytes * (i++ % copies), c.xq, c.xd, c.y, m.rows, m.cols, 1, 0}, s);
            });
            printf("%-28s %-22s          %8.2f us %6.0f GB/s\n", m.name, old ? "batched entry (before)" : "matvec1 entry", us, bytes / us / 1e3);
        }
        g_batched_for_one = false;
        // MvShape<warps, rows per warp, rows at once, load depth>
        auto run = [&](auto tag) {
            constexpr int T = decltype(tag)::value;
            auto f = [&](auto shape, const char* label) { time_mv1_shape<T, decltype(shape)>(c, m.name, m.rows, m.cols, label); };
            f(MvShape<4, 2, 2, 1>{}, "w4 rpw2 r2 u1"); f(MvShape<4, 2, 2, 2>{}, "w4 rpw2 r2 u2");
            f(MvShape<4, 2, 2, 4>{}, "w4 rpw2 r2 u4"); f(MvShape<4, 1, 1, 4>{}, "w4 rpw1 r1 u4");
            f(MvShape<8, 1, 1, 4>{}, "w8 rpw1 r1 u4"); f(MvShape<4, 2, 1, 4>{}, "w4 rpw2 r1 u4");
            f(MvShape<2, 2, 2, 4>{}, "w2 rpw2 r2 u4"); f(MvShape<4, 4, 4, 2>{}, "w4 rpw4 r4 u2");
            f(MvShape<4, 1, 1, 2>{}, "w4 rpw1 r1 u2"); f(MvShape<8, 2, 2, 2>{}, "w8 rpw2 r2 u2");
            f(MvShape<4, 4, 2, 2>{}, "w4 rpw4 r2 u2"); f(MvShape<4, 1, 1, 8>{}, "w4 rpw1 r1 u8");
            f(MvShape<8, 1, 1, 2>{}, "w8 rpw1 r1 u2"); f(MvShape<4, 1, 1, 1>{}, "w4 rpw1 r1 u1");
            f(MvShape<2, 1, 1, 2>{}, "w2 rpw1 r1 u2"); f(MvShape<4, 2, 2, 3>{}, "w4 rpw2 r2 u3");
        };
        if (m.t == WT_Q4_K) run(std::integral_constant<int, WT_Q4_K>{});
        else run(std::integral_constant<int, WT_Q6_K>{});
    }
    {
        const size_t bytes = row_size(WT_Q4_K, 4096) * 12288;
        const int copies = (int) (c.n / bytes / 2);
        for (bool old : {true, false}) {
            g_batched_for_one = old;
            int i = 0;
            const float us = graph_us([&](cudaStream_t s) {
                const uint8_t* g = c.a + 2 * bytes * (i++ % copies);
                launch_swiglu(WT_Q4_K, SwigluMatvecParams{g, g + bytes, c.xq, c.xd, nullptr, c.yq, c.yd, 12288, 4096, 1}, s);
            });
            printf("%-28s %-22s          %8.2f us %6.0f GB/s\n", "swiglu 2x12288x4096", old ? "batched entry (before)" : "matvec1 entry", us, 2 * bytes / us / 1e3);
        }
        g_batched_for_one = false;
        time_sw1_shape<WT_Q4_K, MvShape<8, 4, 4, 1, false>>(c, "w8 rpw4 r4 u1");
        time_sw1_shape<WT_Q4_K, MvShape<8, 4, 2, 1, false>>(c, "w8 rpw4 r2 u1");
        time_sw1_shape<WT_Q4_K, MvShape<8, 4, 1, 2, false>>(c, "w8 rpw4 r1 u2");
        time_sw1_shape<WT_Q4_K, MvShape<8, 4, 2, 2, false>>(c, "w8 rpw4 r2 u2");
        time_sw1_shape<WT_Q4_K, MvShape<8, 4, 4, 2, false>>(c, "w8 rpw4 r4 u2");
        time_sw1_shape<WT_Q4_K, MvShape<16, 2, 2, 1, false>>(c, "w16 rpw2 r2 u1");
        time_sw1_shape<WT_Q4_K, MvShape<16, 2, 1, 2, false>>(c, "w16 rpw2 r1 u2");
        time_sw1_shape<WT_Q4_K, MvShape<4, 8, 4, 1, false>>(c, "w4 rpw8 r4 u1");
        time_sw1_shape<WT_Q4_K, MvShape<4, 8, 2, 1, false>>(c, "w4 rpw8 r2 u1");
        time_sw1_shape<WT_Q4_K, MvShape<8, 4, 1, 1, true>>(c, "w8 rpw4 r1 u1 paired");
        time_sw1_shape<WT_Q4_K, MvShape<16, 2, 1, 1, true>>(c, "w16 rpw2 r1 u1 paired");
        time_sw1_shape<WT_Q4_K, MvShape<8, 4, 2, 1, true>>(c, "w8 rpw4 r2 u1 paired");
    }
    {
        const size_t total = row_size(WT_Q4_K, 4096) * 5120 + row_size(WT_Q6_K, 4096) * 1024;
        const int copies = (int) (c.n / total);
        for (bool old : {true, false}) {
            g_batched_for_one = old;
            int i = 0;
            const float us = graph_us([&](cudaStream_t s) { launch_multi(qkv_params(c, c.a + total * (i++ % copies)), s); });
            printf("%-28s %-22s          %8.2f us %6.0f GB/s\n", "qkv q4_k 5120 + q6_k 1024", old ? "batched entry (before)" : "matvec1 entry", us, total / us / 1e3);
        }
        g_batched_for_one = false;
        time_multi1_shape<MvShape<4, 2, 2, 1>>(c, "w4 rpw2 r2 u1");
        time_multi1_shape<MvShape<4, 2, 2, 2>>(c, "w4 rpw2 r2 u2");
        time_multi1_shape<MvShape<4, 2, 2, 4>>(c, "w4 rpw2 r2 u4");
        time_multi1_shape<MvShape<4, 1, 1, 4>>(c, "w4 rpw1 r1 u4");
        time_multi1_shape<MvShape<8, 1, 1, 4>>(c, "w8 rpw1 r1 u4");
        time_multi1_shape<MvShape<2, 2, 2, 4>>(c, "w2 rpw2 r2 u4");
        time_multi1_shape<MvShape<4, 1, 1, 2>>(c, "w4 rpw1 r1 u2");
        time_multi1_shape<MvShape<4, 4, 2, 2>>(c, "w4 rpw4 r2 u2");
    }
    cudaFree(c.a); cudaFree(c.y); cudaFree(c.xq); cudaFree(c.xd); cudaFree(c.yq); cudaFree(c.yd); cudaFree(c.sink); cudaFree(x);
    const char* modes[] = {"batched entries for one column, unfused (before)", "matvec1 entries, norm kernels, unfused attention",
                           "matvec1 entries, fused norms, unfused attention",
                           "matvec1 entries, fused norms, attention with q/k norm + rope + kv write"};
    for (int mode = 0; mode < 4; mode++) {
        g_batched_for_one = mode == 0;
        g_fuse_norms = mode >= 2;
        g_fuse_attention = mode == 3;
        printf("decode step, %s:\n", modes[mode]);
        time_decode_8b(1, 128);
        time_decode_8b(1, 4096);
    }
    g_fuse_attention = false;
    time_decode_8b(8, 128);
    g_fuse_attention = true;
    time_decode_8b(8, 128);
    g_batched_for_one = false;
    g_fuse_norms = true;
}

int main(int argc, char** argv) {
    cudaDeviceProp prop;
    CK(cudaGetDeviceProperties(&prop, 0));
    int driver = 0;
    cudaDriverGetVersion(&driver);
    printf("device: %s (sm_%d%d, %d SMs), driver API %d\n", prop.name, prop.major, prop.minor, prop.multiProcessorCount, driver);
    const bool timings = argc < 2 || strcmp(argv[1], "--no-timing") != 0;
    if (argc >= 2 && strcmp(argv[1], "--attention-timing") == 0) {
        time_prompt_attention();
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--splits") == 0) {
        for (int groups : {1, 2, 4}) {
            g_groups = groups;
            printf("combine groups %d\n", groups);
            time_attention_decode();
        }
        for (int rep = 0; rep < 2; rep++) {
            for (int groups : {1, 4}) {
                g_groups = groups;
                for (int depth : {128, 1024, 4096}) {
                    for (int ns : {17, 32, 48, 64}) {
                        g_nsplit = ns;
                        printf("groups %d nsplit %2d: ", groups, ns);
                        time_decode_8b(1, depth);
                    }
                }
            }
        }
        g_nsplit = 0;
        g_groups = 0;
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--nsplit-sweep") == 0) {
        for (int depth : {128, 1024, 4096}) {
            for (int ns : {16, 17, 24, 31, 32, 33, 34, 40, 48, 49, 64}) {
                g_nsplit = ns;
                printf("nsplit %2d: ", ns);
                time_decode_8b(1, depth);
            }
        }
        g_nsplit = 0;
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--decode-depths") == 0) {
        for (int rep = 0; rep < 2; rep++) {
            for (int depth : {128, 1024, 4096}) time_decode_8b(1, depth);
            for (int depth : {128, 4096}) time_decode_8b(8, depth);
        }
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--matvec-timing") == 0) {
        time_matvec1();
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--decode-timing") == 0) {
        time_attention_decode();
        time_decode_8b(1, 128);
        time_decode_8b(1, 4096);
        for (int skip : {1, 2, 4, 6, 8, 16, 32, 63}) {
            g_skip = skip;
            time_decode_8b(1, 128);
        }
        g_skip = 0;
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--pdl") == 0) {
        for (int rep = 0; rep < 3; rep++) {
            for (bool pdl : {false, true}) {
                g_pdl = pdl;
                printf("pdl %d: ", pdl);
                time_decode_8b(1, 128);
                printf("pdl %d: ", pdl);
                time_decode_8b(1, 4096);
            }
        }
        g_pdl = true;
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--kernel-timing") == 0) {
        time_kernels();
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--gemm-timing") == 0) {
        time_gemm_candidates<WT_Q4_K>("q Q4_K 4096x4096", 4096, 4096);
        time_gemm_candidates<WT_Q4_K>("gate Q4_K 12288x4096", 12288, 4096);
        time_gemm_candidates<WT_Q6_K>("down Q6_K 4096x12288", 4096, 12288);
        time_gemm_candidates<WT_Q4_K>("down Q4_K 4096x12288", 4096, 12288);
        time_gemm_candidates<WT_Q6_K>("output Q6_K 151936x4096", 151936, 4096);
        time_gemm();
        return 0;
    }

    for (int t : {WT_Q4_K, WT_Q6_K, WT_Q8_0}) {
        check_matvec(t, 515, 4096, 1);
        check_matvec(t, 130, 768, 3);
        check_matvec(t, 67, 256, 8);
        check_matvec(t, 96, 512, 1);
        check_matvec(t, 64, 256, 2);
        check_matvec(t, 160, 512, 5);
        check_matvec(t, 64, 12288, 1);  // one column, several steps of the deepest loads
        check_matvec(t, 37, 768, 1);    // fewer blocks per row than lanes take at once
    }
    for (int t : {WT_Q4_K, WT_Q6_K, WT_Q8_0}) {
        check_gemm(t, 200, 512, 70);
        check_gemm(t, 64, 256, 1);
        check_gemm(t, 131, 1024, 33);
        check_gemm(t, 64, 4096, 40);  // few tiles, 32 steps: split along k
    }
    for (int t : {WT_Q4_K, WT_Q6_K, WT_Q8_0}) check_fused_norm(t, 512, 768);
    check_fused_norm(WT_Q4_K, 4096, 4096);
    check_multi(1024, 1);
    check_multi(512, 2);
    check_multi(256, 7);
    for (int t : {WT_F32, WT_F16, WT_BF16, WT_Q4_0}) {
        check_matvec(t, 131, 1024, 1);
        check_matvec(t, 33, 64, 5);
    }
    for (int t : {WT_F32, WT_F16, WT_BF16, WT_Q8_0, WT_Q4_0, WT_Q4_K, WT_Q6_K}) check_embed(t);
    check_norms();
    check_elementwise_argmax();
    check_topk();
    check_attention(128, 32, 8);
    check_attention(64, 4, 2);
    check_attention(32, 4, 2);
    check_attention(256, 8, 2);
    check_attention(128, 8, 8);
    check_attention(64, 16, 2);
    check_prompt_attention_long(128, 32, 8, 0, 200);
    check_prompt_attention_long(128, 32, 8, 77, 150);
    check_prompt_attention_long(64, 16, 2, 130, 70);
    check_prompt_attention_long(32, 4, 4, 5, 131);
    CK(cudaDeviceSynchronize());
    printf("\n%s: %d failure(s)\n\n", failures ? "FAILED" : "all checks passed", failures);

    if (timings) {
        time_gemm();
        time_kernels();
        time_decode_8b(1, 128);
        time_decode_8b(1, 4096);
        time_decode_8b(8, 128);
    }
    return failures ? 1 : 0;
}
