package io.infer.hip.driver;

import io.infer.hip.ffi.hip_runtime_api_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.infer.hip.driver.HipDriver.check;
import static io.infer.hip.ffi.hip_runtime_api_h.C_FLOAT;
import static io.infer.hip.ffi.hip_runtime_api_h.C_LONG;
import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * An AMD device through the HIP runtime. HIP's current device is per thread ({@code hipSetDevice}); each primitive
 * first makes this device current on the calling thread, a thread-local sparing the call when it already is.
 * Device pointers are {@code void*} in HIP's signatures and {@code long} here; {@link MemorySegment#ofAddress}
 * wraps them per call, which the JIT scalar-replaces in the downcall path.
 */
final class HipDevice extends VendorDevice {

    private static final ThreadLocal<HipDevice> CURRENT = new ThreadLocal<>();

    private final int device;

    HipDevice(DeviceInfo info, int device) {
        super(info);
        this.device = device;
        makeCurrent();
    }

    @Override
    void makeCurrent() {
        if (CURRENT.get() != this) {
            check(hip_runtime_api_h.hipSetDevice(device), "hipSetDevice");
            CURRENT.set(this);
        }
    }

    private static MemorySegment ptr(long address) {
        return MemorySegment.ofAddress(address);
    }

    @Override
    long memGetInfoFree() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(C_LONG);
            MemorySegment total = arena.allocate(C_LONG);
            check(hip_runtime_api_h.hipMemGetInfo(free, total), "hipMemGetInfo");
            return free.get(C_LONG, 0);
        }
    }

    @Override
    void deviceSynchronize() {
        makeCurrent();
        check(hip_runtime_api_h.hipDeviceSynchronize(), "hipDeviceSynchronize");
    }

    @Override
    MemorySegment moduleLoad(MemorySegment image) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment module = arena.allocate(ADDRESS);
            check(hip_runtime_api_h.hipModuleLoadData(module, image), "hipModuleLoadData");
            return module.get(ADDRESS, 0);
        }
    }

    @Override
    void moduleUnload(MemorySegment module) {
        makeCurrent();
        check(hip_runtime_api_h.hipModuleUnload(module), "hipModuleUnload");
    }

    @Override
    MemorySegment moduleFunction(MemorySegment module, String name) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment function = arena.allocate(ADDRESS);
            check(hip_runtime_api_h.hipModuleGetFunction(function, module, arena.allocateFrom(name)),
                    "hipModuleGetFunction(" + name + ")");
            return function.get(ADDRESS, 0);
        }
    }

    @Override
    void functionSetMaxDynamicSharedMemory(MemorySegment function, int bytes) {
        // HIP has no opt-in for module functions (hipFuncSetAttribute takes a host stub, not a hipFunction_t):
        // every block may use up to the device's limit, which VendorKernel has already checked.
    }

    @Override
    void launch(MemorySegment function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
            MemorySegment stream, MemorySegment kernelParams) {
        makeCurrent();
        check(hip_runtime_api_h.hipModuleLaunchKernel(function, gx, gy, gz, bx, by, bz, sharedBytes, stream,
                kernelParams, MemorySegment.NULL), "hipModuleLaunchKernel");
    }

    @Override
    long malloc(long bytes) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            check(hip_runtime_api_h.hipMalloc(p, bytes), "hipMalloc(" + bytes + ")");
            return p.get(ADDRESS, 0).address();
        }
    }

    @Override
    void free(long address) {
        makeCurrent();
        check(hip_runtime_api_h.hipFree(ptr(address)), "hipFree");
    }

    @Override
    long hostAlloc(long bytes) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            check(hip_runtime_api_h.hipHostMalloc(p, bytes, hip_runtime_api_h.hipHostMallocDefault()),
                    "hipHostMalloc(" + bytes + ")");
            return p.get(ADDRESS, 0).address();
        }
    }

    @Override
    void hostFree(long address) {
        makeCurrent();
        check(hip_runtime_api_h.hipHostFree(ptr(address)), "hipHostFree");
    }

    @Override
    void copyHtoD(long dst, MemorySegment src, long bytes) {
        makeCurrent();
        check(hip_runtime_api_h.hipMemcpyHtoD(ptr(dst), src, bytes), "hipMemcpyHtoD");
    }

    @Override
    void copyDtoH(MemorySegment dst, long src, long bytes) {
        makeCurrent();
        check(hip_runtime_api_h.hipMemcpyDtoH(dst, ptr(src), bytes), "hipMemcpyDtoH");
    }

    @Override
    void copyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipMemcpyHtoDAsync(ptr(dst), src, bytes, stream), "hipMemcpyHtoDAsync");
    }

    @Override
    void copyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipMemcpyDtoHAsync(dst, ptr(src), bytes, stream), "hipMemcpyDtoHAsync");
    }

    @Override
    void copyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipMemcpyDtoDAsync(ptr(dst), ptr(src), bytes, stream), "hipMemcpyDtoDAsync");
    }

    @Override
    void memsetAsync(long dst, byte value, long bytes, MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipMemsetD8Async(ptr(dst), value, bytes, stream), "hipMemsetD8Async");
    }

    @Override
    MemorySegment streamCreate() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stream = arena.allocate(ADDRESS);
            check(hip_runtime_api_h.hipStreamCreateWithFlags(stream, hip_runtime_api_h.hipStreamNonBlocking()),
                    "hipStreamCreateWithFlags");
            return stream.get(ADDRESS, 0);
        }
    }

    @Override
    void streamDestroy(MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipStreamDestroy(stream), "hipStreamDestroy");
    }

    @Override
    void streamSynchronize(MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipStreamSynchronize(stream), "hipStreamSynchronize");
    }

    @Override
    void streamBeginCapture(MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipStreamBeginCapture(stream, hip_runtime_api_h.hipStreamCaptureModeThreadLocal()),
                "hipStreamBeginCapture");
    }

    @Override
    MemorySegment streamEndCapture(MemorySegment stream) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment graph = arena.allocate(ADDRESS);
            check(hip_runtime_api_h.hipStreamEndCapture(stream, graph), "hipStreamEndCapture");
            return graph.get(ADDRESS, 0);
        }
    }

    @Override
    MemorySegment graphInstantiate(MemorySegment graph) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment exec = arena.allocate(ADDRESS);
            check(hip_runtime_api_h.hipGraphInstantiate(exec, graph, MemorySegment.NULL, MemorySegment.NULL, 0L),
                    "hipGraphInstantiate");
            return exec.get(ADDRESS, 0);
        }
    }

    @Override
    void graphLaunch(MemorySegment exec, MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipGraphLaunch(exec, stream), "hipGraphLaunch");
    }

    @Override
    void graphExecDestroy(MemorySegment exec) {
        makeCurrent();
        check(hip_runtime_api_h.hipGraphExecDestroy(exec), "hipGraphExecDestroy");
    }

    @Override
    void graphDestroy(MemorySegment graph) {
        makeCurrent();
        check(hip_runtime_api_h.hipGraphDestroy(graph), "hipGraphDestroy");
    }

    @Override
    MemorySegment eventCreate() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(ADDRESS);
            check(hip_runtime_api_h.hipEventCreateWithFlags(event, hip_runtime_api_h.hipEventDefault()),
                    "hipEventCreateWithFlags");
            return event.get(ADDRESS, 0);
        }
    }

    @Override
    void eventRecord(MemorySegment event, MemorySegment stream) {
        makeCurrent();
        check(hip_runtime_api_h.hipEventRecord(event, stream), "hipEventRecord");
    }

    @Override
    void eventSynchronize(MemorySegment event) {
        makeCurrent();
        check(hip_runtime_api_h.hipEventSynchronize(event), "hipEventSynchronize");
    }

    @Override
    float eventElapsedTime(MemorySegment start, MemorySegment end) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(C_FLOAT);
            check(hip_runtime_api_h.hipEventElapsedTime(ms, start, end), "hipEventElapsedTime");
            return ms.get(C_FLOAT, 0);
        }
    }

    @Override
    void eventDestroy(MemorySegment event) {
        makeCurrent();
        check(hip_runtime_api_h.hipEventDestroy(event), "hipEventDestroy");
    }

    @Override
    void release() {
        // HIP keeps one context per device for the whole process; there is nothing to give back but the binding.
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
