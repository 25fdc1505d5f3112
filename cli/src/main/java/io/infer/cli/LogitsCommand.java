package io.infer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer.backend.Backend;
import io.infer.backend.Backends;
import io.infer.backend.ForwardPass;
import io.infer.eval.LogitsReport;
import io.infer.model.Qwen3Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Print prompt and greedy logits as JSON in the format of the golden files, to compare any backend with llama.cpp.")
final class LogitsCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, description = "GGUF model file")
    Path model;

    @Option(names = "--file", required = true, description = "prompt file (its exact bytes; special tokens are parsed)")
    Path file;

    @Option(names = "--top", defaultValue = "32", description = "top entries per position (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--greedy", defaultValue = "16", description = "greedy tokens to decode (default: ${DEFAULT-VALUE})")
    int greedy;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = {"-o", "--output"}, description = "write the JSON here instead of stdout")
    Path output;

    @Override
    public Integer call() throws Exception {
        String prompt = Files.readString(file);
        try (Qwen3Model m = Qwen3Model.load(model)) {
            int[] tokens = m.tokenizer().encode(prompt, true);
            Backend b = Backends.choose(backend, System.err::println);
            int ctx = Math.min(m.config().contextLength(), Math.max(256, tokens.length + greedy));
            try (ForwardPass pass = b.open(m, 1, ctx)) {
                LogitsReport report = LogitsReport.compute(pass, tokens, top, greedy);
                String json = new ObjectMapper().writeValueAsString(report);
                if (output != null) {
                    Files.writeString(output, json);
                } else {
                    System.out.println(json);
                }
            }
        }
        return 0;
    }
}
