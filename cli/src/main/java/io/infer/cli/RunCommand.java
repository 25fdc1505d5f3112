package io.infer.cli;

import io.infer.api.Completion;
import io.infer.api.GenerateOptions;
import io.infer.api.InferModel;
import io.infer.engine.ContextLengthExceededException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Generate a completion, streamed to stdout, then print prompt and decode speed to stderr.")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, description = "GGUF model file (default: a demo model with random weights)")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PromptSource prompt;

    @Option(names = {"-n", "--n-predict"}, defaultValue = "128", description = "tokens to generate (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--chat", description = "wrap the prompt as a user message with the model's chat template")
    boolean chat;

    @Option(names = "--no-think", description = "with --chat: disable Qwen3 thinking")
    boolean noThink;

    @Option(names = "--stop", description = "stop string (repeatable)")
    List<String> stop;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = {"-c", "--ctx-size"}, defaultValue = "4096", description = "context length (default: ${DEFAULT-VALUE})")
    int ctxSize;

    @Mixin
    SamplingOptions sampling;

    static final class PromptSource {
        @Option(names = {"-p", "--prompt"}, description = "the prompt")
        String text;

        @Option(names = "--file", description = "read the prompt from this file")
        Path file;

        String read() throws java.io.IOException {
            return text != null ? text : Files.readString(file);
        }
    }

    @Override
    public Integer call() throws Exception {
        String text = prompt.read();
        Path path = DemoModel.resolve(model);
        try (InferModel m = InferModel.load(path, InferModel.Options.defaults().backend(backend).contextLength(ctxSize))) {
            GenerateOptions options = GenerateOptions.defaults().maxTokens(maxTokens).sampling(sampling.params())
                    .stop(stop).thinking(!noThink);
            Completion c;
            if (chat) {
                c = m.chat(List.of(Map.of("role", "user", "content", text)), options, RunCommand::print);
            } else {
                int[] tokens = m.model().tokenizer().encode(text, true);
                if (tokens.length + maxTokens > m.engine().contextLength()) {
                    // refuse before echoing the prompt, so the error is not buried under it
                    throw new ContextLengthExceededException(tokens.length, maxTokens, m.engine().contextLength());
                }
                System.out.print(text);
                c = m.generate(tokens, options, RunCommand::print);
            }
            System.out.println();
            System.err.printf("%nprompt: %d tokens, %.1f tok/s | decode: %d tokens, %.1f tok/s | %s | backend %s%n",
                    c.promptTokens(), c.promptTokensPerSecond(), c.completionTokens(), c.decodeTokensPerSecond(),
                    c.finishReason().wireName(), m.backendName());
        }
        return 0;
    }

    private static void print(String s) {
        System.out.print(s);
        System.out.flush();
    }
}
