package io.infer.api;

import io.infer.sampling.SamplingParams;
import java.util.List;

/** How much to generate and how to sample, for {@link InferModel#generate} and {@link Session#send}. */
public record GenerateOptions(int maxTokens, SamplingParams sampling, List<String> stop, boolean thinking) {

    public GenerateOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** 256 tokens, llama.cpp's default sampling, no stop strings, thinking on (Qwen3's default). */
    public static GenerateOptions defaults() {
        return new GenerateOptions(256, SamplingParams.defaults(), List.of(), true);
    }

    public GenerateOptions maxTokens(int n) {
        return new GenerateOptions(n, sampling, stop, thinking);
    }

    public GenerateOptions sampling(SamplingParams s) {
        return new GenerateOptions(maxTokens, s, stop, thinking);
    }

    public GenerateOptions stop(List<String> s) {
        return new GenerateOptions(maxTokens, sampling, s, thinking);
    }

    public GenerateOptions thinking(boolean t) {
        return new GenerateOptions(maxTokens, sampling, stop, t);
    }
}
