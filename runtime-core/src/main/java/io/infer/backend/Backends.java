package io.infer.backend;

import io.infer.backend.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the backends on the class path (the CPU one always; the GPU one when runtime-hip is present, registered
 * through {@link ServiceLoader}) and chooses one once at start.
 */
public final class Backends {

    private Backends() {
    }

    public static List<Backend> all() {
        List<Backend> list = new ArrayList<>();
        for (Backend b : ServiceLoader.load(Backend.class)) {
            list.add(b);
        }
        list.add(new CpuBackend());
        return list;
    }

    /**
     * Chooses by name: {@code auto} takes the first available non-CPU backend and falls back to the CPU, saying
     * why; {@code cpu}/{@code gpu} take that one or fail with the reason it is unavailable.
     *
     * @param log receives one line saying which backend was chosen and why
     */
    public static Backend choose(String name, java.util.function.Consumer<String> log) {
        List<Backend> all = all();
        if (name == null || name.equals("auto")) {
            StringBuilder why = new StringBuilder();
            for (Backend b : all) {
                if (b.name().equals("cpu")) {
                    continue;
                }
                Backend.Availability a = b.availability();
                if (a.available()) {
                    log.accept("backend: " + b.name() + " (" + a.detail() + ")");
                    return b;
                }
                why.append(b.name()).append(" unavailable: ").append(a.detail()).append("; ");
            }
            Backend cpu = find(all, "cpu");
            log.accept("backend: cpu (" + why + cpu.availability().detail() + ")");
            return cpu;
        }
        Backend b = find(all, name);
        if (b == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "' (known: auto, "
                    + String.join(", ", all.stream().map(Backend::name).toList()) + ")");
        }
        Backend.Availability a = b.availability();
        if (!a.available()) {
            throw new IllegalStateException("backend " + name + " is not available: " + a.detail());
        }
        log.accept("backend: " + b.name() + " (" + a.detail() + ")");
        return b;
    }

    private static Backend find(List<Backend> all, String name) {
        for (Backend b : all) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }
}
