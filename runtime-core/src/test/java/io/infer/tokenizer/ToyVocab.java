package io.infer.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** A tiny byte-level vocabulary: ids 0..255 are the single bytes, then whatever a test adds. */
final class ToyVocab {

    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final List<String> merges = new ArrayList<>();

    ToyVocab() {
        for (int b = 0; b < 256; b++) {
            add(String.valueOf(ByteLevel.charOf(b)), TokenType.NORMAL);
        }
    }

    int add(String text, TokenType type) {
        tokens.add(text);
        types.add(type.code());
        return tokens.size() - 1;
    }

    /** Adds the merge "left right" (next rank) and its result as a normal token; returns the result's id. */
    int merge(String left, String right) {
        merges.add(left + " " + right);
        int existing = tokens.indexOf(left + right);
        return existing >= 0 ? existing : add(left + right, TokenType.NORMAL);
    }

    Qwen2Tokenizer build(int eos) {
        return new Qwen2Tokenizer(tokens.toArray(String[]::new), merges.toArray(String[]::new),
                types.stream().mapToInt(Integer::intValue).toArray(), eos);
    }
}
