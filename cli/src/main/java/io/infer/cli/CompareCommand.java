package io.infer.cli;

import io.infer.bench.compare.CompareConfig;
import io.infer.bench.compare.CompareReport;
import io.infer.bench.compare.Comparison;
import io.infer.bench.compare.Prompts;
import io.infer.bench.compare.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {
            "Measures running servers the same way (streamed completions; same prompts, max_tokens, temperature, "
                    + "warm-up and repetitions) and reports decode tok/s (server-reported and client-measured), time "
                    + "to first token, inter-token latency p50/p99 and aggregate throughput per concurrency level: a "
                    + "markdown table on stdout, and compare.md, compare.json and compare.png in --out.",
            "",
            "Kinds: infer and llama (/v1/completions, rate from timings.predicted_ms), ollama (/api/generate, rate "
                    + "from eval_count/eval_duration), vllm and lmstudio (/v1/completions, usage + client clock), "
                    + "openai (any other OpenAI-compatible server)."},
        footer = {"", "Example:",
            "  infer compare --target infer=http://127.0.0.1:8080 \\",
            "      --target llama=http://127.0.0.1:8081 \\",
            "      --target ollama=ollama:http://127.0.0.1:11434 \\",
            "      --model-for ollama=qwen3:8b \\",
            "      --runs 5 --concurrency 1,8,32 --out bench/results/compare-qwen3-8b"})
final class CompareCommand implements Callable<Integer> {

    @Option(names = {"-t", "--target"}, required = true, paramLabel = "NAME=[KIND:]URL",
            description = "a server to measure (repeat); KIND is infer, llama, ollama, vllm, lmstudio or openai, "
                    + "default: NAME if it is a kind, else openai")
    List<String> targets;

    @Option(names = {"-m", "--model"}, description = "model name sent to every target (default: the first model each server lists)")
    String model;

    @Option(names = "--model-for", paramLabel = "NAME=MODEL", description = "model name for one target (repeat)")
    Map<String, String> modelFor = new LinkedHashMap<>();

    @Option(names = {"-r", "--runs"}, defaultValue = "5", description = "measured rounds per concurrency level (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", description = "unmeasured requests per target first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = {"-c", "--concurrency"}, split = ",", defaultValue = "1",
            description = "concurrency levels: a round sends this many requests at once (default: ${DEFAULT-VALUE})")
    List<Integer> concurrency;

    @Option(names = {"-n", "--max-tokens"}, defaultValue = "512", description = "max_tokens / num_predict (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "sampling temperature (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--seed", description = "seed sent with every request")
    Long seed;

    @Option(names = "--ignore-eos", description = "ask for exactly max_tokens tokens (llama-server, vLLM, infer; Ollama has no such option)")
    boolean ignoreEos;

    @Option(names = "--prompts", paramLabel = "FILE", description = "one prompt per line (default: five built-in prompts)")
    Path prompts;

    @Option(names = "--api-key", description = "sent as Authorization: Bearer to every target")
    String apiKey;

    @Option(names = "--timeout", defaultValue = "600", description = "seconds per request (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "where compare.{md,json,png} go (default: compare-<date-time>)")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Target> parsed = new ArrayList<>();
        for (String spec : targets) {
            Target t = Target.parse(spec);
            parsed.add(modelFor.containsKey(t.name()) ? t.withModel(modelFor.get(t.name())) : t);
        }
        for (String name : modelFor.keySet()) {
            if (parsed.stream().noneMatch(t -> t.name().equals(name))) {
                throw new IllegalArgumentException("--model-for names no target: " + name);
            }
        }
        CompareConfig config = CompareConfig.defaults(parsed)
                .withModel(model)
                .withPrompts(prompts == null ? Prompts.BUILT_IN : Prompts.fromFile(prompts))
                .withMaxTokens(maxTokens)
                .withTemperature(temperature)
                .withRuns(runs)
                .withWarmup(warmup)
                .withConcurrency(concurrency)
                .withSeed(seed)
                .withIgnoreEos(ignoreEos)
                .withApiKey(apiKey)
                .withTimeout(Duration.ofSeconds(timeoutSeconds));
        Path dir = out != null ? out
                : Path.of("compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        CompareReport report = new Comparison(config, System.err).run();
        System.out.println(report.toMarkdown());
        report.write(dir);
        System.err.println("wrote " + dir.resolve(CompareReport.MARKDOWN_FILE) + ", " + dir.resolve(CompareReport.JSON_FILE)
                + " and " + dir.resolve(CompareReport.CHART_FILE));
        boolean anyOk = report.results().stream().anyMatch(r -> r.failed() < r.requests());
        return anyOk ? 0 : 1;
    }
}
