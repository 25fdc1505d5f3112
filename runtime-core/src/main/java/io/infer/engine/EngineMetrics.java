package io.infer.engine;

/**
 * A snapshot of the engine's counters (since start) and gauges (now).
 *
 * @param requestsStopped    finished with {@link FinishReason#STOP}
 * @param requestsLength     finished with {@link FinishReason#LENGTH}
 * @param requestsCancelled  finished with {@link FinishReason#CANCELLED}
 * @param requestsFailed     finished with {@link FinishReason#ERROR}
 * @param promptTokens       prompt tokens processed
 * @param promptNanos        time spent processing prompts (summed over requests)
 * @param generatedTokens    tokens sampled
 * @param decodeNanos        time spent generating after the first token (summed over requests)
 * @param decodeSteps        batched decode calls
 * @param decodeStepTokens   tokens fed by those calls (their batch sizes summed)
 * @param busySlots          sequences holding a slot now
 * @param queued             requests waiting for a slot now
 * @param slots              parallel sequences
 */
public record EngineMetrics(
        long requestsStopped,
        long requestsLength,
        long requestsCancelled,
        long requestsFailed,
        long promptTokens,
        long promptNanos,
        long generatedTokens,
        long decodeNanos,
        long decodeSteps,
        long decodeStepTokens,
        int busySlots,
        int queued,
        int slots) {

    public long requestsFinished() {
        return requestsStopped + requestsLength + requestsCancelled + requestsFailed;
    }
}
