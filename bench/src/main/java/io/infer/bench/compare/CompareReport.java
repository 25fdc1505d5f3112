package io.infer.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a {@link Comparison} measured, as a markdown table, JSON and a PNG chart. */
public record CompareReport(Instant started, Duration duration, CompareConfig config, List<Target> targets,
                            List<LevelResult> results) {

    public static final String JSON_FILE = "compare.json";
    public static final String MARKDOWN_FILE = "compare.md";
    public static final String CHART_FILE = "compare.png";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The results of one target, in concurrency order. */
    public List<LevelResult> resultsFor(String target) {
        return results.stream().filter(r -> r.target().equals(target)).toList();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## infer compare, ").append(started.truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        sb.append(String.format(Locale.ROOT,
                "max_tokens %d, temperature %s, %d run(s) per level after %d warm-up request(s), %d prompt(s), "
                        + "streamed; %s.%n%n",
                config.maxTokens(), fmt(config.temperature()), config.runs(), config.warmup(), config.prompts().size(),
                config.ignoreEos() ? "ignore_eos on" : "stops at EOS"));
        sb.append("| backend | api | model | conc | ok | tokens/req | decode tok/s (server) | decode tok/s (client) "
                + "| e2e tok/s | TTFT p50 ms | TTFT p99 ms | ITL p50 ms | ITL p99 ms | aggregate tok/s |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LevelResult r : results) {
            Target t = target(r.target());
            sb.append("| ").append(r.target())
                    .append(" | ").append(r.api())
                    .append(" | ").append(t == null ? "" : t.model())
                    .append(" | ").append(r.concurrency())
                    .append(" | ").append(r.requests() - r.failed()).append('/').append(r.requests())
                    .append(" | ").append(mean(r.completionTokens(), 0))
                    .append(" | ").append(mean(r.serverTokPerSec(), 1))
                    .append(" | ").append(mean(r.clientDecodeTokPerSec(), 1))
                    .append(" | ").append(mean(r.e2eTokPerSec(), 1))
                    .append(" | ").append(r.ttftMs() == null ? "" : fmt(r.ttftMs().p50(), 1))
                    .append(" | ").append(r.ttftMs() == null ? "" : fmt(r.ttftMs().p99(), 1))
                    .append(" | ").append(r.itlMs() == null ? "" : fmt(r.itlMs().p50(), 2))
                    .append(" | ").append(r.itlMs() == null ? "" : fmt(r.itlMs().p99(), 2))
                    .append(" | ").append(fmt(r.aggregateTokPerSec(), 1))
                    .append(" |\n");
        }
        sb.append("\nDecode tok/s are means over requests: server = what the server reports (");
        sb.append(String.join("; ", targets.stream().map(t -> t.name() + ": " + t.api().serverRateSource()).toList()));
        sb.append("); client = (tokens − 1) / (last chunk − first chunk); e2e = tokens / request wall clock. "
                + "Aggregate = all tokens of a level / its rounds' wall clock.\n");
        for (LevelResult r : results) {
            for (String e : r.errors()) {
                sb.append("\n- ").append(r.target()).append(" @").append(r.concurrency()).append(": ").append(e);
            }
        }
        return sb.toString();
    }

    /** The report as the JSON object written to {@value #JSON_FILE}. */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", started.toString());
        root.put("duration_s", duration.toMillis() / 1000.0);
        root.put("client", client());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", config.model());
        c.put("max_tokens", config.maxTokens());
        c.put("temperature", config.temperature());
        c.put("runs", config.runs());
        c.put("warmup", config.warmup());
        c.put("concurrency", config.concurrency());
        c.put("seed", config.seed());
        c.put("ignore_eos", config.ignoreEos());
        c.put("prompts", config.prompts());
        root.put("config", c);
        root.put("targets", targets.stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("api", t.api().id());
            m.put("url", t.base().toString());
            m.put("model", t.model());
            m.put("endpoint", t.api().protocol() == Api.Protocol.OLLAMA_GENERATE ? "/api/generate" : "/v1/completions");
            m.put("server_rate_source", t.api().serverRateSource());
            return m;
        }).toList());
        root.put("results", results);
        return root;
    }

    /** Writes {@value #MARKDOWN_FILE}, {@value #JSON_FILE} and {@value #CHART_FILE} into {@code dir} (created if needed). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKDOWN_FILE), toMarkdown(), StandardCharsets.UTF_8);
        MAPPER.writeValue(dir.resolve(JSON_FILE).toFile(), toJson());
        CompareChart.write(this, dir.resolve(CHART_FILE));
    }

    private Target target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    private static Map<String, Object> client() {
        Map<String, Object> m = new LinkedHashMap<>();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        m.put("host", host);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", Runtime.version().toString());
        return m;
    }

    private static String mean(Summary s, int decimals) {
        return s == null ? "" : fmt(s.mean(), decimals);
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
