package io.infer.cli;

import io.infer.gguf.GgufFile;
import io.infer.model.BuiltinVocabulary;
import io.infer.model.Qwen3Synth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model used when none is given: a small Qwen3 with RANDOM weights and the real Qwen3 tokenizer, made once. */
final class DemoModel {

    private DemoModel() {
    }

    static Path resolve(Path given) throws IOException {
        if (given != null) {
            return given;
        }
        Path demo = BuiltinVocabulary.cacheDir().resolve("demo-qwen3-small-random.gguf");
        System.err.println("no model given (-m): using a demo Qwen3 with RANDOM weights (" + demo + ");"
                + " its output is gibberish. Pass -m model.gguf for a real model.");
        if (!Files.isRegularFile(demo)) {
            try (GgufFile vocab = GgufFile.open(BuiltinVocabulary.path())) {
                Qwen3Synth.write(Qwen3Synth.Preset.SMALL, vocab, demo, 42, ConsoleProgress.stderr());
            }
        }
        return demo;
    }
}
