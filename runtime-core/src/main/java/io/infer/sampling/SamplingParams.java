package io.infer.sampling;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How to pick the next token; the meanings and neutral values follow llama.cpp.
 *
 * @param temperature      0 picks the most likely token (greedy); otherwise logits are divided by it last
 * @param topK             keep the k most likely tokens; 0 disables
 * @param topP             keep the smallest set of most likely tokens whose probability reaches p; 1 disables
 * @param minP             drop tokens less likely than minP times the most likely one; 0 disables
 * @param repeatPenalty    divide positive / multiply negative logits of recently seen tokens; 1 disables
 * @param repeatLastN      how many accepted tokens the penalties look back over; 0 disables all penalties
 * @param presencePenalty  subtracted once from the logit of every token seen in the window; 0 disables
 * @param frequencyPenalty subtracted per occurrence in the window; 0 disables
 * @param seed             seeds the draw; the same seed, logits and history give the same tokens
 */
public record SamplingParams(float temperature, int topK, float topP, float minP, float repeatPenalty,
                             int repeatLastN, float presencePenalty, float frequencyPenalty, long seed) {

    public SamplingParams {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 disables it), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1] (1 disables it), got " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("minP must be in [0, 1] (0 disables it), got " + minP);
        }
        if (!(repeatPenalty > 0) || Float.isInfinite(repeatPenalty)) {
            throw new IllegalArgumentException(
                    "repeatPenalty must be a finite number > 0 (1 disables it), got " + repeatPenalty);
        }
        if (repeatLastN < 0) {
            throw new IllegalArgumentException("repeatLastN must be >= 0 (0 disables penalties), got " + repeatLastN);
        }
        if (!Float.isFinite(presencePenalty)) {
            throw new IllegalArgumentException("presencePenalty must be finite, got " + presencePenalty);
        }
        if (!Float.isFinite(frequencyPenalty)) {
            throw new IllegalArgumentException("frequencyPenalty must be finite, got " + frequencyPenalty);
        }
    }

    /** Always the most likely token, no penalties. */
    public static SamplingParams greedy() {
        return new SamplingParams(0f, 0, 1f, 0f, 1f, 64, 0f, 0f, 0L);
    }

    /** llama.cpp's defaults (temp 0.8, top_k 40, top_p 0.95, min_p 0.05, penalties off) with a random seed. */
    public static SamplingParams defaults() {
        return new SamplingParams(0.8f, 40, 0.95f, 0.05f, 1f, 64, 0f, 0f, ThreadLocalRandom.current().nextLong());
    }

    public boolean isGreedy() {
        return temperature == 0 || topK == 1;
    }

    /** True when the penalties can change a logit. */
    public boolean hasPenalties() {
        return repeatLastN > 0 && (repeatPenalty != 1f || presencePenalty != 0f || frequencyPenalty != 0f);
    }

    public SamplingParams withTemperature(float v) {
        return new SamplingParams(v, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed);
    }

    public SamplingParams withTopK(int v) {
        return new SamplingParams(temperature, v, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed);
    }

    public SamplingParams withTopP(float v) {
        return new SamplingParams(temperature, topK, v, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed);
    }

    public SamplingParams withMinP(float v) {
        return new SamplingParams(temperature, topK, topP, v, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed);
    }

    public SamplingParams withRepeatPenalty(float v, int lastN) {
        return new SamplingParams(temperature, topK, topP, minP, v, lastN, presencePenalty, frequencyPenalty, seed);
    }

    public SamplingParams withPresencePenalty(float v) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, v, frequencyPenalty, seed);
    }

    public SamplingParams withFrequencyPenalty(float v) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, v, seed);
    }

    public SamplingParams withSeed(long v) {
        return new SamplingParams(temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, v);
    }
}
