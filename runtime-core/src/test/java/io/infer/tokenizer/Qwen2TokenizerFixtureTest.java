package io.infer.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer.gguf.GgufFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Qwen3 vocabulary against what llama.cpp computes (fixtures/tokenizer and fixtures/golden). */
class Qwen2TokenizerFixtureTest {

    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    /** llama.cpp writes every input followed by the separator, so the text after the last one is empty. */
    private static List<String> vocabTestInputs() throws IOException {
        String all = Files.readString(FixtureTokenizer.fixtures().resolve("tokenizer/qwen2-vocab-tests.inp"));
        List<String> inputs = new ArrayList<>(Arrays.asList(all.split(SEPARATOR, -1)));
        assertEquals("", inputs.removeLast(), "the file ends with a separator");
        return inputs;
    }

    private static List<int[]> vocabTestOutputs() throws IOException {
        return Files.readAllLines(FixtureTokenizer.fixtures().resolve("tokenizer/qwen2-vocab-tests.out")).stream()
                .map(line -> line.isBlank() ? new int[0]
                        : Arrays.stream(line.strip().split(" ")).mapToInt(Integer::parseInt).toArray())
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> llamaCppVocabTestVectors() throws IOException {
        Qwen2Tokenizer t = FixtureTokenizer.get();
        List<String> inputs = vocabTestInputs();
        List<int[]> outputs = vocabTestOutputs();
        assertEquals(outputs.size(), inputs.size(), "one output line per input");
        assertTrue(inputs.size() >= 40);
        return java.util.stream.IntStream.range(0, inputs.size()).mapToObj(i -> DynamicTest.dynamicTest(
                "vector " + i + ": " + inputs.get(i).replace("\n", "\\n").replace("\t", "\\t"), () -> {
                    int[] ids = t.encode(inputs.get(i), false);
                    assertArrayEquals(outputs.get(i), ids, () -> "got " + Arrays.toString(ids));
                    assertEquals(inputs.get(i), t.decode(ids));
                }));
    }

    @TestFactory
    Stream<DynamicTest> goldenPromptTokens() throws IOException {
        Qwen2Tokenizer t = FixtureTokenizer.get();
        Path fixtures = FixtureTokenizer.fixtures();
        ObjectMapper json = new ObjectMapper();
        List<Path> goldens;
        try (Stream<Path> files = Files.list(fixtures.resolve("golden"))) {
            goldens = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(goldens.isEmpty());
        return goldens.stream().map(golden -> DynamicTest.dynamicTest(golden.getFileName().toString(), () -> {
            String name = golden.getFileName().toString(); // MODEL.PROMPT.json
            String prompt = name.substring(name.lastIndexOf('.', name.length() - 6) + 1, name.length() - 5);
            String text = Files.readString(fixtures.resolve("prompts/" + prompt + ".txt"), StandardCharsets.UTF_8);
            JsonNode expected = json.readTree(golden.toFile()).get("prompt_tokens");
            int[] want = new int[expected.size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = expected.get(i).asInt();
            }
            int[] ids = t.encode(text, true);
            assertArrayEquals(want, ids, () -> "got " + Arrays.toString(ids));
            assertEquals(text, t.decode(ids));
        }));
    }

    @Test
    void vocabularyAndSpecialIds() {
        Qwen2Tokenizer t = FixtureTokenizer.get();
        assertEquals(151936, t.vocabSize());
        assertEquals(151645, t.eosId()); // tokenizer.ggml.eos_token_id
        assertEquals(151645, t.imEndId());
        assertEquals(151644, t.tokenId("<|im_start|>"));
        assertEquals(151667, t.tokenId("<think>"));
        assertTrue(t.isSpecial(151644));
        assertTrue(t.isSpecial(151667));
        assertTrue(t.isControl(151643));
        assertFalse(t.isControl(151667));
        assertFalse(t.isSpecial(785));
        assertTrue(t.isEndOfGeneration(151643));
        assertTrue(t.isEndOfGeneration(151645));
        assertFalse(t.isEndOfGeneration(151644));
        assertEquals("<|im_end|>", t.tokenText(151645));
        assertEquals("<|im_end|>", t.decode(new int[] {151645}));
        assertEquals(TokenType.UNUSED, t.tokenType(151935));
        assertEquals("", t.decode(new int[] {151935}));
        int the = t.tokenId("\u0120the");
        assertTrue(the >= 0);
        assertArrayEquals(" the".getBytes(StandardCharsets.UTF_8), t.tokenBytes(the));
    }

    @Test
    void everyMergeResolvesToTokens() throws IOException {
        Qwen2Tokenizer t = FixtureTokenizer.get();
        try (GgufFile gguf = GgufFile.open(FixtureTokenizer.model())) {
            assertEquals(gguf.getStringArray("tokenizer.ggml.merges").length, t.mergeCount());
        }
        assertEquals(0, t.unresolvedMerges());
    }

    @Test
    void specialParsingOnAndOff() {
        Qwen2Tokenizer t = FixtureTokenizer.get();
        String text = "<|im_start|>user\nhi<|im_end|>";
        int[] parsed = t.encode(text, true);
        assertEquals(151644, parsed[0]);
        assertEquals(151645, parsed[parsed.length - 1]);
        int[] plain = t.encode(text, false);
        assertTrue(Arrays.stream(plain).noneMatch(t::isSpecial), Arrays.toString(plain));
        assertTrue(plain.length > parsed.length);
        assertEquals(text, t.decode(parsed));
        assertEquals(text, t.decode(plain));
        // user-defined tokens are matched even without special parsing, as llama.cpp does
        assertArrayEquals(t.encode("<think>", true), t.encode("<think>", false));
        assertArrayEquals(new int[] {151667}, t.encode("<think>", false));
    }

    @Test
    void roundTripsAssortedText() {
        Qwen2Tokenizer t = FixtureTokenizer.get();
        String[] texts = {"", " ", "\n", "Hello, world!", "  multiple   spaces\t\tand\ttabs \n\n\n",
                "日本語のテキストと English の混在 😀🦙🫠", "ﬁ ligatures, Ω, ∑ x², \u00A0nbsp\u3000ideographic",
                "code: for (int i = 0; i < n; i++) { a[i] += b[i]; }\r\n", "I'm sure you'LL see, 'tis",
                "\u0000\u0001 controls \u007F", "Zalgo: Z\u0351\u0360a\u0352l\u0357g\u035Bo"};
        for (String text : texts) {
            assertEquals(text, t.decode(t.encode(text, false)), text);
            assertEquals(text, t.decode(t.encode(text, true)), text);
        }
    }

    @Test
    void streamingDecoderWithCharactersSplitAcrossTokens() {
        Qwen2Tokenizer t = FixtureTokenizer.get();
        String text = "Emoji 🦙🫠 and 鼐 and é — done";
        int[] ids = t.encode(text, false);
        StreamingDecoder d = t.newStreamingDecoder();
        StringBuilder out = new StringBuilder();
        int heldBack = 0;
        for (int id : ids) {
            String piece = d.next(id);
            if (!t.decode(new int[] {id}).equals(piece)) {
                heldBack++;
            }
            assertFalse(piece.contains("\uFFFD"), "no partial character ever comes out");
            out.append(piece);
        }
        out.append(d.flush());
        assertEquals(text, out.toString());
        assertTrue(heldBack > 0, "some character spans several tokens: " + Arrays.toString(ids));
    }
}
