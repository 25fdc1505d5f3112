/**
 * FFM bindings in jextract's layout, one class per C header: {@link io.infer.hip.ffi.cuda_h} ({@code cuda.h},
 * {@code libcuda.so.1}) and {@link io.infer.hip.ffi.hip_runtime_api_h} ({@code hip/hip_runtime_api.h},
 * {@code libamdhip64.so}). Written by hand because jextract is not available here; the argument files in
 * {@code src/main/jextract/} name the functions and constants and give the command that would regenerate them.
 * Edit those lists, not the classes' structure.
 *
 * <p>Libraries open lazily through {@link io.infer.hip.ffi.NativeLibrary}: loading these classes never fails on a
 * machine without a GPU driver, and calling a function whose library is absent throws
 * {@link java.lang.UnsatisfiedLinkError} naming it. Callers check {@code library().isLoaded()} first.
 */
package io.infer.hip.ffi;
