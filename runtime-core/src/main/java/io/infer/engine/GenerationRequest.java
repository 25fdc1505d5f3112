package io.infer.engine;

import io.infer.sampling.SamplingParams;
import java.util.List;
import java.util.Objects;

/**
 * What to generate.
 *
 * @param prompt       prompt token ids (at least one)
 * @param sampling     how to pick tokens
 * @param maxTokens    completion length limit; negative means "up to the end of the context"
 * @param stop         stop strings: output ends before the first occurrence of any of them (they are left out)
 * @param stopTokenIds extra token ids that end the generation (like EOS, not part of the output)
 * @param ignoreEos    keep generating through end-of-generation tokens (benchmarks)
 * @param topLogprobs  -1: no logprobs; 0: the chosen token's; n &gt; 0: also the n most likely alternatives (≤ 20)
 */
public record GenerationRequest(
        int[] prompt,
        SamplingParams sampling,
        int maxTokens,
        List<String> stop,
        int[] stopTokenIds,
        boolean ignoreEos,
        int topLogprobs) {

    public static final int MAX_TOP_LOGPROBS = 20;

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty: at least one token is needed");
        }
        stop = stop == null ? List.of() : stop.stream().filter(s -> s != null && !s.isEmpty()).toList();
        stopTokenIds = stopTokenIds == null ? new int[0] : stopTokenIds;
        if (topLogprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("at most " + MAX_TOP_LOGPROBS + " top logprobs, got " + topLogprobs);
        }
    }

    /** A plain request: no stop strings, no logprobs. */
    public static GenerationRequest of(int[] prompt, SamplingParams sampling, int maxTokens) {
        return new GenerationRequest(prompt, sampling, maxTokens, List.of(), null, false, -1);
    }

    public GenerationRequest withStop(List<String> stopStrings) {
        return new GenerationRequest(prompt, sampling, maxTokens, stopStrings, stopTokenIds, ignoreEos, topLogprobs);
    }

    public GenerationRequest withTopLogprobs(int n) {
        return new GenerationRequest(prompt, sampling, maxTokens, stop, stopTokenIds, ignoreEos, n);
    }

    public GenerationRequest withIgnoreEos(boolean v) {
        return new GenerationRequest(prompt, sampling, maxTokens, stop, stopTokenIds, v, topLogprobs);
    }

    public GenerationRequest withStopTokenIds(int[] ids) {
        return new GenerationRequest(prompt, sampling, maxTokens, stop, ids, ignoreEos, topLogprobs);
    }
}
