package io.infer.hip.driver;

import io.infer.hip.ffi.CUlaunchAttribute_st;
import io.infer.hip.ffi.CUlaunchConfig_st;
import io.infer.hip.ffi.cuda_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.infer.hip.driver.CudaDriver.check;
import static io.infer.hip.ffi.cuda_h.C_FLOAT;
import static io.infer.hip.ffi.cuda_h.C_LONG;
import static io.infer.hip.ffi.cuda_h.C_LONG_LONG;
import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * An NVIDIA device through the CUDA driver API, working in the device's primary context (the one the CUDA runtime
 * and other libraries in the process share).
 *
 * <p>A CUDA context is current per thread. Each primitive first makes this device's context current on the calling
 * thread; a thread-local remembers which device each thread last bound, so the common case costs one thread-local
 * read and no driver call.
 */
final class CudaDevice extends VendorDevice {

    private static final ThreadLocal<CudaDevice> CURRENT = new ThreadLocal<>();

    private final int device;
    private final MemorySegment context;
    /** Programmatic dependent launch: Hopper (sm_90) and later. */
    private final boolean dependentLaunch;

    CudaDevice(DeviceInfo info, int device, MemorySegment context) {
        super(info);
        this.device = device;
        this.context = context;
        this.dependentLaunch = hasDependentLaunch(info.arch());
        makeCurrent();
    }

    /** Whether an NVIDIA target ("sm_90") has programmatic dependent launch: compute capability 9.0 and up. */
    static boolean hasDependentLaunch(String arch) {
        return arch.startsWith("sm_") && Integer.parseInt(arch.substring(3).replaceAll("[^0-9].*", "")) >= 90;
    }

