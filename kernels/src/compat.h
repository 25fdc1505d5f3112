// compat.h — the only file that knows which vendor's compiler builds the kernels.
//
// The kernels are written once against the small vocabulary below: thread/block indices, barriers, warp shuffles
// and reductions, the 8-bit dot product, half conversions, wide loads and a few fast math functions.
//   NVIDIA: nvcc -x cu (CUDA spellings, cuda_fp16.h).
//   AMD:    clang-19 -x hip -nogpulib -nogpuinc (no ROCm headers): clang attributes and amdgcn builtins.
// Both targets run 32-wide warps (RDNA gfx11/gfx12 in wave32 mode, clang's default there); the kernels assume
// INFER_WARP_SIZE and never the vendor.
#pragma once

#define INFER_WARP_SIZE 32

#if defined(__CUDACC__) && !defined(__HIP__)
// ------------------------------------------------------------------------------------------------ NVIDIA
#define INFER_VENDOR_CUDA 1
#include <cuda_fp16.h>
#include <stdint.h>

#define INFER_KERNEL extern "C" __global__
#define INFER_LAUNCH_BOUNDS(threads) __launch_bounds__(threads)
// ... and at least `blocks` blocks of them resident per multiprocessor (caps the registers per thread)
#define INFER_LAUNCH_BOUNDS_MIN(threads, blocks) __launch_bounds__(threads, blocks)
#define INFER_DEVICE __device__ __forceinline__

typedef uint4 u32x4;
typedef uint2 u32x2;

INFER_DEVICE int thread_x() { return (int) threadIdx.x; }
INFER_DEVICE int block_threads() { return (int) blockDim.x; }
INFER_DEVICE int block_x() { return (int) blockIdx.x; }
INFER_DEVICE int block_y() { return (int) blockIdx.y; }
INFER_DEVICE int block_z() { return (int) blockIdx.z; }
INFER_DEVICE int lane_id() { return (int) threadIdx.x & (INFER_WARP_SIZE - 1); }
INFER_DEVICE void sync_block() { __syncthreads(); }
// Programmatic dependent launch (Hopper on): a kernel launched with it may start while the one before it in the
// stream still runs; it must call grid_dependency_wait() before it reads what that one wrote (or writes what it
// reads). grid_dependents_launch() lets the next kernel start early. Without the launch attribute both do nothing.
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
INFER_DEVICE void grid_dependency_wait() { asm volatile("griddepcontrol.wait;" ::: "memory"); }
INFER_DEVICE void grid_dependents_launch() { asm volatile("griddepcontrol.launch_dependents;" :::); }
#else
INFER_DEVICE void grid_dependency_wait() {}
INFER_DEVICE void grid_dependents_launch() {}
#endif

INFER_DEVICE float shfl_xor(float v, int mask) { return __shfl_xor_sync(0xffffffffu, v, mask, INFER_WARP_SIZE); }
INFER_DEVICE int shfl_xor(int v, int mask) { return __shfl_xor_sync(0xffffffffu, v, mask, INFER_WARP_SIZE); }
INFER_DEVICE float shfl(float v, int src) { return __shfl_sync(0xffffffffu, v, src, INFER_WARP_SIZE); }
INFER_DEVICE int shfl(int v, int src) { return __shfl_sync(0xffffffffu, v, src, INFER_WARP_SIZE); }

// Signed 8-bit dot product of four lanes, accumulated: c + sum(a[i] * b[i]).
INFER_DEVICE int dp4a(int a, int b, int c) { return __dp4a(a, b, c); }

