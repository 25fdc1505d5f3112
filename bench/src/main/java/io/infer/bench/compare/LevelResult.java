package io.infer.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One target at one concurrency level, over all its measured rounds. Rates are per request unless named
 * aggregate; latencies are in milliseconds. A null summary means nothing was measured (no server rate, or no
 * request with two tokens).
 *
 * @param requests           requests sent (runs × concurrency)
 * @param failed             requests that failed
 * @param errors             distinct failure messages (at most five)
 * @param promptTokens       prompt tokens per request, as the server counted them
 * @param completionTokens   completion tokens per request
 * @param serverTokPerSec    decode tok/s the server reports (llama {@code timings}, Ollama {@code eval_*})
 * @param clientDecodeTokPerSec decode tok/s the client measures: (tokens − 1) / (last chunk − first chunk)
 * @param e2eTokPerSec       completion tokens / request wall clock (the reference guide's vLLM/LM Studio figure)
 * @param ttftMs             time to first token
 * @param itlMs              gaps between token chunks, all requests pooled
 * @param tpotMs             (e2e − ttft) / (tokens − 1) per request
 * @param aggregateTokPerSec all completion tokens of the level / the rounds' wall clock (rounds run one at a time)
 * @param wallSeconds        the rounds' wall clock
 */
public record LevelResult(String target, String api, int concurrency, int requests, int failed, List<String> errors,
                          Summary promptTokens, Summary completionTokens, Summary serverTokPerSec,
                          Summary clientDecodeTokPerSec, Summary e2eTokPerSec, Summary ttftMs, Summary itlMs,
                          Summary tpotMs, double aggregateTokPerSec, double wallSeconds) {

    /** Summarises the rounds of one level; {@code roundNanos} is each round's wall clock. */
    static LevelResult of(Target target, int concurrency, List<RequestResult> results, long totalRoundNanos) {
        List<Double> prompt = new ArrayList<>();
        List<Double> completion = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        List<Double> client = new ArrayList<>();
        List<Double> e2e = new ArrayList<>();
        List<Double> ttft = new ArrayList<>();
        List<Double> itl = new ArrayList<>();
        List<Double> tpot = new ArrayList<>();
        Set<String> errors = new LinkedHashSet<>();
        int failed = 0;
        long tokens = 0;
        for (RequestResult r : results) {
            if (!r.ok()) {
                failed++;
                if (errors.size() < 5) {
                    errors.add(r.error());
                }
                continue;
            }
            tokens += r.completionTokens();
            completion.add((double) r.completionTokens());
            if (r.promptTokens() >= 0) {
                prompt.add((double) r.promptTokens());
            }
            addIfPresent(server, r.serverTokPerSec());
            addIfPresent(client, r.clientDecodeTokPerSec());
            addIfPresent(e2e, r.e2eTokPerSec());
            addIfPresent(tpot, r.tpotMillis());
            if (r.ttftNanos() >= 0) {
                ttft.add(r.ttftNanos() / 1e6);
            }
            for (long g : r.itlNanos()) {
                itl.add(g / 1e6);
            }
        }
        double wall = totalRoundNanos / 1e9;
        return new LevelResult(target.name(), target.api().id(), concurrency, results.size(), failed,
                List.copyOf(errors), Summary.of(prompt), Summary.of(completion), Summary.of(server),
                Summary.of(client), Summary.of(e2e), Summary.of(ttft), Summary.of(itl), Summary.of(tpot),
                wall > 0 ? tokens / wall : 0, wall);
    }

    private static void addIfPresent(List<Double> list, Double v) {
        if (v != null) {
            list.add(v);
        }
    }
}
