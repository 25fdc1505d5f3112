/**
 * The thin driver layer over the {@code ffi} bindings: {@link io.infer.hip.driver.Device}, streams, modules,
 * kernels, buffers, events and graphs, the same for NVIDIA (CUDA driver API) and AMD (HIP runtime), and the only
 * code that calls the bindings. Every failing status becomes a {@link io.infer.hip.driver.GpuException} naming the
 * call and the driver's own error name and description.
 *
 * <p>{@link io.infer.hip.driver.Gpu} picks the vendor: the first of CUDA and HIP whose library loads and reports a
 * device (or the one {@code -Dinfer.gpu.vendor} names). The vendor difference lives in two classes,
 * {@code CudaDevice} and {@code HipDevice}, which implement one primitive per driver call; the resource classes
 * ({@code VendorStream}, {@code VendorBuffer}, ...) are written once over those primitives.
 *
 * <p>Threads: CUDA contexts and HIP's current device are per thread. Every primitive makes its device current on the
 * calling thread (a thread-local check, a driver call only when the thread last used another device), so any thread
 * may call; the objects themselves are not synchronised. Launching a kernel allocates nothing on the Java heap:
 * arguments live in a reused {@link io.infer.hip.driver.KernelArgs}.
 */
package io.infer.hip.driver;