// The block's dynamic shared memory (sized at launch; above 48 KiB after the kernel's opt-in).
#define INFER_DYNAMIC_SHARED(name) extern __shared__ __align__(16) unsigned char name[]
INFER_DEVICE void atomic_add(float* p, float v) { atomicAdd(p, v); }
// Device-scope counter increment; returns the previous value.
INFER_DEVICE unsigned atomic_add(unsigned* p, unsigned v) { return atomicAdd(p, v); }
// *p = max(*p, v) on a word of the block's shared memory.
INFER_DEVICE void atomic_max_shared(unsigned* p, unsigned v) { atomicMax(p, v); }
// *p += v on a word of the block's shared memory; returns the previous value.
INFER_DEVICE unsigned atomic_add_shared(unsigned* p, unsigned v) { return atomicAdd(p, v); }
// The warp's lanes whose p is true, as bits; the lowest set lane of a mask; set bits of a mask.
INFER_DEVICE unsigned warp_ballot(bool p) { return __ballot_sync(0xffffffffu, p); }
INFER_DEVICE int lowest_lane(unsigned mask) { return __ffs(mask) - 1; }
INFER_DEVICE int popcount(unsigned mask) { return __popc(mask); }
// A load that skips the (incoherent) L1: for data another block of the same grid wrote.
INFER_DEVICE float load_coherent(const float* p) { return __ldcg(p); }
// Device-scope counter increment that releases this thread's earlier writes (and, after a block barrier, the
// block's) and acquires what earlier incrementers released; returns the previous value.
INFER_DEVICE unsigned atomic_add_acq_rel(unsigned* p, unsigned v) {
    unsigned old;
    asm volatile("atom.acq_rel.gpu.global.add.u32 %0, [%1], %2;" : "=r"(old) : "l"(p), "r"(v) : "memory");
    return old;
}

INFER_DEVICE float f16_to_f32(uint16_t h) { return __half2float(__ushort_as_half(h)); }
INFER_DEVICE uint16_t f32_to_f16(float f) { return __half_as_ushort(__float2half_rn(f)); }
// Two halves packed in one 32-bit word (low half first) to two floats.
INFER_DEVICE float2 f16x2_to_f32x2(uint32_t u) {
    __half2 h = *reinterpret_cast<__half2*>(&u);
    return __half22float2(h);
}

// Loops that are worth unrolling for latency but whose full unroll can exhaust a vendor's registers.
#define INFER_UNROLL_HEAVY _Pragma("unroll")
#define INFER_HEAVY_UNROLLED 1

INFER_DEVICE float fast_exp2(float x) { return exp2f(x); }
INFER_DEVICE float fma_f32(float a, float b, float c) { return __fmaf_rn(a, b, c); }
INFER_DEVICE float fast_rsqrt(float x) { return rsqrtf(x); }
// sin and cos of an angle given in turns (1 turn = 2*pi radians), t already reduced to [0, 1).
INFER_DEVICE void sincos_turns(float t, float* s, float* c) { sincospif(2.0f * t, s, c); }

// Weights are read once per token: stream them past L1 so activations keep the cache.
INFER_DEVICE u32x4 load_stream_u32x4(const void* p) { return __ldcs(reinterpret_cast<const uint4*>(p)); }
INFER_DEVICE u32x2 load_stream_u32x2(const void* p) { return __ldcs(reinterpret_cast<const uint2*>(p)); }

#elif defined(__HIP__) && defined(__AMDGCN__)
// ------------------------------------------------------------------------------------------------ AMD (device pass)
#define INFER_VENDOR_AMD 1
#if !defined(__AMDGCN_WAVEFRONT_SIZE) || __AMDGCN_WAVEFRONT_SIZE != 32
#error "infer kernels need wave32 (RDNA); build with clang's default wavefront size for gfx11/gfx12"
#endif

typedef __INT8_TYPE__ int8_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __INT16_TYPE__ int16_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __INT32_TYPE__ int32_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __UINTPTR_TYPE__ uintptr_t;

#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define __forceinline__ inline __attribute__((always_inline))

#define INFER_KERNEL extern "C" __global__
#define INFER_LAUNCH_BOUNDS(threads) __attribute__((amdgpu_flat_work_group_size(1, threads)))
#define INFER_LAUNCH_BOUNDS_MIN(threads, blocks) \
    __attribute__((amdgpu_flat_work_group_size(1, threads), amdgpu_waves_per_eu(blocks * threads / 64 > 0 ? blocks * threads / 64 : 1)))
#define INFER_DEVICE __device__ __forceinline__

typedef float float2 __attribute__((ext_vector_type(2)));
typedef float float4 __attribute__((ext_vector_type(4)));
typedef uint32_t u32x4 __attribute__((ext_vector_type(4)));
typedef uint32_t u32x2 __attribute__((ext_vector_type(2)));

