package io.infer.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer.gguf.GgufFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChatTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChatTemplate qwen3;

    static Path fixtures() {
        String dir = System.getProperty("infer.fixtures");
        return dir == null ? null : Path.of(dir);
    }

    @BeforeAll
    static void loadTemplate() throws IOException {
        Path model = fixtures() == null ? null : fixtures().resolve("models/qwen3-tiny-f16.gguf");
        if (model != null && Files.exists(model)) {
            try (GgufFile f = GgufFile.open(model)) {
                qwen3 = ChatTemplate.of(f.getString("tokenizer.chat_template"));
            }
        }
    }

    /** The fixture's chat cases; without the fixtures one null case, which the test skips (no cases is an error). */
    static Stream<Path> chatCases() throws IOException {
        Path dir = fixtures() == null ? null : fixtures().resolve("chat");
        if (dir == null || !Files.isDirectory(dir)) {
            return Stream.of((Path) null);
        }
        return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatCases")
    void rendersLikeTransformers(Path file) throws IOException {
        assumeTrue(file != null && qwen3 != null, "fixtures absent");
        Map<String, Object> c = JSON.readValue(file.toFile(), new TypeReference<>() {});
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) c.get("messages");
        List<?> tools = (List<?>) c.get("tools");
        boolean addGen = !Boolean.FALSE.equals(c.get("add_generation_prompt"));
        Map<String, Object> kwargs = c.containsKey("enable_thinking")
                ? Map.of("enable_thinking", c.get("enable_thinking")) : Map.of();
        assertEquals(c.get("expected"), qwen3.render(messages, tools, addGen, kwargs));
    }

    @Test
    void toolCallsAndToolResponsesRender() {
        assumeTrue(qwen3 != null, "fixture model absent");
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "user", "content", "Weather?"),
                Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("type", "function",
                        "function", Map.of("name", "get_weather", "arguments", Map.of("city", "Paris"))))),
                Map.of("role", "tool", "content", "sunny"),
                Map.of("role", "tool", "content", "22C"));
        String out = qwen3.render(messages, null, true, Map.of());
        assertEquals("<|im_start|>user\nWeather?<|im_end|>\n"
                + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\nsunny\n</tool_response>\n<tool_response>\n22C\n</tool_response><|im_end|>\n"
                + "<|im_start|>assistant\n", out);
    }

    @Test
    void assistantContentEndingInThinkKeepsEmptyAnswer() {
        assumeTrue(qwen3 != null, "fixture model absent");
        // Python's split keeps the trailing empty string; Java's would drop it and leak the reasoning into content.
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "user", "content", "q"),
                Map.of("role", "assistant", "content", "<think>\nhmm\n</think>"),
                Map.of("role", "user", "content", "r"));
        assertEquals("<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n<|im_end|>\n"
                + "<|im_start|>user\nr<|im_end|>\n<|im_start|>assistant\n", qwen3.render(messages, null, true, Map.of()));
    }

    @Test
    void pythonStringMethodsSlicesAndJson() {
        ChatTemplate t = ChatTemplate.of("{{ s.split(',')[-1] }}|{{ s.split() }}|{{ s.strip('ab') }}|{{ s[::-1] }}|"
                + "{{ xs[1:] }}|{{ xs[::2]|join('-') }}|{{ s.startswith(('x', 'a')) }}|{{ d|tojson }}|{{ d|tojson(indent=2) }}|"
                + "{{ None is none }}|{{ 'x' ~ s.upper() }}\n");
        String out = t.render(Map.of("s", "ab, c,", "xs", List.of(1, 2, 3),
                "d", Map.of("k", List.of(0.5, 1e-7, "é\"\n"))));
        assertEquals(", c,".substring(4) + "|[ab,, c,]|, c,|,c ,ba|[2, 3]|1-3|true|{\"k\": [0.5, 1e-07, \"é\\\"\\n\"]}|"
                + "{\n  \"k\": [\n    0.5,\n    1e-07,\n    \"é\\\"\\n\"\n  ]\n}|true|xAB, C,", out);
    }

    @Test
    void raiseExceptionSurfacesTheTemplatesMessage() {
        ChatTemplate t = ChatTemplate.of("{% if messages|length == 0 %}{{ raise_exception('No messages') }}{% endif %}");
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> t.render(List.of(), null, true, null));
        assertEquals("No messages", e.getMessage());
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("1.0", PyJson.floatRepr(1));
        assertEquals("0.0001", PyJson.floatRepr(1e-4));
        assertEquals("1e-05", PyJson.floatRepr(1e-5));
        assertEquals("1e+16", PyJson.floatRepr(1e16));
        assertEquals("1234567.5", PyJson.floatRepr(1234567.5));
        assertEquals("-2.5e-10", PyJson.floatRepr(-2.5e-10));
    }
}
