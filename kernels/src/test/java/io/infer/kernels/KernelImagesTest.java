package io.infer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every code object build.sh promises is on the classpath and holds every kernel of {@link KernelImages#KERNELS}.
 * Without a compiler the build skips that vendor, and so does this test, unless INFER_REQUIRE_KERNELS=1.
 */
class KernelImagesTest {

    /** e_flags EF_AMDGPU_MACH of each AMD target (llvm/BinaryFormat/ELF.h). */
    private static final Map<String, Integer> AMD_MACH = Map.of(
            "gfx1100", 0x41, "gfx1101", 0x46, "gfx1102", 0x47, "gfx1150", 0x43, "gfx1151", 0x4a,
            "gfx1200", 0x48, "gfx1201", 0x4e);

    private static final boolean REQUIRED = "1".equals(System.getenv("INFER_REQUIRE_KERNELS"));

    @Test
    void fatbinHasSassForEveryArchAndPtxWithEveryKernel() throws IOException {
        byte[] image = imageOrSkip(KernelImages.FATBIN, "nvcc");
        Fatbin fatbin = Fatbin.read(image);
        Set<Integer> sass = new TreeSet<>();
        boolean ptx = false;
        for (Fatbin.Entry e : fatbin.entries()) {
            assertFalse(e.compressed(), "build.sh writes the fatbin uncompressed");
            if (e.kind() == Fatbin.KIND_ELF) {
                ElfSymbols elf = ElfSymbols.read(e.payload());
                assertEquals(ElfSymbols.EM_CUDA, elf.machine(), "sm_" + e.sm() + " machine");
                assertHasAll(elf.functions(), "sm_" + e.sm());
                sass.add(e.sm());
            } else if (e.kind() == Fatbin.KIND_PTX) {
                assertEquals(KernelImages.CUDA_PTX_ARCH, "compute_" + e.sm());
                String text = new String(e.payload(), StandardCharsets.US_ASCII);
                Set<String> entries = new TreeSet<>();
                for (String k : KernelImages.KERNELS) {
                    if (text.contains(".entry " + k + "(")) {
                        entries.add(k);
                    }
                }
                assertHasAll(entries, "PTX");
                ptx = true;
            }
        }
        List<Integer> expected = KernelImages.CUDA_ARCHS.stream().map(a -> Integer.parseInt(a.substring(3))).toList();
        assertEquals(new TreeSet<>(expected), sass, "SASS architectures in the fatbin");
        assertTrue(ptx, "the fatbin carries PTX");
    }

    @Test
    void everyAmdTargetHasACodeObjectWithEveryKernel() throws IOException {
        for (String gfx : KernelImages.AMD_ARCHS) {
            byte[] image = imageOrSkip(KernelImages.fileFor(gfx), "clang-19");
            ElfSymbols elf = ElfSymbols.read(image);
            assertEquals(ElfSymbols.EM_AMDGPU, elf.machine(), gfx + " machine");
            assertEquals(AMD_MACH.get(gfx), elf.flags() & 0xff, gfx + " EF_AMDGPU_MACH");
            assertHasAll(elf.functions(), gfx);
            for (String k : KernelImages.KERNELS) {
                assertTrue(elf.objects().contains(k + ".kd"), gfx + ": kernel descriptor " + k + ".kd");
            }
        }
    }

    @Test
    void indexListsEveryFileAndKernel() throws IOException {
        Path index = resourceOrSkip(KernelImages.INDEX, "nvcc or clang-19");
        List<String> lines = Files.readAllLines(index);
        Set<String> kernels = new TreeSet<>();
        Set<String> files = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("kernel ")) {
                kernels.add(line.substring("kernel ".length()));
            } else if (line.startsWith("file ")) {
                files.add(line.split(" ")[1]);
            }
        }
        assertEquals(new TreeSet<>(KernelImages.KERNELS), kernels, "kernels in index.txt");
        for (String f : List.of(KernelImages.FATBIN, KernelImages.fileFor("gfx1151"))) {
            if (resource(f) != null) {
                assertTrue(files.contains(f), "index.txt lists " + f);
            }
        }
    }

    /** The reader above agrees with llvm-readelf where that tool is installed. */
    @Test
    void elfReaderAgreesWithLlvmReadelf() throws IOException, InterruptedException {
        Path hsaco = resource(KernelImages.fileFor("gfx1151"));
        Assumptions.assumeTrue(hsaco != null && onPath("llvm-readelf-19"), "needs the gfx1151 object and llvm-readelf-19");
        Process p = new ProcessBuilder("llvm-readelf-19", "--syms", hsaco.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Set<String> expected = new TreeSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[3].equals("FUNC")) {
                expected.add(f[7]);
            }
        }
        assertEquals(expected, ElfSymbols.read(Files.readAllBytes(hsaco)).functions());
    }

    private static void assertHasAll(Set<String> symbols, String where) {
        List<String> missing = new ArrayList<>();
        for (String k : KernelImages.KERNELS) {
            if (!symbols.contains(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            fail(where + " lacks kernels " + missing);
        }
    }

    /** The image's bytes; skips when it was not built because its compiler is absent here (and not required). */
    private static byte[] imageOrSkip(String file, String compiler) throws IOException {
        return Files.readAllBytes(resourceOrSkip(file, compiler));
    }

    private static Path resourceOrSkip(String file, String compiler) {
        Path p = resource(file);
        if (p == null) {
            if (REQUIRED) {
                fail(file + " was not built, and INFER_REQUIRE_KERNELS=1");
            }
            boolean toolHere = compiler.contains("nvcc") ? onPath("nvcc") || Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc"))
                    : onPath("clang-19");
            if (toolHere) {
                fail(file + " is missing although " + compiler + " is installed: run kernels/build.sh");
            }
            Assumptions.abort(file + " not built: " + compiler + " is not installed here");
        }
        return p;
    }

    private static Path resource(String file) {
        URL url = KernelImages.class.getResource(file);
        if (url == null) {
            return null;
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
