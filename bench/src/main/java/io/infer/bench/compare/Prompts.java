package io.infer.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The prompts every backend is sent. */
public final class Prompts {

    /** Short, open-ended prompts of different kinds, so that no backend is measured on one lucky text. */
    public static final List<String> BUILT_IN = List.of(
            "Explain in detail how a transformer language model generates text, one token at a time.",
            "Write a short story about a lighthouse keeper who finds a message in a bottle.",
            "Write a Python function that parses a CSV file and returns the average of each numeric column, then explain it.",
            "List the main causes of the French Revolution and describe each one in a paragraph.",
            "Describe the water cycle to a ten-year-old, with examples from everyday life.");

    private Prompts() {
    }

    /** One prompt per non-blank line of a UTF-8 file ({@code \n} in a line stands for a newline). */
    public static List<String> fromFile(Path file) throws IOException {
        List<String> prompts = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.replace("\\n", "\n"))
                .toList();
        if (prompts.isEmpty()) {
            throw new IOException("no prompts in " + file);
        }
        return prompts;
    }
}