INFER_DEVICE int thread_x() { return (int) __builtin_amdgcn_workitem_id_x(); }
INFER_DEVICE int block_threads() { return (int) __builtin_amdgcn_workgroup_size_x(); }
INFER_DEVICE int block_x() { return (int) __builtin_amdgcn_workgroup_id_x(); }
INFER_DEVICE int block_y() { return (int) __builtin_amdgcn_workgroup_id_y(); }
INFER_DEVICE int block_z() { return (int) __builtin_amdgcn_workgroup_id_z(); }
INFER_DEVICE int lane_id() { return (int) __builtin_amdgcn_mbcnt_lo(~0u, 0u); }
// No programmatic dependent launch on AMD: kernels in a stream run one after another.
INFER_DEVICE void grid_dependency_wait() {}
INFER_DEVICE void grid_dependents_launch() {}
INFER_DEVICE void sync_block() {
    __builtin_amdgcn_fence(__ATOMIC_RELEASE, "workgroup");
    __builtin_amdgcn_s_barrier();
    __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "workgroup");
}

// ds_bpermute reads the value of the lane whose byte address (lane * 4) is given.
INFER_DEVICE int shfl_xor(int v, int mask) { return __builtin_amdgcn_ds_bpermute((lane_id() ^ mask) << 2, v); }
INFER_DEVICE float shfl_xor(float v, int mask) {
    return __builtin_bit_cast(float, __builtin_amdgcn_ds_bpermute((lane_id() ^ mask) << 2, __builtin_bit_cast(int, v)));
}
INFER_DEVICE float shfl(float v, int src) {
    return __builtin_bit_cast(float, __builtin_amdgcn_ds_bpermute(src << 2, __builtin_bit_cast(int, v)));
}
INFER_DEVICE int shfl(int v, int src) { return __builtin_amdgcn_ds_bpermute(src << 2, v); }

// v_dot4_i32_iu8 with both operands signed (gfx11, gfx12).
INFER_DEVICE int dp4a(int a, int b, int c) { return __builtin_amdgcn_sudot4(true, a, true, b, c, false); }

#define INFER_DYNAMIC_SHARED(name) extern __shared__ __attribute__((aligned(16))) unsigned char name[]
INFER_DEVICE void atomic_add(float* p, float v) {
    __hip_atomic_fetch_add(p, v, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_AGENT);
}
INFER_DEVICE unsigned atomic_add(unsigned* p, unsigned v) {
    return __hip_atomic_fetch_add(p, v, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_AGENT);
}
INFER_DEVICE void atomic_max_shared(unsigned* p, unsigned v) {
    __hip_atomic_fetch_max(p, v, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_WORKGROUP);
}
INFER_DEVICE unsigned atomic_add_shared(unsigned* p, unsigned v) {
    return __hip_atomic_fetch_add(p, v, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_WORKGROUP);
}
INFER_DEVICE unsigned warp_ballot(bool p) { return __builtin_amdgcn_ballot_w32(p); }
INFER_DEVICE int lowest_lane(unsigned mask) { return __builtin_ctz(mask); }
INFER_DEVICE int popcount(unsigned mask) { return __builtin_popcount(mask); }
INFER_DEVICE float load_coherent(const float* p) { return __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_AGENT); }
INFER_DEVICE unsigned atomic_add_acq_rel(unsigned* p, unsigned v) {
    return __hip_atomic_fetch_add(p, v, __ATOMIC_ACQ_REL, __HIP_MEMORY_SCOPE_AGENT);
}

INFER_DEVICE float f16_to_f32(uint16_t h) { return (float) __builtin_bit_cast(_Float16, h); }
INFER_DEVICE uint16_t f32_to_f16(float f) { return __builtin_bit_cast(uint16_t, (_Float16) f); }
INFER_DEVICE float2 f16x2_to_f32x2(uint32_t u) {
    float2 r;
    r.x = f16_to_f32((uint16_t) (u & 0xffffu));
    r.y = f16_to_f32((uint16_t) (u >> 16));
    return r;
}

// clang hoists every load of a fully unrolled loop nest ahead of its use and spills the rest: keep heavy loops rolled.
#define INFER_UNROLL_HEAVY _Pragma("unroll 1")
// Whether INFER_UNROLL_HEAVY unrolls fully, so that a kernel may keep a whole tile's loads in a register array.
#define INFER_HEAVY_UNROLLED 0

