package io.infer.hip;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for a shared library's files on disk, independently of the bindings' loader, so a test can tell "the
 * library is not installed" (skip) from "the library is installed but the bindings fail to load it" (fail).
 */
public final class SharedLibraries {

    private static final List<String> SYSTEM_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib", "/opt/rocm/lib", "/usr/lib/wsl/lib");

    private SharedLibraries() {}

    /** Files named {@code baseName} or {@code baseName.*} in the loader's usual directories and LD_LIBRARY_PATH. */
    public static List<Path> find(String baseName) {
        List<String> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(File.pathSeparator)));
        }
        dirs.addAll(SYSTEM_DIRS);
        List<Path> found = new ArrayList<>();
        for (String dir : dirs) {
            Path d = Path.of(dir.isEmpty() ? "." : dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                files.filter(f -> {
                    String n = f.getFileName().toString();
                    return n.equals(baseName) || n.startsWith(baseName + ".");
                }).filter(Files::exists).forEach(found::add);
            } catch (java.io.IOException e) {
                // an unreadable directory holds nothing we can load either
            }
        }
        return found;
    }
}
