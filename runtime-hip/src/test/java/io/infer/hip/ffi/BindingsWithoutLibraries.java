package io.infer.hip.ffi;

import io.infer.hip.driver.Gpu;
import io.infer.hip.driver.GpuProbe;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link BindingsTest} with both driver libraries pointed at files that do not exist: loads
 * every binding class and function holder, probes, calls every function wrapper (each must throw
 * UnsatisfiedLinkError, which also proves each wrapper's invokeExact matches its handle's type), and prints what
 * happened.
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
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Class<?> header : new Class<?>[] {cuda_h.class, hip_runtime_api_h.class}) {
            for (Class<?> holder : header.getDeclaredClasses()) {
                Method wrapper = wrapper(header, holder.getSimpleName());
                Object[] values = new Object[wrapper.getParameterCount()];
                Class<?>[] types = wrapper.getParameterTypes();
                for (int i = 0; i < values.length; i++) {
                    values[i] = zero(types[i]);
                }
                try {
                    wrapper.invoke(null, values);
                    wrong.add(wrapper.getName() + " returned");
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof UnsatisfiedLinkError ule)
                            || !ule.getMessage().startsWith(wrapper.getName() + ": ")) {
                        wrong.add(wrapper.getName() + " threw " + e.getCause());
                    }
                }
                checked++;
            }
        }
        System.out.println("wrappers checked: " + checked + ", wrong: " + wrong);
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

    private static Method wrapper(Class<?> header, String name) {
        for (Method m : header.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new IllegalStateException("no wrapper for holder " + name);
    }

    private static Object zero(Class<?> type) {
        if (type == MemorySegment.class) {
            return MemorySegment.NULL;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        throw new IllegalStateException("unexpected parameter type " + type);
    }
}
