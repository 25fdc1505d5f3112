package io.infer.server;

import io.infer.engine.EngineMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** HTTP-level counters and the time-to-first-token histogram; renders them with the engine's in Prometheus text. */
final class ServerMetrics {

    private static final double[] TTFT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final AtomicLongArray ttftBuckets = new AtomicLongArray(TTFT_BUCKETS.length);
    private final AtomicLong ttftCount = new AtomicLong();
    private final AtomicLong ttftNanosSum = new AtomicLong();

    void request(String route, int status) {
        requests.computeIfAbsent(route + "\u0000" + status, k -> new AtomicLong()).incrementAndGet();
    }

    void timeToFirstToken(long nanos) {
        double s = nanos / 1e9;
        for (int i = 0; i < TTFT_BUCKETS.length; i++) {
            if (s <= TTFT_BUCKETS[i]) {
                ttftBuckets.incrementAndGet(i);
            }
        }
        ttftCount.incrementAndGet();
        ttftNanosSum.addAndGet(nanos);
    }

    String render(EngineMetrics e, String model) {
        StringBuilder sb = new StringBuilder(4096);
        String label = "{model_name=\"" + escape(model) + "\"}";
        header(sb, "infer_http_requests_total", "counter", "HTTP requests answered, by route and status.");
        Map<String, AtomicLong> sorted = new TreeMap<>(requests);
        for (var entry : sorted.entrySet()) {
            String[] k = entry.getKey().split("\u0000");
            sb.append("infer_http_requests_total{route=\"").append(escape(k[0])).append("\",status=\"").append(k[1])
                    .append("\"} ").append(entry.getValue().get()).append('\n');
        }
        header(sb, "infer_requests_total", "counter", "Generations finished, by finish reason.");
        finished(sb, "stop", e.requestsStopped(), model);
        finished(sb, "length", e.requestsLength(), model);
        finished(sb, "cancelled", e.requestsCancelled(), model);
        finished(sb, "error", e.requestsFailed(), model);
        metric(sb, "infer_prompt_tokens_total", "counter", "Prompt tokens processed.", label, e.promptTokens());
        metric(sb, "infer_generation_tokens_total", "counter", "Tokens generated.", label, e.generatedTokens());
        metric(sb, "infer_prompt_seconds_total", "counter", "Time spent processing prompts.", label, e.promptNanos() / 1e9);
        metric(sb, "infer_decode_seconds_total", "counter", "Time spent generating after the first token.", label, e.decodeNanos() / 1e9);
        metric(sb, "infer_decode_steps_total", "counter", "Batched decode steps.", label, e.decodeSteps());
        metric(sb, "infer_busy_slots", "gauge", "Slots running a request.", label, e.busySlots());
        metric(sb, "infer_slots", "gauge", "Parallel slots.", label, e.slots());
        metric(sb, "infer_queue_length", "gauge", "Requests waiting for a slot.", label, e.queued());
        header(sb, "infer_time_to_first_token_seconds", "histogram", "Time from request to first generated token.");
        for (int i = 0; i < TTFT_BUCKETS.length; i++) {
            sb.append("infer_time_to_first_token_seconds_bucket{model_name=\"").append(escape(model)).append("\",le=\"")
                    .append(num(TTFT_BUCKETS[i])).append("\"} ").append(ttftBuckets.get(i)).append('\n');
        }
        sb.append("infer_time_to_first_token_seconds_bucket{model_name=\"").append(escape(model)).append("\",le=\"+Inf\"} ")
                .append(ttftCount.get()).append('\n');
        sb.append("infer_time_to_first_token_seconds_sum").append(label).append(' ').append(num(ttftNanosSum.get() / 1e9)).append('\n');
        sb.append("infer_time_to_first_token_seconds_count").append(label).append(' ').append(ttftCount.get()).append('\n');
        // llama-server's names, for dashboards built for it
        metric(sb, "llamacpp:prompt_tokens_total", "counter", "Number of prompt tokens processed.", "", e.promptTokens());
        metric(sb, "llamacpp:prompt_seconds_total", "counter", "Prompt process time.", "", e.promptNanos() / 1e9);
        metric(sb, "llamacpp:tokens_predicted_total", "counter", "Number of generation tokens processed.", "", e.generatedTokens());
        metric(sb, "llamacpp:tokens_predicted_seconds_total", "counter", "Predict process time.", "", e.decodeNanos() / 1e9);
        metric(sb, "llamacpp:n_decode_total", "counter", "Total number of llama_decode() calls.", "", e.decodeSteps());
        metric(sb, "llamacpp:n_busy_slots_per_decode", "gauge", "Average number of busy slots per llama_decode() call.", "",
                e.decodeSteps() == 0 ? 0 : (double) e.decodeStepTokens() / e.decodeSteps());
        metric(sb, "llamacpp:requests_processing", "gauge", "Number of requests processing.", "", e.busySlots());
        metric(sb, "llamacpp:requests_deferred", "gauge", "Number of requests deferred.", "", e.queued());
        return sb.toString();
    }

    private static void finished(StringBuilder sb, String reason, long n, String model) {
        sb.append("infer_requests_total{model_name=\"").append(escape(model)).append("\",finished_reason=\"").append(reason)
                .append("\"} ").append(n).append('\n');
    }

    private static void header(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void metric(StringBuilder sb, String name, String type, String help, String labels, double v) {
        header(sb, name, type, help);
        sb.append(name).append(labels).append(' ').append(num(v)).append('\n');
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
