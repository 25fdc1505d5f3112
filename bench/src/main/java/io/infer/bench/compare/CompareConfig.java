package io.infer.bench.compare;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Comparison} runs: every target gets the same prompts, sampling settings, warm-up and repetitions.
 *
 * @param targets     servers, measured one after another (never at the same time)
 * @param model       model name sent to targets without their own; null: ask each server for its first model
 * @param prompts     request {@code i} of a round uses prompt {@code (round·concurrency + i) mod size}
 * @param maxTokens   {@code max_tokens} / Ollama {@code num_predict}
 * @param temperature sampling temperature
 * @param runs        measured rounds per concurrency level
 * @param warmup      unmeasured single requests per target before its first level
 * @param concurrency levels: a round at level c sends c requests at once
 * @param seed        sent as {@code seed} when not null
 * @param ignoreEos   send {@code ignore_eos:true} (llama-server, vLLM) so every request produces maxTokens tokens
 * @param apiKey      sent as {@code Authorization: Bearer} when not null
 * @param timeout     per request
 */
public record CompareConfig(List<Target> targets, String model, List<String> prompts, int maxTokens,
                            double temperature, int runs, int warmup, List<Integer> concurrency, Long seed,
                            boolean ignoreEos, String apiKey, Duration timeout) {

    public static final int DEFAULT_MAX_TOKENS = 512;
    public static final double DEFAULT_TEMPERATURE = 0.8;

    public CompareConfig {
        targets = List.copyOf(targets);
        prompts = List.copyOf(prompts);
        concurrency = List.copyOf(concurrency);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no --target given");
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up must not be negative, got " + warmup);
        }
        if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("concurrency levels must be positive: " + concurrency);
        }
        if (targets.stream().map(Target::name).distinct().count() != targets.size()) {
            throw new IllegalArgumentException("target names must differ");
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
    }

    /** The defaults of the reference setup: built-in prompts, 512 tokens, temperature 0.8, 5 runs, 2 warm-ups, concurrency 1. */
    public static CompareConfig defaults(List<Target> targets) {
        return new CompareConfig(targets, null, Prompts.BUILT_IN, DEFAULT_MAX_TOKENS, DEFAULT_TEMPERATURE, 5, 2,
                List.of(1), null, false, null, Duration.ofMinutes(10));
    }

    public CompareConfig withModel(String v) {
        return new CompareConfig(targets, v, prompts, maxTokens, temperature, runs, warmup, concurrency, seed, ignoreEos, apiKey, timeout);
    }

    public CompareConfig withPrompts(List<String> v) {
        return new CompareConfig(targets, model, v, maxTokens, temperature, runs, warmup, concurrency, seed, ignoreEos, apiKey, timeout);
    }

    public CompareConfig withMaxTokens(int v) {
        return new CompareConfig(targets, model, prompts, v, temperature, runs, warmup, concurrency, seed, ignoreEos, apiKey, timeout);
    }

    public CompareConfig withTemperature(double v) {
        return new CompareConfig(targets, model, prompts, maxTokens, v, runs, warmup, concurrency, seed, ignoreEos, apiKey, timeout);
    }

    public CompareConfig withRuns(int v) {
        return new CompareConfig(targets, model, prompts, maxTokens, temperature, v, warmup, concurrency, seed, ignoreEos, apiKey, timeout);
    }

    public CompareConfig withWarmup(int v) {
        return new CompareConfig(targets, model, prompts, maxTokens, temperature, runs, v, concurrency, seed, ignoreEos, apiKey, timeout);
    }

    public CompareConfig withConcurrency(List<Integer> v) {
        return new CompareConfig(targets, model, prompts, maxTokens, temperature, runs, warmup, v, seed, ignoreEos, apiKey, timeout);
    }

    public CompareConfig withSeed(Long v) {
        return new CompareConfig(targets, model, prompts, maxTokens, temperature, runs, warmup, concurrency, v, ignoreEos, apiKey, timeout);
    }

    public CompareConfig withIgnoreEos(boolean v) {
        return new CompareConfig(targets, model, prompts, maxTokens, temperature, runs, warmup, concurrency, seed, v, apiKey, timeout);
    }

    public CompareConfig withApiKey(String v) {
        return new CompareConfig(targets, model, prompts, maxTokens, temperature, runs, warmup, concurrency, seed, ignoreEos, v, timeout);
    }

    public CompareConfig withTimeout(Duration v) {
        return new CompareConfig(targets, model, prompts, maxTokens, temperature, runs, warmup, concurrency, seed, ignoreEos, apiKey, v);
    }
}
