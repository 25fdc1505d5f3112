package io.infer.cli;

import io.infer.gguf.GgufFile;
import io.infer.model.BuiltinVocabulary;
import io.infer.model.Qwen3Synth;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a random-weight Qwen3 GGUF with a preset's exact shapes and quant mix (for tests and benchmarks).")
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--preset", required = true, description = "tiny, small or qwen3-8b-q4_k_m")
    String preset;

    @Option(names = {"-o", "--output"}, required = true, description = "GGUF file to write")
    Path output;

    @Option(names = "--vocab-from", description = "take the tokenizer from this GGUF (default: the built-in Qwen3 vocabulary)")
    Path vocabFrom;

    @Option(names = "--seed", defaultValue = "42", description = "weight seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        Qwen3Synth.Preset p = Qwen3Synth.Preset.byId(preset);
        Path vocab = vocabFrom != null ? vocabFrom : BuiltinVocabulary.path();
        long t0 = System.nanoTime();
        try (GgufFile v = GgufFile.open(vocab)) {
            Qwen3Synth.write(p, v, output, seed, ConsoleProgress.stderr());
        }
        System.out.printf("wrote %s (%s, preset %s, RANDOM weights) in %.1f s%n", output,
                ConsoleProgress.bytes(java.nio.file.Files.size(output)), p.id, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
