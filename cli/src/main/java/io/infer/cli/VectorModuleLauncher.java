package io.infer.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar infer.jar} cannot enable the incubating Vector API from the jar's manifest (the JDK honours
 * Add-Opens there, not Add-Modules), and the CPU kernels need it. When it is missing, this starts the same
 * command again in a child JVM with {@code --add-modules jdk.incubator.vector}, passes the terminal through, and
 * forwards termination so the child can shut down gracefully.
 */
final class VectorModuleLauncher {

    private static final String GUARD = "INFER_RELAUNCHED";

    private VectorModuleLauncher() {
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Returns the child's exit code, or -1 when relaunching is not possible (then the caller runs in-process). */
    static int relaunch(String[] args) {
        if (System.getenv(GUARD) != null) {
            return -1;
        }
        String java = ProcessHandle.current().info().command().orElse(null);
        Path jar;
        try {
            jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return -1;
        }
        if (java == null || !jar.toString().endsWith(".jar")) {
            return -1;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("--add-modules") && !a.startsWith("--enable-native-access")) {
                cmd.add(a);
            }
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(GUARD, "1");
        try {
            Process child = pb.start();
            Thread forward = new Thread(() -> {
                if (child.isAlive()) {
                    child.destroy(); // SIGTERM: the child's own shutdown hooks run
                    try {
                        child.waitFor();
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Runtime.getRuntime().addShutdownHook(forward);
            int code = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(forward);
            return code;
        } catch (Exception e) {
            return -1;
        }
    }
}
