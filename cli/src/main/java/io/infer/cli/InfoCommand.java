package io.infer.cli;

import io.infer.gguf.GgufFile;
import io.infer.gguf.GgufTensor;
import io.infer.model.Qwen3Config;
import io.infer.model.Qwen3Model;
import io.infer.tensor.GgmlType;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model's architecture, hyperparameters, tensor and parameter counts, quant mix and size.")
final class InfoCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, description = "GGUF model file")
    Path model;

    @Override
    public Integer call() throws Exception {
        try (Qwen3Model m = Qwen3Model.load(model)) {
            GgufFile f = m.gguf();
            Qwen3Config c = m.config();
            System.out.printf("file:            %s (GGUF v%d, %s)%n", model, f.version(), ConsoleProgress.bytes(f.fileSize()));
            System.out.printf("name:            %s%n", m.name());
            System.out.printf("architecture:    %s%n", c.architecture());
            System.out.printf("layers:          %d%n", c.blockCount());
            System.out.printf("embedding:       %d%n", c.embeddingLength());
            System.out.printf("feed-forward:    %d%n", c.feedForwardLength());
            System.out.printf("heads:           %d (kv %d, head dim %d)%n", c.headCount(), c.headCountKv(), c.headDim());
            System.out.printf("context:         %d%n", c.contextLength());
            System.out.printf("rope base:       %.0f%n", c.ropeFreqBase());
            System.out.printf("rms eps:         %g%n", c.rmsEps());
            System.out.printf("vocabulary:      %d%n", c.vocabSize());
            System.out.printf("output:          %s%n", c.tiedOutput() ? "tied to token_embd" : "separate");
            System.out.printf("tensors:         %d%n", f.tensors().size());
            System.out.printf("parameters:      %,d (%.2f B)%n", m.parameterCount(), m.parameterCount() / 1e9);
            Map<GgmlType, long[]> mix = new TreeMap<>();
            for (GgufTensor t : f.tensors()) {
                long[] agg = mix.computeIfAbsent(t.type(), k -> new long[2]);
                agg[0]++;
                agg[1] += t.byteSize();
            }
            System.out.println("quant mix:");
            for (Map.Entry<GgmlType, long[]> e : mix.entrySet()) {
                System.out.printf("  %-6s %4d tensors %12s%n", e.getKey(), e.getValue()[0], ConsoleProgress.bytes(e.getValue()[1]));
            }
        }
        return 0;
    }
}
