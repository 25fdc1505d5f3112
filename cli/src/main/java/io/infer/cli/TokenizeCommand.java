package io.infer.cli;

import io.infer.model.Qwen3Model;
import io.infer.tokenizer.Qwen2Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tokenize", mixinStandardHelpOptions = true, description = "Print the token ids of a text.")
final class TokenizeCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, required = true, description = "GGUF model file (its tokenizer is used)")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TextSource source;

    @Option(names = "--no-special", description = "treat special-token text like <|im_start|> as plain text")
    boolean noSpecial;

    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    static final class TextSource {
        @Option(names = "--text", description = "the text")
        String text;

        @Option(names = "--file", description = "read the text from this file (bytes as they are)")
        Path file;

        String read() throws java.io.IOException {
            return text != null ? text : Files.readString(file);
        }
    }

    @Override
    public Integer call() throws Exception {
        String text = source.read();
        try (Qwen3Model m = Qwen3Model.load(model)) {
            Qwen2Tokenizer tok = m.tokenizer();
            int[] ids = tok.encode(text, !noSpecial);
            if (json) {
                System.out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]")));
            } else {
                for (int id : ids) {
                    System.out.printf("%6d %s%n", id, printable(tok.tokenText(id)));
                }
                System.out.println(ids.length + " tokens");
            }
        }
        return 0;
    }

    private static String printable(String s) {
        return "'" + s.replace("\n", "\\n") + "'";
    }
}
