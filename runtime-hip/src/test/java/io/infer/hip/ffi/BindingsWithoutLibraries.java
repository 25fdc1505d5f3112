package io.infer.hip.ffi;

import io.infer.hip.driver.Gpu;
import io.infer.hip.driver.GpuProbe;

/**
 * Run in a child JVM by {@link BindingsTest} with both driver libraries pointed at files that do not exist: loads
 * every binding class and function holder, probes, calls one function of each library, and prints what happened.
 * Exits 0 only if nothing threw where it should not have.
 */
public final class BindingsWithoutLibraries {

    public static void main(String[] args) throws Exception {
        for (Class<?> header : new Class<?>[] {cuda_h.class, hip_runtime_api_h.class}) {
            Class.forName(header.getName(), true, header.getClassLoader());
            for (Class<?> holder : header.getDeclaredClasses()) {
                Class.forName(holder.getName(), true, holder.getClassLoader());
            }
        }
        GpuProbe probe = Gpu.probe();
        System.out.println("probe: " + probe);
        System.out.println("cuda loaded: " + cuda_h.library().isLoaded());
        System.out.println("hip loaded: " + hip_runtime_api_h.library().isLoaded());
        try {
            cuda_h.cuInit(0);
            System.out.println("cuInit: returned");
        } catch (UnsatisfiedLinkError e) {
            System.out.println("cuInit: " + e.getMessage());
        }
        try {
            hip_runtime_api_h.hipInit(0);
            System.out.println("hipInit: returned");
        } catch (UnsatisfiedLinkError e) {
            System.out.println("hipInit: " + e.getMessage());
        }
    }
}
