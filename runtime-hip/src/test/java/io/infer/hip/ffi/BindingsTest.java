package io.infer.hip.ffi;

import io.infer.hip.SharedLibraries;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class BindingsTest {

    @Test
    void everyBindingClassAndFunctionHolderInitialisesWhateverIsInstalled() throws Exception {
        for (Class<?> header : new Class<?>[] {cuda_h.class, hip_runtime_api_h.class}) {
            Class.forName(header.getName(), true, header.getClassLoader());
            for (Class<?> holder : header.getDeclaredClasses()) {
                Class.forName(holder.getName(), true, holder.getClassLoader());
            }
        }
    }

    @Test
    void withoutAnyDriverLibraryTheBindingsLoadAndTheProbeSaysWhatWasTried() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Dinfer.cuda.library=/nonexistent/libcuda.so.1",
                "-Dinfer.hip.library=/nonexistent/libamdhip64.so",
                "-cp", System.getProperty("java.class.path"), BindingsWithoutLibraries.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);

        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("probe: GpuProbe[ok=false, vendor=none, detail=no GPU driver found "
                + "(tried /nonexistent/libcuda.so.1, /nonexistent/libamdhip64.so)]"), out);
        assertTrue(out.contains("cuda loaded: false") && out.contains("hip loaded: false"), out);
        int functions = includedFunctions("cuda_h.txt").size() + includedFunctions("hip_runtime_api_h.txt").size();
        assertTrue(out.contains("wrappers checked: " + functions + ", wrong: []"), out);
        assertTrue(out.contains("cuInit: cuInit: CUDA driver not loaded (/nonexistent/libcuda.so.1: "), out);
        assertTrue(out.contains("hipInit: hipInit: HIP runtime not loaded (/nonexistent/libamdhip64.so: "), out);
    }

    @Test
    void everyBoundCudaFunctionIsExportedByTheInstalledDriver() throws IOException {
        List<Path> files = SharedLibraries.find("libcuda.so");
        assumeFalse(files.isEmpty(), "no libcuda.so* installed");
        assertTrue(cuda_h.library().isLoaded(), () -> files + " exists but did not load: " + cuda_h.library().failure());

        List<String> missing = new ArrayList<>();
        for (String f : includedFunctions("cuda_h.txt")) {
            if (!cuda_h.library().hasSymbol(f)) {
                missing.add(f);
            }
        }
        assertEquals(List.of(), missing, "not exported by " + cuda_h.library().loadedName());
    }

    @Test
    void everyBoundHipFunctionIsExportedByTheInstalledRuntime() throws IOException {
        List<Path> files = SharedLibraries.find("libamdhip64.so");
        assumeFalse(files.isEmpty(), "no libamdhip64.so* installed");
        assertTrue(hip_runtime_api_h.library().isLoaded(),
                () -> files + " exists but did not load: " + hip_runtime_api_h.library().failure());

        // one hipDeviceProp_t entry point per ABI: HIP 5 has only the unversioned one, ROCm 6+ the R0600 one
        List<String> propsAbis = List.of("hipGetDevicePropertiesR0600", "hipGetDevicePropertiesR0000",
                "hipGetDeviceProperties");
        List<String> missing = new ArrayList<>();
        for (String f : includedFunctions("hip_runtime_api_h.txt")) {
            if (!propsAbis.contains(f) && !hip_runtime_api_h.library().hasSymbol(f)) {
                missing.add(f);
            }
        }
        assertEquals(List.of(), missing, "not exported by " + hip_runtime_api_h.library().loadedName());
        assertTrue(propsAbis.stream().anyMatch(hip_runtime_api_h.library()::hasSymbol),
                "no hipGetDeviceProperties entry point at all");
    }

    @Test
    void cudaErrorConstantsAreTheDriversOwnCodes() {
        assumeFalse(SharedLibraries.find("libcuda.so").isEmpty(), "no libcuda.so* installed");
        Map<String, Integer> codes = new LinkedHashMap<>();
        codes.put("CUDA_SUCCESS", cuda_h.CUDA_SUCCESS());
        codes.put("CUDA_ERROR_INVALID_VALUE", cuda_h.CUDA_ERROR_INVALID_VALUE());
        codes.put("CUDA_ERROR_OUT_OF_MEMORY", cuda_h.CUDA_ERROR_OUT_OF_MEMORY());
        codes.put("CUDA_ERROR_NOT_INITIALIZED", cuda_h.CUDA_ERROR_NOT_INITIALIZED());
        codes.put("CUDA_ERROR_DEINITIALIZED", cuda_h.CUDA_ERROR_DEINITIALIZED());
        codes.put("CUDA_ERROR_STUB_LIBRARY", cuda_h.CUDA_ERROR_STUB_LIBRARY());
        codes.put("CUDA_ERROR_NO_DEVICE", cuda_h.CUDA_ERROR_NO_DEVICE());
        codes.put("CUDA_ERROR_INVALID_DEVICE", cuda_h.CUDA_ERROR_INVALID_DEVICE());
        codes.put("CUDA_ERROR_NO_BINARY_FOR_GPU", cuda_h.CUDA_ERROR_NO_BINARY_FOR_GPU());
        codes.put("CUDA_ERROR_NOT_FOUND", cuda_h.CUDA_ERROR_NOT_FOUND());
        codes.put("CUDA_ERROR_SYSTEM_DRIVER_MISMATCH", cuda_h.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH());
        codes.put("CUDA_ERROR_UNKNOWN", cuda_h.CUDA_ERROR_UNKNOWN());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(cuda_h.C_POINTER);
            codes.forEach((name, code) -> {
                assertEquals(cuda_h.CUDA_SUCCESS(), cuda_h.cuGetErrorName(code, out), name);
                assertEquals(name, out.get(cuda_h.C_POINTER, 0).getString(0));
            });
        }
    }

    @Test
    void hipErrorConstantsAreTheRuntimesOwnCodes() {
        assumeFalse(SharedLibraries.find("libamdhip64.so").isEmpty(), "no libamdhip64.so* installed");
        Map<String, Integer> codes = new LinkedHashMap<>();
        codes.put("hipSuccess", hip_runtime_api_h.hipSuccess());
        codes.put("hipErrorInvalidValue", hip_runtime_api_h.hipErrorInvalidValue());
        codes.put("hipErrorOutOfMemory", hip_runtime_api_h.hipErrorOutOfMemory());
        codes.put("hipErrorNotInitialized", hip_runtime_api_h.hipErrorNotInitialized());
        codes.put("hipErrorInsufficientDriver", hip_runtime_api_h.hipErrorInsufficientDriver());
        codes.put("hipErrorNoDevice", hip_runtime_api_h.hipErrorNoDevice());
        codes.put("hipErrorInvalidDevice", hip_runtime_api_h.hipErrorInvalidDevice());
        codes.put("hipErrorNoBinaryForGpu", hip_runtime_api_h.hipErrorNoBinaryForGpu());
        codes.put("hipErrorNotFound", hip_runtime_api_h.hipErrorNotFound());
        codes.forEach((name, code) -> assertEquals(name, hip_runtime_api_h.hipGetErrorName(code).getString(0)));
    }

    /** The {@code --include-function} names of a jextract argument file. */
    static List<String> includedFunctions(String argFile) throws IOException {
        // the module directory under Maven; the repository root when run elsewhere (the GPU machine)
        Path file = Path.of("src/main/jextract", argFile);
        if (!Files.exists(file)) {
            file = Path.of("runtime-hip/src/main/jextract", argFile);
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("--include-function ")) {
                names.add(line.substring("--include-function ".length()).trim());
            }
        }
        assertFalse(names.isEmpty(), "no functions listed in " + file.toAbsolutePath());
        return names;
    }
}
