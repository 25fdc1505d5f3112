package io.infer.server;

import io.infer.sampling.SamplingParams;
import java.util.concurrent.ThreadLocalRandom;

/** Request fields → {@link SamplingParams}, with each API's defaults. */
final class Sampling {

    private Sampling() {
    }

    /**
     * OpenAI and vLLM fields with OpenAI's defaults (temperature 1, top_p 1, everything else off). Also takes
     * llama-server's and vLLM's extras: {@code top_k} (-1 off), {@code min_p}, {@code repetition_penalty} /
     * {@code repeat_penalty}, {@code repeat_last_n} / {@code penalty_last_n}.
     */
    static SamplingParams openAi(Fields f, int choice) {
        double temperature = f.number("temperature", 1.0, 0, 10);
        double topP = f.number("top_p", 1.0, 0, 1);
        int topK = f.integer("top_k", 0, -1, Integer.MAX_VALUE);
        double minP = f.number("min_p", 0.0, 0, 1);
        double presence = f.number("presence_penalty", 0.0, -2, 2);
        double frequency = f.number("frequency_penalty", 0.0, -2, 2);
        String repeatField = f.has("repetition_penalty") ? "repetition_penalty" : "repeat_penalty";
        double repeat = f.number(repeatField, 1.0, 0, 10);
        if (repeat <= 0) {
            throw ApiException.badRequest("'" + repeatField + "' must be > 0 (1 disables it)", repeatField);
        }
        String lastNField = f.has("penalty_last_n") ? "penalty_last_n" : "repeat_last_n";
        int lastN = f.integer(lastNField, 64, -1, 1 << 20);
        Long seed = f.longValue("seed", null);
        return build(temperature, topK, topP, minP, repeat, lastN, presence, frequency, seed, choice);
    }

    /** Ollama's {@code options} with Ollama's defaults (temperature 0.8, top_k 40, top_p 0.9, repeat_penalty 1.1). */
    static SamplingParams ollama(Fields o) {
        double temperature = o.number("temperature", 0.8, 0, 10);
        double topP = o.number("top_p", 0.9, 0, 1);
        int topK = o.integer("top_k", 40, -1, Integer.MAX_VALUE);
        double minP = o.number("min_p", 0.0, 0, 1);
        double presence = o.number("presence_penalty", 0.0, -2, 2);
        double frequency = o.number("frequency_penalty", 0.0, -2, 2);
        double repeat = o.number("repeat_penalty", 1.1, 0, 10);
        if (repeat <= 0) {
            throw ApiException.badRequest("'" + o.path("repeat_penalty") + "' must be > 0", o.path("repeat_penalty"));
        }
        int lastN = o.integer("repeat_last_n", 64, -1, 1 << 20);
        Long seed = o.longValue("seed", null);
        return build(temperature, topK, topP, minP, repeat, lastN, presence, frequency,
                seed == null || seed < 0 ? null : seed, 0);
    }

    private static SamplingParams build(double temperature, int topK, double topP, double minP, double repeat,
            int lastN, double presence, double frequency, Long seed, int choice) {
        if (topK < 0) {
            topK = 0;
        }
        if (topP <= 0) {
            // top_p 0 keeps only the most likely token
            topK = 1;
            topP = 1;
        }
        if (lastN < 0) {
            lastN = 1 << 16; // -1: the whole context
        }
        long s = seed == null ? ThreadLocalRandom.current().nextLong() : seed + choice;
        return new SamplingParams((float) temperature, topK, (float) topP, (float) minP, (float) repeat, lastN,
                (float) presence, (float) frequency, s);
    }
}
