package io.infer.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Splits a Qwen3 chat completion, as it streams, into reasoning ({@code <think>...</think>}), content and tool
 * calls ({@code <tool_call>{...}</tool_call>}). Text that might be the start of a tag is held back until it is
 * clear what it is, so streamed deltas never show half a tag; the deltas concatenate to the same fields as the
 * non-streamed message. Reasoning is trimmed of surrounding whitespace, content of the blank lines after
 * {@code </think>}.
 */
final class ChatOutputParser {

    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";
    private static final String TOOL_OPEN = "<tool_call>";
    private static final String TOOL_CLOSE = "</tool_call>";

    /** What became final with one push. Empty strings mean nothing of that kind. */
    record Delta(String reasoning, String content, List<ToolCall> toolCalls) {
        boolean isEmpty() {
            return reasoning.isEmpty() && content.isEmpty() && toolCalls.isEmpty();
        }
    }

    private enum State { START, REASONING, CONTENT, TOOL }

    private final boolean parseReasoning;
    private final boolean parseTools;
    private final Supplier<String> ids;
    private State state;
    private final StringBuilder pending = new StringBuilder();
    private boolean reasoningStarted;
    private boolean afterThink;
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();

    // per-push output
    private final StringBuilder outReasoning = new StringBuilder();
    private final StringBuilder outContent = new StringBuilder();
    private final List<ToolCall> outCalls = new ArrayList<>();

    /**
     * @param startInReasoning the prompt already opened {@code <think>} (the output is reasoning until
     *                         {@code </think>})
     * @param parseReasoning   false leaves think tags in the content ({@code reasoning_format: none})
     * @param parseTools       tools were offered: parse tool calls
     */
    ChatOutputParser(boolean startInReasoning, boolean parseReasoning, boolean parseTools, Supplier<String> ids) {
        this.parseReasoning = parseReasoning;
        this.parseTools = parseTools;
        this.ids = ids;
        this.state = !parseReasoning ? State.CONTENT : startInReasoning ? State.REASONING : State.START;
    }

    Delta push(String text) {
        pending.append(text);
        run(false);
        return take();
    }

    /** The output ended: everything held back is decided now. */
    Delta finish() {
        run(true);
        return take();
    }

    String reasoning() {
        return reasoning.toString();
    }

    String content() {
        return content.toString();
    }

    List<ToolCall> toolCalls() {
        return toolCalls;
    }

    private Delta take() {
        Delta d = new Delta(outReasoning.toString(), outContent.toString(), List.copyOf(outCalls));
        outReasoning.setLength(0);
        outContent.setLength(0);
        outCalls.clear();
        return d;
    }

    private void run(boolean end) {
        boolean progress = true;
        while (progress) {
            progress = switch (state) {
                case START -> start(end);
                case REASONING -> reasoning(end);
                case CONTENT -> content(end);
                case TOOL -> tool(end);
            };
        }
    }

    private boolean start(boolean end) {
        int i = 0;
        while (i < pending.length() && Character.isWhitespace(pending.charAt(i))) {
            i++;
        }
        String rest = pending.substring(i);
        if (rest.startsWith(THINK_OPEN)) {
            pending.delete(0, i + THINK_OPEN.length());
            state = State.REASONING;
            return true;
        }
        if (!end && THINK_OPEN.startsWith(rest)) {
            return false; // could still be <think>
        }
        state = State.CONTENT;
        return true;
    }

    private boolean reasoning(boolean end) {
        int close = pending.indexOf(THINK_CLOSE);
        if (close >= 0) {
            emitReasoning(pending.substring(0, close), true);
            pending.delete(0, close + THINK_CLOSE.length());
            state = State.CONTENT;
            afterThink = true;
            return true;
        }
        if (end) {
            emitReasoning(pending.toString(), true);
            pending.setLength(0);
            return false;
        }
        int hold = holdBack(pending, THINK_CLOSE);
        emitReasoning(pending.substring(0, pending.length() - hold), false);
        pending.delete(0, pending.length() - hold);
        return false;
    }

    /** Reasoning text: leading whitespace of the block dropped; trailing whitespace only once more text follows. */
    private void emitReasoning(String s, boolean last) {
        if (!reasoningStarted) {
            s = s.stripLeading();
            if (s.isEmpty()) {
                return;
            }
            reasoningStarted = true;
        }
        if (last) {
            s = s.stripTrailing();
        }
        reasoning.append(s);
        outReasoning.append(s);
    }

    private boolean content(boolean end) {
        if (afterThink) {
            // the blank lines between </think> and the answer are not content
            int i = 0;
            while (i < pending.length() && Character.isWhitespace(pending.charAt(i))) {
                i++;
            }
            pending.delete(0, i);
            if (pending.isEmpty() && !end) {
                return false;
            }
            afterThink = false;
        }
        if (parseTools) {
            int open = pending.indexOf(TOOL_OPEN);
            if (open >= 0) {
                emitContent(pending.substring(0, open));
                pending.delete(0, open + TOOL_OPEN.length());
                state = State.TOOL;
                return true;
            }
        }
        if (end) {
            String rest = pending.toString();
            pending.setLength(0);
            emitContent(toolCalls.isEmpty() ? rest : rest.stripTrailing());
            return false;
        }
        // with tools, whitespace is held: it may only separate tool calls
        int hold = parseTools ? holdBack(pending, TOOL_OPEN) : 0;
        emitContent(pending.substring(0, pending.length() - hold));
        pending.delete(0, pending.length() - hold);
        return false;
    }

    private void emitContent(String s) {
        if (s.isEmpty()) {
            return;
        }
        if (parseTools && s.isBlank()) {
            return; // whitespace around tool calls is not content
        }
        content.append(s);
        outContent.append(s);
    }

    private boolean tool(boolean end) {
        int close = pending.indexOf(TOOL_CLOSE);
        if (close < 0 && !end) {
            return false;
        }
        String body = close >= 0 ? pending.substring(0, close) : pending.toString();
        ToolCall call = ToolCall.parse(body, ids.get());
        if (close >= 0) {
            pending.delete(0, close + TOOL_CLOSE.length());
        } else {
            pending.setLength(0);
        }
        if (call != null) {
            toolCalls.add(call);
            outCalls.add(call);
        } else {
            emitContent(TOOL_OPEN + body + (close >= 0 ? TOOL_CLOSE : ""));
        }
        state = State.CONTENT;
        return !end || pending.length() > 0;
    }

    /** Length of the longest proper prefix of {@code tag} that {@code text} ends with. */
    static int overlap(CharSequence text, String tag) {
        for (int k = Math.min(text.length(), tag.length() - 1); k > 0; k--) {
            boolean ok = true;
            for (int i = 0; i < k && ok; i++) {
                ok = text.charAt(text.length() - k + i) == tag.charAt(i);
            }
            if (ok) {
                return k;
            }
        }
        return 0;
    }

    /** What must wait for more text: a possible start of {@code tag} and the whitespace before it. */
    private static int holdBack(CharSequence s, String tag) {
        int n = overlap(s, tag);
        while (n < s.length() && Character.isWhitespace(s.charAt(s.length() - 1 - n))) {
            n++;
        }
        return n;
    }
}