INFER_DEVICE float fast_exp2(float x) { return __builtin_amdgcn_exp2f(x); }
INFER_DEVICE float fma_f32(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
INFER_DEVICE float fast_rsqrt(float x) { return __builtin_amdgcn_rsqf(x); }
// v_sin_f32 / v_cos_f32 take their argument in turns.
INFER_DEVICE void sincos_turns(float t, float* s, float* c) {
    *s = __builtin_amdgcn_sinf(t);
    *c = __builtin_amdgcn_cosf(t);
}

INFER_DEVICE u32x4 load_stream_u32x4(const void* p) {
    return __builtin_nontemporal_load(reinterpret_cast<const u32x4*>(p));
}
INFER_DEVICE u32x2 load_stream_u32x2(const void* p) {
    return __builtin_nontemporal_load(reinterpret_cast<const u32x2*>(p));
}

#else
#error "compat.h: build with nvcc -x cu (NVIDIA) or clang -x hip for an amdgcn target (AMD)"
#endif

// ------------------------------------------------------------------------------------------------ both vendors
// Warp reductions: every lane ends with the result.
INFER_DEVICE float warp_sum(float v) {
#pragma unroll
    for (int m = INFER_WARP_SIZE / 2; m > 0; m >>= 1) v += shfl_xor(v, m);
    return v;
}
INFER_DEVICE int warp_sum(int v) {
#pragma unroll
    for (int m = INFER_WARP_SIZE / 2; m > 0; m >>= 1) v += shfl_xor(v, m);
    return v;
}
INFER_DEVICE float warp_max(float v) {
#pragma unroll
    for (int m = INFER_WARP_SIZE / 2; m > 0; m >>= 1) v = __builtin_fmaxf(v, shfl_xor(v, m));
    return v;
}

INFER_DEVICE u32x4 load_u32x4(const void* p) { return *reinterpret_cast<const u32x4*>(p); }
INFER_DEVICE u32x2 load_u32x2(const void* p) { return *reinterpret_cast<const u32x2*>(p); }
INFER_DEVICE float4 load_f32x4(const float* p) { return *reinterpret_cast<const float4*>(p); }
// Blocks of Q8_0 (34 B) are only 2-byte aligned: build 32-bit words from two 16-bit loads.
INFER_DEVICE uint32_t load_u32_a2(const uint8_t* p) {
    const uint16_t* h = reinterpret_cast<const uint16_t*>(p);
    return (uint32_t) h[0] | ((uint32_t) h[1] << 16);
}

// ------------------------------------------------------------------------------------------------ 8-bit matrix tiles
// Warp-wide products of 8-bit tiles with 32-bit accumulators, C += A B, in the fragment layout of NVIDIA's mma.sync
// (PTX ISA, "m16n8k32" / "m16n8k16" with .s8 operands). Lane = 4 g + t (g 0..7, t 0..3); each register holds four
// consecutive k of one row (A) or one column (B), lowest k in the lowest byte:
//   A, 16 x 32:  a[0] = A[g][4t..4t+3]  a[1] = A[g+8][4t..]  a[2] = A[g][16+4t..]  a[3] = A[g+8][16+4t..]
//   A, 16 x 16:  a[0] = A[g][4t..]      a[1] = A[g+8][4t..]
//   B, 32 x 8:   b[0] = B[4t..4t+3][g]  b[1] = B[16+4t..][g]          B, 16 x 8: b = B[4t..][g]
//   C, 16 x 8:   c[0] = C[g][2t]  c[1] = C[g][2t+1]  c[2] = C[g+8][2t]  c[3] = C[g+8][2t+1]
// NVIDIA sm_80 and newer run them on the tensor cores. Elsewhere (AMD for now, or INFER_MMA_EMULATE to test this
// path on NVIDIA) the same layout is computed with shuffles and dp4a: exact, but several times slower than the
// tensor cores; RDNA3/4 WMMA has its own fragment layout and is not used yet.
#if defined(INFER_VENDOR_CUDA) && !defined(INFER_MMA_EMULATE) && (!defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 800)
#define INFER_MMA_TENSOR_CORES 1
INFER_DEVICE void mma_s8_16x8x32(int (&c)[4], const int (&a)[4], const int (&b)[2]) {
    asm volatile("mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
INFER_DEVICE void mma_s8_16x8x16(int (&c)[4], const int (&a)[2], int b) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, {%4,%5}, {%6}, {%0,%1,%2,%3};"
                 : "+r"(c[0]), "+r"(c[1]), "+r"(c[2]), "+r"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(b));
}
#else
INFER_DEVICE void mma_s8_16x8x32(int (&c)[4], const int (&a)[4], const int (&b)[2]) {
    const int g = lane_id() >> 2, t = lane_id() & 3;
#pragma unroll
    for (int u = 0; u < 4; u++) {
        // row g's k-slices live in lanes 4g + u, column n's in lanes 4n + u
        const int a0 = shfl(a[0], 4 * g + u), a1 = shfl(a[1], 4 * g + u);
        const int a2 = shfl(a[2], 4 * g + u), a3 = shfl(a[3], 4 * g + u);
        const int b00 = shfl(b[0], 8 * t + u), b01 = shfl(b[1], 8 * t + u);
        const int b10 = shfl(b[0], 8 * t + 4 + u), b11 = shfl(b[1], 8 * t + 4 + u);
        c[0] = dp4a(a2, b01, dp4a(a0, b00, c[0]));
        c[1] = dp4a(a2, b11, dp4a(a0, b10, c[1]));
        c[2] = dp4a(a3, b01, dp4a(a1, b00, c[2]));
        c[3] = dp4a(a3, b11, dp4a(a1, b10, c[3]));
    }
}
INFER_DEVICE void mma_s8_16x8x16(int (&c)[4], const int (&a)[2], int b) {
    const int g = lane_id() >> 2, t = lane_id() & 3;
#pragma unroll
    for (int u = 0; u < 4; u++) {
        const int a0 = shfl(a[0], 4 * g + u), a1 = shfl(a[1], 4 * g + u);
        const int b0 = shfl(b, 8 * t + u), b1 = shfl(b, 8 * t + 4 + u);
        c[0] = dp4a(a0, b0, c[0]);
        c[1] = dp4a(a0, b1, c[1]);
        c[2] = dp4a(a1, b0, c[2]);
        c[3] = dp4a(a1, b1, c[3]);
    }
}
#endif

// ------------------------------------------------------------------------------------------ 16-bit float tiles
// C (f32) += A B with f16 A (16 x 16) and B (16 x 8), in the fragment layout of NVIDIA's mma.sync m16n8k16 .f16
// (PTX ISA): lane = 4 g + t as above, each register two halves of consecutive k, the lower k in the low half:
//   A: a[0] = A[g][2t..2t+1]  a[1] = A[g+8][2t..]  a[2] = A[g][8+2t..]  a[3] = A[g+8][8+2t..]
//   B: b[0] = B[2t..2t+1][g]  b[1] = B[8+2t..][g]          C: as for the 8-bit tiles (f32)
// load_f16_b_trans: the B fragments of the 16 x 16 block at `tile` of a row-major [k][n] matrix of halves in shared
//   memory (row stride `stride` halves, rows 16-byte aligned): b[0], b[1] for n 0..7 and b[2], b[3] for n 8..15.
// Tensor cores and ldmatrix on NVIDIA sm_80+; elsewhere shuffles and float products of the same layout (exact
// to f32 rounding, slow).
INFER_DEVICE uint32_t pack_f16x2(float lo, float hi) {
    return (uint32_t) f32_to_f16(lo) | ((uint32_t) f32_to_f16(hi) << 16);
}
#if defined(INFER_MMA_TENSOR_CORES)
INFER_DEVICE void mma_f16_16x8x16(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
INFER_DEVICE void load_f16_b_trans(uint32_t (&b)[4], const uint16_t* tile, int stride) {
    const int l = lane_id();
    const unsigned addr = (unsigned) __cvta_generic_to_shared(tile + (l & 15) * stride + (l >> 4) * 8);
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(b[0]), "=r"(b[1]), "=r"(b[2]), "=r"(b[3])
                 : "r"(addr));
}
#else
INFER_DEVICE void mma_f16_16x8x16(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
    const int g = lane_id() >> 2, t = lane_id() & 3;
#pragma unroll
    for (int u = 0; u < 4; u++) {
        // row g's k pairs 2u, 8+2u live in lane 4g + u, column n's in lane 4n + u
        const float2 r0 = f16x2_to_f32x2((uint32_t) shfl((int) a[0], 4 * g + u));
        const float2 r1 = f16x2_to_f32x2((uint32_t) shfl((int) a[1], 4 * g + u));
        const float2 r2 = f16x2_to_f32x2((uint32_t) shfl((int) a[2], 4 * g + u));
        const float2 r3 = f16x2_to_f32x2((uint32_t) shfl((int) a[3], 4 * g + u));
        const float2 c00 = f16x2_to_f32x2((uint32_t) shfl((int) b0, 8 * t + u));
        const float2 c01 = f16x2_to_f32x2((uint32_t) shfl((int) b1, 8 * t + u));
        const float2 c10 = f16x2_to_f32x2((uint32_t) shfl((int) b0, 8 * t + 4 + u));
        const float2 c11 = f16x2_to_f32x2((uint32_t) shfl((int) b1, 8 * t + 4 + u));
        c[0] += r0.x * c00.x + r0.y * c00.y + r2.x * c01.x + r2.y * c01.y;
        c[1] += r0.x * c10.x + r0.y * c10.y + r2.x * c11.x + r2.y * c11.y;
        c[2] += r1.x * c00.x + r1.y * c00.y + r3.x * c01.x + r3.y * c01.y;
        c[3] += r1.x * c10.x + r1.y * c10.y + r3.x * c11.x + r3.y * c11.y;
    }
}
INFER_DEVICE void load_f16_b_trans(uint32_t (&b)[4], const uint16_t* tile, int stride) {
    const int g = lane_id() >> 2, t = lane_id() & 3;
#pragma unroll
    for (int i = 0; i < 4; i++) {
        const uint16_t* p = tile + (2 * t + 8 * (i & 1)) * stride + g + 8 * (i >> 1);
        b[i] = (uint32_t) p[0] | ((uint32_t) p[stride] << 16);
    }
}
#endif

// ------------------------------------------------------------------------------------ global -> shared copies
// 16 / 8 bytes from global to shared memory without passing through registers where the hardware can (NVIDIA sm_80+:
// cp.async, completed by copy_async_wait), else a plain load and store. `valid` false writes zeros instead (src must
// still be a mapped address). A barrier must follow copy_async_wait before other threads read the bytes.
#if defined(INFER_VENDOR_CUDA) && (!defined(__CUDA_ARCH__) || __CUDA_ARCH__ >= 800)
INFER_DEVICE void copy_async_16(void* dst, const void* src, bool valid) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"((unsigned) __cvta_generic_to_shared(dst)),
                 "l"(src), "r"(valid ? 16 : 0)
                 : "memory");
}
INFER_DEVICE void copy_async_8(void* dst, const void* src, bool valid) {
    asm volatile("cp.async.ca.shared.global [%0], [%1], 8, %2;" ::"r"((unsigned) __cvta_generic_to_shared(dst)),
                 "l"(src), "r"(valid ? 8 : 0)
                 : "memory");
}
INFER_DEVICE void copy_async_wait() { asm volatile("cp.async.wait_all;" ::: "memory"); }
// Closes the copies issued so far into a group; copy_async_wait_but_one waits for all groups but the newest.
INFER_DEVICE void copy_async_commit() { asm volatile("cp.async.commit_group;" ::: "memory"); }
INFER_DEVICE void copy_async_wait_but_one() { asm volatile("cp.async.wait_group 1;" ::: "memory"); }
#else
INFER_DEVICE void copy_async_16(void* dst, const void* src, bool valid) {
    *reinterpret_cast<u32x4*>(dst) = valid ? *reinterpret_cast<const u32x4*>(src) : u32x4{0u, 0u, 0u, 0u};
}
INFER_DEVICE void copy_async_8(void* dst, const void* src, bool valid) {
    *reinterpret_cast<u32x2*>(dst) = valid ? *reinterpret_cast<const u32x2*>(src) : u32x2{0u, 0u};
}
INFER_DEVICE void copy_async_wait() {}
INFER_DEVICE void copy_async_commit() {}
INFER_DEVICE void copy_async_wait_but_one() {}
#endif

INFER_DEVICE float silu(float x) { return x / (1.0f + fast_exp2(-x * 1.4426950408889634f)); }

#define INFER_NEG_INF (-__builtin_huge_valf())
