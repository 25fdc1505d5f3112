package io.infer.backend.cpu;

import io.infer.backend.ForwardPass;
import io.infer.model.Qwen3Model;
import io.infer.testing.Fixtures;
import io.infer.testing.GoldenCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU backend (exact arithmetic: dequantize, multiply and accumulate in F32) against llama.cpp's golden
 * logits. Tolerances are the fixtures README's: tiny-f16's reference rounds activations to F16 once per matmul
 * (0.1); the small model is compared with the dequantized-F32 "-exact" reference, "within about 1e-2": we use
 * 0.02. The CPU pass rounds like llama.cpp where it knowingly differs from F32 math (F16 KV cache, F16 q and
 * attention probabilities; without those roundings the worst differences are 0.02-0.03 on every prompt). Measured
 * worst differences: p1 0.0073, p2 0.0095, p4 0.0095, and p3 0.0189 — p3's excess sits at its two special-token
 * positions (9, 11), where sharp attention puts probabilities next to F16 rounding steps, so a last-bit difference
 * in summation order becomes a whole F16 step.
 *
 * <p>The {@code small-q4km} goldens are llama.cpp's quantized path (activations rounded to 8 bits), which the
 * README puts up to 3.5% of the logit magnitude away from exact math: our exact path is held to 4% of it there.
 */
class CpuGoldenTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "qwen3-tiny-f16.gguf, tiny-f16, p1, 0.1",
        "qwen3-tiny-f16.gguf, tiny-f16, p2, 0.1",
        "qwen3-tiny-f16.gguf, tiny-f16, p3, 0.1",
        "qwen3-tiny-f16.gguf, tiny-f16, p4, 0.1",
        "qwen3-small-q4km.gguf, small-q4km-exact, p1, 0.02",
        "qwen3-small-q4km.gguf, small-q4km-exact, p2, 0.02",
        "qwen3-small-q4km.gguf, small-q4km-exact, p3, 0.02",
        "qwen3-small-q4km.gguf, small-q4km-exact, p4, 0.02",
    })
    void matchesLlamaCpp(String modelFile, String golden, String prompt, double tol) throws Exception {
        try (Qwen3Model model = Qwen3Model.load(Fixtures.model(modelFile));
             ForwardPass pass = new CpuBackend().open(model, 1, 1024)) {
            double worst = GoldenCheck.check(pass, Fixtures.golden(golden + "." + prompt), tol, golden + "." + prompt);
            System.out.printf("%s.%s: worst |diff| %.5f (tolerance %.3f)%n", golden, prompt, worst, tol);
        }
    }

    @ParameterizedTest(name = "small-q4km {0}")
    @CsvSource({"p1", "p2", "p3", "p4"})
    void staysWithinTheQuantizedPathsBound(String prompt) throws Exception {
        try (Qwen3Model model = Qwen3Model.load(Fixtures.model("qwen3-small-q4km.gguf"));
             ForwardPass pass = new CpuBackend().open(model, 1, 1024)) {
            double worst = GoldenCheck.check(pass, Fixtures.golden("small-q4km." + prompt), 0, 0.04, "small-q4km." + prompt);
            System.out.printf("small-q4km.%s: worst |diff| %.5f (tolerance 4%% of |top logit|)%n", prompt, worst);
        }
    }
}
