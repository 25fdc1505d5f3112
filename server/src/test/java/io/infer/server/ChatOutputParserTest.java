package io.infer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatOutputParserTest {

    /** Feeds {@code text} in pieces of {@code step} chars and collects the deltas. */
    private static final class Run {
        final StringBuilder reasoning = new StringBuilder();
        final StringBuilder content = new StringBuilder();
        final List<ToolCall> calls = new ArrayList<>();
        final List<ChatOutputParser.Delta> deltas = new ArrayList<>();
        final ChatOutputParser parser;

        Run(String text, int step, boolean opensReasoning, boolean parseReasoning, boolean tools) {
            AtomicInteger n = new AtomicInteger();
            parser = new ChatOutputParser(opensReasoning, parseReasoning, tools, () -> "call_" + n.getAndIncrement());
            for (int i = 0; i < text.length(); i += step) {
                add(parser.push(text.substring(i, Math.min(text.length(), i + step))));
            }
            add(parser.finish());
        }

        private void add(ChatOutputParser.Delta d) {
            deltas.add(d);
            reasoning.append(d.reasoning());
            content.append(d.content());
            calls.addAll(d.toolCalls());
        }
    }

    @Test
    void thinkBlockBecomesReasoningWhateverTheChunking() {
        String out = "<think>\nThe user greets me.\nI greet back.\n</think>\n\nHello there!";
        for (int step = 1; step <= out.length(); step++) {
            Run r = new Run(out, step, false, true, false);
            assertEquals("The user greets me.\nI greet back.", r.reasoning.toString(), "step " + step);
            assertEquals("Hello there!", r.content.toString(), "step " + step);
            assertEquals(r.reasoning.toString(), r.parser.reasoning());
            assertEquals(r.content.toString(), r.parser.content());
            for (ChatOutputParser.Delta d : r.deltas) {
                assertFalse(d.content().contains("<") || d.reasoning().contains("<"), "no tag fragments leak: " + d);
            }
        }
    }

    @Test
    void promptThatOpensThinkingStartsInReasoning() {
        Run r = new Run("weighing options</think>\n\nAnswer.", 3, true, true, false);
        assertEquals("weighing options", r.reasoning.toString());
        assertEquals("Answer.", r.content.toString());
    }

    @Test
    void withoutThinkTagsEverythingIsContentVerbatim() {
        Run r = new Run("  Plain answer <b>bold</b> and <thin", 2, false, true, false);
        assertEquals("", r.reasoning.toString());
        assertEquals("  Plain answer <b>bold</b> and <thin", r.content.toString());
    }

    @Test
    void reasoningFormatNoneKeepsTags() {
        Run r = new Run("<think>x</think>y", 1, false, false, false);
        assertEquals("<think>x</think>y", r.content.toString());
        assertEquals("", r.reasoning.toString());
    }

    @Test
    void unfinishedThinkingIsReasoning() {
        Run r = new Run("<think>\nstill thinking when max_tokens hit", 4, false, true, false);
        assertEquals("still thinking when max_tokens hit", r.reasoning.toString());
        assertEquals("", r.content.toString());
    }

    @Test
    void toolCallsAreParsed() {
        String out = "<think>\nNeed weather.\n</think>\n\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n"
                + "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>";
        for (int step : new int[] {1, 5, 17, out.length()}) {
            Run r = new Run(out, step, false, true, true);
            assertEquals("Need weather.", r.reasoning.toString());
            assertEquals("", r.content.toString(), "step " + step);
            assertEquals(2, r.calls.size());
            assertEquals("get_weather", r.calls.get(0).name());
            assertEquals("{\"city\":\"Paris\"}", r.calls.get(0).argumentsJson());
            assertEquals("call_0", r.calls.get(0).id());
            assertEquals("get_time", r.calls.get(1).name());
        }
    }

    @Test
    void contentBeforeAToolCallStays() {
        Run r = new Run("Let me check.\n\n<tool_call>\n{\"name\": \"f\", \"arguments\": {\"a\": 1}}\n</tool_call>", 3, false, true, true);
        assertEquals("Let me check.", r.content.toString());
        assertEquals(1, r.calls.size());
    }

    @Test
    void malformedToolCallStaysContent() {
        Run r = new Run("<tool_call>\nnot json\n</tool_call>", 4, false, true, true);
        assertTrue(r.calls.isEmpty());
        assertEquals("<tool_call>\nnot json\n</tool_call>", r.content.toString());
    }

    @Test
    void toolTagsAreTextWhenNoToolsWereOffered() {
        Run r = new Run("<tool_call>{\"name\":\"f\"}</tool_call>", 2, false, true, false);
        assertTrue(r.calls.isEmpty());
        assertEquals("<tool_call>{\"name\":\"f\"}</tool_call>", r.content.toString());
    }
}
