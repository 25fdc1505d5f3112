package io.infer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.infer.backend.Backend;
import io.infer.backend.Backends;
import io.infer.backend.ForwardPass;
import io.infer.bench.LlamaBench;
import io.infer.model.Qwen3Model;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "llama-bench-style prompt (ppN) and generation (tgN) tokens/s, with decode bandwidth as a fraction of the measured limit.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, description = "GGUF model file (default: the demo model)")
    Path model;

    @Option(names = {"-p", "--n-prompt"}, split = ",", defaultValue = "512", description = "prompt sizes (default: ${DEFAULT-VALUE})")
    List<Integer> prompt;

    @Option(names = {"-n", "--n-gen"}, split = ",", defaultValue = "128", description = "generation lengths (default: ${DEFAULT-VALUE})")
    List<Integer> gen;

    @Option(names = {"-d", "--depth"}, split = ",", defaultValue = "0", description = "KV depths (default: ${DEFAULT-VALUE})")
    List<Integer> depth;

    @Option(names = {"-r", "--repetitions"}, defaultValue = "5", description = "repetitions (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = {"-b", "--batch"}, split = ",", description = "aggregate decode of this many sequences at once, after 128-token prompts (e.g. 1,4,8,16,32); replaces the pp/tg tests")
    List<Integer> batch;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    /** Prompt length before batched decode, as in the llama-batched-bench reference run. */
    private static final int BATCH_PROMPT = 128;

    @Override
    public Integer call() throws Exception {
        Path path = DemoModel.resolve(model);
        try (Qwen3Model m = Qwen3Model.load(path)) {
            Backend b = Backends.choose(backend, System.err::println);
            int maxDepth = depth.stream().mapToInt(Integer::intValue).max().orElse(0);
            int maxTokens = Math.max(prompt.stream().mapToInt(Integer::intValue).max().orElse(0),
                    gen.stream().mapToInt(Integer::intValue).max().orElse(0));
            int sequences = batch == null ? 1 : batch.stream().mapToInt(Integer::intValue).max().orElse(1);
            int positions = batch == null ? maxDepth + maxTokens + 1 : BATCH_PROMPT + gen.getFirst() + 1;
            try (ForwardPass pass = b.open(m, sequences, positions)) {
                LlamaBench bench = new LlamaBench(m, pass);
                List<LlamaBench.Result> results = new java.util.ArrayList<>();
                if (batch == null) {
                    results.addAll(bench.run(prompt, gen, depth, repetitions));
                } else {
                    for (int size : batch) {
                        results.add(bench.batched(size, BATCH_PROMPT, gen.getFirst(), repetitions));
                    }
                }
                double copyBw = pass.measureCopyBandwidth();
                if (json) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("model", path.toString());
                    out.put("backend", b.name());
                    out.put("device", b.availability().detail());
                    out.put("copy_bandwidth_bytes_per_s", Double.isNaN(copyBw) ? null : copyBw);
                    out.put("results", results);
                    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
                } else {
                    System.out.printf("model: %s | backend: %s (%s)%n", path.getFileName(), b.name(), b.availability().detail());
                    if (!Double.isNaN(copyBw)) {
                        System.out.printf("measured copy bandwidth: %.1f GB/s%n", copyBw / 1e9);
                    }
                    System.out.println("| test | depth | t/s | ± | GB/s read | of copy bw |");
                    System.out.println("|---|---:|---:|---:|---:|---:|");
                    for (LlamaBench.Result r : results) {
                        String bw = r.effectiveBandwidth() > 0 ? String.format("%.1f", r.effectiveBandwidth() / 1e9) : "";
                        String frac = r.effectiveBandwidth() > 0 && !Double.isNaN(copyBw)
                                ? String.format("%.0f%%", 100 * r.effectiveBandwidth() / copyBw) : "";
                        System.out.printf("| %s | %d | %.2f | %.2f | %s | %s |%n", r.test(), r.depth(),
                                r.meanTokensPerSecond(), r.stddev(), bw, frac);
                    }
                }
            }
        }
        return 0;
    }
}
