// Regenerate: nvcc -ptx -arch=compute_80 -o ../resources/io/infer/hip/driver/test-kernels.ptx test-kernels.cu,
// then lower ".version" to 7.0 so CUDA 11+ drivers load it (nvcc 13 writes 9.0, which needs a CUDA 13 driver).
// Test kernels for runtime-hip's driver tests (compiled to PTX for compute_80; the driver JIT-compiles it).
struct ScaleParams {
    int n;
    float scale;
    float* y;
};

// y[i] = a * x[i] + y[i] + (float) tag: pointer, float, int and 64-bit arguments in one launch
extern "C" __global__ void infer_test_axpy(float* y, const float* x, float a, int n, long long tag) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        y[i] = a * x[i] + y[i] + (float) tag;
    }
}

// y[i] *= p.scale: a struct passed by value
extern "C" __global__ void infer_test_scale(ScaleParams p) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < p.n) {
        p.y[i] *= p.scale;
    }
}

// out[block] = sum over the block's dynamic shared memory of threadIdx-indexed values; uses `words` floats of it
extern "C" __global__ void infer_test_shared(float* out, int words) {
    extern __shared__ float buf[];
    for (int i = threadIdx.x; i < words; i += blockDim.x) {
        buf[i] = 1.0f;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        float s = 0;
        for (int i = 0; i < words; i++) {
            s += buf[i];
        }
        out[blockIdx.x] = s;
    }
}