    @Override
    void makeCurrent() {
        if (CURRENT.get() != this) {
            check(cuda_h.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            CURRENT.set(this);
        }
    }

    @Override
    long memGetInfoFree() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(C_LONG);
            MemorySegment total = arena.allocate(C_LONG);
            check(cuda_h.cuMemGetInfo_v2(free, total), "cuMemGetInfo_v2");
            return free.get(C_LONG, 0);
        }
    }

    @Override
    void deviceSynchronize() {
        makeCurrent();
        check(cuda_h.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    @Override
    MemorySegment moduleLoad(MemorySegment image) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment module = arena.allocate(ADDRESS);
            check(cuda_h.cuModuleLoadData(module, image), "cuModuleLoadData");
            return module.get(ADDRESS, 0);
        }
    }

    @Override
    void moduleUnload(MemorySegment module) {
        makeCurrent();
        check(cuda_h.cuModuleUnload(module), "cuModuleUnload");
    }

    @Override
    MemorySegment moduleFunction(MemorySegment module, String name) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment function = arena.allocate(ADDRESS);
            check(cuda_h.cuModuleGetFunction(function, module, arena.allocateFrom(name)),
                    "cuModuleGetFunction(" + name + ")");
            return function.get(ADDRESS, 0);
        }
    }

    @Override
    void functionSetMaxDynamicSharedMemory(MemorySegment function, int bytes) {
        makeCurrent();
        check(cuda_h.cuFuncSetAttribute(function, cuda_h.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES(), bytes),
                "cuFuncSetAttribute");
    }

    @Override
    void launch(MemorySegment function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
            MemorySegment stream, MemorySegment kernelParams) {
        makeCurrent();
        check(cuda_h.cuLaunchKernel(function, gx, gy, gz, bx, by, bz, sharedBytes, stream, kernelParams,
                MemorySegment.NULL), "cuLaunchKernel");
    }

    /** {@code config}: room for a CUlaunchConfig and one CUlaunchAttribute after it (KernelArgs.launchConfig). */
    @Override
    void launchDependent(MemorySegment function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
            MemorySegment stream, MemorySegment kernelParams, MemorySegment config) {
        if (!dependentLaunch) {
            launch(function, gx, gy, gz, bx, by, bz, sharedBytes, stream, kernelParams);
            return;
        }
        makeCurrent();
        MemorySegment attr = config.asSlice(CUlaunchConfig_st.sizeof(), CUlaunchAttribute_st.sizeof());
        CUlaunchAttribute_st.id(attr, cuda_h.CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION());
        CUlaunchAttribute_st.programmaticStreamSerializationAllowed(attr, 1);
        CUlaunchConfig_st.gridDimX(config, gx);
        CUlaunchConfig_st.gridDimY(config, gy);
        CUlaunchConfig_st.gridDimZ(config, gz);
        CUlaunchConfig_st.blockDimX(config, bx);
        CUlaunchConfig_st.blockDimY(config, by);
        CUlaunchConfig_st.blockDimZ(config, bz);
        CUlaunchConfig_st.sharedMemBytes(config, sharedBytes);
        CUlaunchConfig_st.hStream(config, stream);
        CUlaunchConfig_st.attrs(config, attr);
        CUlaunchConfig_st.numAttrs(config, 1);
        check(cuda_h.cuLaunchKernelEx(config, function, kernelParams, MemorySegment.NULL), "cuLaunchKernelEx");
    }

    @Override
    long malloc(long bytes) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ptr = arena.allocate(C_LONG_LONG);
            check(cuda_h.cuMemAlloc_v2(ptr, bytes), "cuMemAlloc_v2(" + bytes + ")");
            return ptr.get(C_LONG_LONG, 0);
        }
    }

    @Override
    void free(long address) {
        makeCurrent();
        check(cuda_h.cuMemFree_v2(address), "cuMemFree_v2");
    }

    @Override
    long hostAlloc(long bytes) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ptr = arena.allocate(ADDRESS);
            check(cuda_h.cuMemHostAlloc(ptr, bytes, 0), "cuMemHostAlloc(" + bytes + ")");
            return ptr.get(ADDRESS, 0).address();
        }
    }

    @Override
    void hostFree(long address) {
        makeCurrent();
        check(cuda_h.cuMemFreeHost(MemorySegment.ofAddress(address)), "cuMemFreeHost");
    }

    @Override
    void copyHtoD(long dst, MemorySegment src, long bytes) {
        makeCurrent();
        check(cuda_h.cuMemcpyHtoD_v2(dst, src, bytes), "cuMemcpyHtoD_v2");
    }

    @Override
    void copyDtoH(MemorySegment dst, long src, long bytes) {
        makeCurrent();
        check(cuda_h.cuMemcpyDtoH_v2(dst, src, bytes), "cuMemcpyDtoH_v2");
    }

    @Override
    void copyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuMemcpyHtoDAsync_v2(dst, src, bytes, stream), "cuMemcpyHtoDAsync_v2");
    }

    @Override
    void copyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuMemcpyDtoHAsync_v2(dst, src, bytes, stream), "cuMemcpyDtoHAsync_v2");
    }

    @Override
    void copyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuMemcpyDtoDAsync_v2(dst, src, bytes, stream), "cuMemcpyDtoDAsync_v2");
    }

    @Override
    void memsetAsync(long dst, byte value, long bytes, MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuMemsetD8Async(dst, value, bytes, stream), "cuMemsetD8Async");
    }

    @Override
    MemorySegment streamCreate() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stream = arena.allocate(ADDRESS);
            check(cuda_h.cuStreamCreate(stream, cuda_h.CU_STREAM_NON_BLOCKING()), "cuStreamCreate");
            return stream.get(ADDRESS, 0);
        }
    }

    @Override
    void streamDestroy(MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuStreamDestroy_v2(stream), "cuStreamDestroy_v2");
    }

    @Override
    void streamSynchronize(MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    @Override
    void streamBeginCapture(MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuStreamBeginCapture_v2(stream, cuda_h.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL()),
                "cuStreamBeginCapture_v2");
    }

    @Override
    MemorySegment streamEndCapture(MemorySegment stream) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment graph = arena.allocate(ADDRESS);
            check(cuda_h.cuStreamEndCapture(stream, graph), "cuStreamEndCapture");
            return graph.get(ADDRESS, 0);
        }
    }

    @Override
    MemorySegment graphInstantiate(MemorySegment graph) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment exec = arena.allocate(ADDRESS);
            check(cuda_h.cuGraphInstantiateWithFlags(exec, graph, 0L), "cuGraphInstantiateWithFlags");
            return exec.get(ADDRESS, 0);
        }
    }

    @Override
    void graphLaunch(MemorySegment exec, MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuGraphLaunch(exec, stream), "cuGraphLaunch");
    }

    @Override
    void graphExecDestroy(MemorySegment exec) {
        makeCurrent();
        check(cuda_h.cuGraphExecDestroy(exec), "cuGraphExecDestroy");
    }

    @Override
    void graphDestroy(MemorySegment graph) {
        makeCurrent();
        check(cuda_h.cuGraphDestroy(graph), "cuGraphDestroy");
    }

    @Override
    MemorySegment eventCreate() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(ADDRESS);
            check(cuda_h.cuEventCreate(event, cuda_h.CU_EVENT_DEFAULT()), "cuEventCreate");
            return event.get(ADDRESS, 0);
        }
    }

    @Override
    void eventRecord(MemorySegment event, MemorySegment stream) {
        makeCurrent();
        check(cuda_h.cuEventRecord(event, stream), "cuEventRecord");
    }

    @Override
    void eventSynchronize(MemorySegment event) {
        makeCurrent();
        check(cuda_h.cuEventSynchronize(event), "cuEventSynchronize");
    }

    @Override
    float eventElapsedTime(MemorySegment start, MemorySegment end) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(C_FLOAT);
            check(cuda_h.cuEventElapsedTime(ms, start, end), "cuEventElapsedTime");
            return ms.get(C_FLOAT, 0);
        }
    }

    @Override
    void eventDestroy(MemorySegment event) {
        makeCurrent();
        check(cuda_h.cuEventDestroy_v2(event), "cuEventDestroy_v2");
    }

    @Override
    void release() {
        if (CURRENT.get() == this) {
            // unbind before the context may be destroyed, so this thread holds no dangling current context
            cuda_h.cuCtxSetCurrent(MemorySegment.NULL);
            CURRENT.remove();
        }
        check(cuda_h.cuDevicePrimaryCtxRelease_v2(device), "cuDevicePrimaryCtxRelease_v2");
    }
}
