package io.infer.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer.engine.GenerationRequest;
import io.infer.engine.GenerationResult;
import io.infer.engine.TokenLogprob;
import io.infer.tokenizer.Qwen2Tokenizer;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/completions} and {@code POST /v1/chat/completions}. */
final class OpenAiEndpoints extends EndpointSupport {

    OpenAiEndpoints(InferServer server) {
        super(server);
    }

    /** A completion prompt: its tokens and the text {@code echo} repeats. */
    private record Prompt(int[] tokens, String text) {
    }

    /** One choice's output as it accumulates. */
    private static final class Choice {
        final StringBuilder text = new StringBuilder();
        final List<GenerationStream.TokenEvent> tokens = new ArrayList<>();
        final List<GenerationStream.TokenEvent> pendingTokens = new ArrayList<>();
        GenerationResult result;
        ChatOutputParser parser;
    }

    // ------------------------------------------------------------------ /v1/completions

    void completions(Context ctx) throws IOException {
        Fields f = new Fields(Json.parseBody(ctx.bodyAsBytes()));
        ServedModel m = server.model(f.string("model", null), false);
        Qwen2Tokenizer tok = m.tokenizer();
        List<Prompt> prompts = prompts(f.get("prompt"), tok);
        int n = f.integer("n", 1, 1, 128);
        int maxTokens = maxTokens(f, 16, "max_tokens", "max_completion_tokens", "n_predict");
        Integer logprobs = logprobsCount(f);
        boolean echo = f.bool("echo", false);
        boolean stream = f.bool("stream", false);
        boolean includeUsage = f.object("stream_options").bool("include_usage", false) || server.options().alwaysIncludeUsage();
        boolean includeStop = f.bool("include_stop_str_in_output", false);
        boolean timingsPerToken = f.bool("timings_per_token", false);
        List<GenerationRequest> requests = new ArrayList<>();
        for (Prompt p : prompts) {
            for (int i = 0; i < n; i++) {
                requests.add(request(f, p.tokens(), maxTokens, logprobs == null ? -1 : logprobs, i));
            }
        }
        String model = m.id();
        String id = randomId("cmpl-");
        long created = System.currentTimeMillis() / 1000;
        InferServer.note(ctx, "prompt=" + prompts.stream().mapToInt(p -> p.tokens().length).sum() + " choices=" + requests.size());
        try (GenerationStream gs = submitAll(m, requests, "prompt", false)) {
            ConnectionProbe probe = ConnectionProbe.of(ctx.req(), ctx.res());
            Choice[] choices = new Choice[requests.size()];
            for (int c = 0; c < choices.length; c++) {
                choices[c] = new Choice();
            }
            if (!stream) {
                boolean ok = pump(ctx, gs, probe, null, e -> collect(choices, e));
                if (!ok) {
                    return;
                }
                ArrayNode arr = Json.array();
                List<GenerationResult> results = new ArrayList<>();
                for (int c = 0; c < choices.length; c++) {
                    GenerationResult r = choices[c].result;
                    ApiException failure = failure(r);
                    if (failure != null) {
                        throw failure;
                    }
                    results.add(r);
                    String prefix = echo ? prompts.get(c / n).text() : "";
                    String text = prefix + r.text() + (includeStop && r.stopString() != null ? r.stopString() : "");
                    ObjectNode ch = Json.object();
                    ch.put("text", text);
                    ch.put("index", c);
                    ch.set("logprobs", logprobs == null ? null : completionLogprobs(tok, choices[c].tokens, prefix.length(), logprobs));
                    ch.put("finish_reason", finishReason(r, false));
                    ch.put("stop_reason", r.stopString());
                    arr.add(ch);
                }
                ObjectNode body = Json.object();
                body.put("id", id);
                body.put("object", "text_completion");
                body.put("created", created);
                body.put("model", model);
                body.put("system_fingerprint", "infer-" + InferServer.VERSION);
                body.set("choices", arr);
                body.set("usage", usage(results));
                body.set("timings", timings(results));
                InferServer.note(ctx, "prompt=" + usage(results).get("prompt_tokens") + " completion=" + usage(results).get("completion_tokens"));
                writeJson(ctx, body);
                return;
            }
            ResponseStream out = ResponseStream.sse(ctx.res());
            List<GenerationResult> results = new ArrayList<>();
            try {
                if (echo) {
                    for (int c = 0; c < choices.length; c++) {
                        out.send(completionChunk(id, created, model, c, prompts.get(c / n).text(), null, null, includeUsage));
                    }
                }
                boolean ok = pump(ctx, gs, probe, out, e -> {
                    Choice ch = choices[e.choice()];
                    switch (e) {
                        case GenerationStream.TokenEvent t -> ch.pendingTokens.add(t);
                        case GenerationStream.TextEvent t -> {
                            ObjectNode lp = logprobs == null ? null : completionLogprobs(tok, ch.pendingTokens, ch.text.length(), logprobs);
                            ch.text.append(t.text());
                            ch.pendingTokens.clear();
                            ObjectNode chunk = completionChunk(id, created, model, e.choice(), t.text(), lp, null, includeUsage);
                            out.send(chunk);
                        }
                        case GenerationStream.FinishEvent fe -> {
                            GenerationResult r = fe.result();
                            ApiException failure = failure(r);
                            if (failure != null) {
                                sendError(out, failure);
                                throw new StreamAborted();
                            }
                            results.add(r);
                            String tail = includeStop && r.stopString() != null ? r.stopString() : "";
                            ObjectNode lp = logprobs == null || ch.pendingTokens.isEmpty() ? null
                                    : completionLogprobs(tok, ch.pendingTokens, ch.text.length(), logprobs);
                            ObjectNode chunk = completionChunk(id, created, model, e.choice(), tail, lp, finishReason(r, false), includeUsage);
                            chunk.set("timings", timings(List.of(r)));
                            out.send(chunk);
                        }
                    }
                });
                if (!ok) {
                    return;
                }
                if (includeUsage) {
                    ObjectNode u = Json.object();
                    u.put("id", id);
                    u.put("object", "text_completion");
                    u.put("created", created);
                    u.put("model", model);
                    u.set("choices", Json.array());
                    u.set("usage", usage(results));
                    out.send(u);
                }
                out.done();
                InferServer.note(ctx, "prompt=" + usage(results).get("prompt_tokens") + " completion=" + usage(results).get("completion_tokens") + " stream");
            } catch (IOException e) {
                gs.cancel();
            }
        }
    }

    private static void collect(Choice[] choices, GenerationStream.Event e) {
        Choice ch = choices[e.choice()];
        switch (e) {
            case GenerationStream.TokenEvent t -> ch.tokens.add(t);
            case GenerationStream.TextEvent t -> ch.text.append(t.text());
            case GenerationStream.FinishEvent fe -> ch.result = fe.result();
        }
    }

    private static ObjectNode completionChunk(String id, long created, String model, int index, String text,
            ObjectNode logprobs, String finishReason, boolean includeUsage) {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "text_completion");
        chunk.put("created", created);
        chunk.put("model", model);
        ObjectNode ch = Json.object();
        ch.put("text", text);
        ch.put("index", index);
        ch.set("logprobs", logprobs);
        ch.put("finish_reason", finishReason);
        chunk.set("choices", Json.array().add(ch));
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    /** The legacy completions logprobs: parallel arrays, top alternatives as {text: logprob} maps. */
    private static ObjectNode completionLogprobs(Qwen2Tokenizer tok, List<GenerationStream.TokenEvent> tokens, int offset, int top) {
        ObjectNode lp = Json.object();
        ArrayNode texts = lp.putArray("tokens");
        ArrayNode values = lp.putArray("token_logprobs");
        ArrayNode tops = lp.putArray("top_logprobs");
        ArrayNode offsets = lp.putArray("text_offset");
        int at = offset;
        for (GenerationStream.TokenEvent t : tokens) {
            String text = tokenText(tok, t.token());
            texts.add(text);
            TokenLogprob l = t.logprob();
            values.add(l == null ? 0f : l.logprob());
            if (top > 0 && l != null) {
                ObjectNode alt = Json.object();
                for (int k = 0; k < l.topTokens().length; k++) {
                    alt.put(tokenText(tok, l.topTokens()[k]), l.topLogprobs()[k]);
                }
                tops.add(alt);
            } else {
                tops.addNull();
            }
            offsets.add(at);
            at += text.length();
        }
        return lp;
    }

    private List<Prompt> prompts(JsonNode prompt, Qwen2Tokenizer tok) {
        List<Prompt> out = new ArrayList<>();
        if (prompt == null || prompt.isNull()) {
            out.add(textPrompt("<|endoftext|>", tok));
            return out;
        }
        if (prompt.isTextual()) {
            out.add(textPrompt(prompt.asText(), tok));
            return out;
        }
        if (!prompt.isArray() || prompt.isEmpty()) {
            throw ApiException.invalidType("prompt", "a string, an array of strings, an array of token ids or an array of token-id arrays");
        }
        if (prompt.get(0).isIntegralNumber()) {
            out.add(tokenPrompt(prompt, "prompt", tok));
            return out;
        }
        for (int i = 0; i < prompt.size(); i++) {
            JsonNode p = prompt.get(i);
            if (p.isTextual()) {
                out.add(textPrompt(p.asText(), tok));
            } else if (p.isArray() && !p.isEmpty()) {
                out.add(tokenPrompt(p, "prompt[" + i + "]", tok));
            } else {
                throw ApiException.invalidType("prompt[" + i + "]", "a string or an array of token ids");
            }
        }
        return out;
    }

    private static Prompt textPrompt(String text, Qwen2Tokenizer tok) {
        int[] tokens = tok.encode(text, true);
        if (tokens.length == 0) {
            throw ApiException.badRequest("'prompt' is empty", "prompt");
        }
        return new Prompt(tokens, text);
    }

    private static Prompt tokenPrompt(JsonNode arr, String field, Qwen2Tokenizer tok) {
        int[] tokens = new int[arr.size()];
        for (int i = 0; i < tokens.length; i++) {
            JsonNode t = arr.get(i);
            if (!t.isIntegralNumber()) {
                throw ApiException.invalidType(field, "an array of token ids (integers)");
            }
            tokens[i] = t.asInt();
            if (tokens[i] < 0 || tokens[i] >= tok.vocabSize()) {
                throw ApiException.badRequest("'" + field + "' has token id " + tokens[i] + ", outside the vocabulary (0.." + (tok.vocabSize() - 1) + ")", field);
            }
        }
        return new Prompt(tokens, tok.decode(tokens));
    }

    // ------------------------------------------------------------------ /v1/chat/completions

    void chat(Context ctx) throws IOException {
        Fields f = new Fields(Json.parseBody(ctx.bodyAsBytes()));
        ServedModel m = server.model(f.string("model", null), false);
        Qwen2Tokenizer tok = m.tokenizer();
        List<Map<String, Object>> messages = ChatMessages.openAi(f.get("messages"));
        List<Object> tools = ChatMessages.tools(f.get("tools"));
        JsonNode toolChoice = f.get("tool_choice");
        if (toolChoice != null && toolChoice.isTextual() && toolChoice.asText().equals("none")) {
            tools = null;
        }
        Map<String, Object> kwargs = new HashMap<>();
        Fields templateKwargs = f.object("chat_template_kwargs");
        kwargs.putAll(Json.MAPPER.convertValue(templateKwargs.node(), new TypeReference<Map<String, Object>>() {}));
        if (f.has("enable_thinking")) {
            kwargs.put("enable_thinking", f.bool("enable_thinking", true));
        }
        String effort = f.string("reasoning_effort", null);
        if ("none".equals(effort)) {
            kwargs.put("enable_thinking", false);
        }
        String reasoningFormat = f.string("reasoning_format", "auto");
        boolean parseReasoning = !reasoningFormat.equals("none");
        boolean legacyReasoning = reasoningFormat.equals("deepseek-legacy");
        boolean addGenerationPrompt = f.bool("add_generation_prompt", true);
        ChatPrompt prompt = renderChat(m, messages, tools, kwargs, addGenerationPrompt);

        int n = f.integer("n", 1, 1, 128);
        int maxTokens = maxTokens(f, -1, "max_completion_tokens", "max_tokens", "n_predict");
        boolean wantLogprobs = f.bool("logprobs", false);
        int topLogprobs = f.integer("top_logprobs", 0, 0, GenerationRequest.MAX_TOP_LOGPROBS);
        boolean stream = f.bool("stream", false);
        boolean includeUsage = f.object("stream_options").bool("include_usage", false) || server.options().alwaysIncludeUsage();
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(request(f, prompt.tokens(), maxTokens, wantLogprobs ? topLogprobs : -1, i));
        }
        boolean parseTools = tools != null;
        String model = m.id();
        String id = randomId("chatcmpl-");
        long created = System.currentTimeMillis() / 1000;
        InferServer.note(ctx, "prompt=" + prompt.tokens().length);
        try (GenerationStream gs = submitAll(m, requests, "messages", true)) {
            ConnectionProbe probe = ConnectionProbe.of(ctx.req(), ctx.res());
            Choice[] choices = new Choice[n];
            for (int c = 0; c < n; c++) {
                choices[c] = new Choice();
                int[] callNo = {0};
                choices[c].parser = new ChatOutputParser(prompt.opensReasoning(), parseReasoning, parseTools,
                        () -> "call_" + randomId("").substring(0, 24) + (callNo[0]++));
            }
            if (!stream) {
                boolean ok = pump(ctx, gs, probe, null, e -> collect(choices, e));
                if (!ok) {
                    return;
                }
                ArrayNode arr = Json.array();
                List<GenerationResult> results = new ArrayList<>();
                for (int c = 0; c < n; c++) {
                    Choice ch = choices[c];
                    ApiException failure = failure(ch.result);
                    if (failure != null) {
                        throw failure;
                    }
                    results.add(ch.result);
                    ch.parser.push(ch.text.toString());
                    ch.parser.finish();
                    ObjectNode msg = Json.object();
                    msg.put("role", "assistant");
                    List<ToolCall> calls = ch.parser.toolCalls();
                    String content = legacyReasoning && !ch.parser.reasoning().isEmpty()
                            ? "<think>\n" + ch.parser.reasoning() + "\n</think>\n\n" + ch.parser.content() : ch.parser.content();
                    if (content.isEmpty() && !calls.isEmpty()) {
                        msg.putNull("content");
                    } else {
                        msg.put("content", content);
                    }
                    if (!ch.parser.reasoning().isEmpty()) {
                        msg.put("reasoning_content", ch.parser.reasoning());
                        msg.put("reasoning", ch.parser.reasoning());
                    }
                    if (!calls.isEmpty()) {
                        msg.set("tool_calls", toolCallsJson(calls, false));
                    }
                    msg.putNull("refusal");
                    ObjectNode choice = Json.object();
                    choice.put("index", c);
                    choice.set("message", msg);
                    choice.set("logprobs", wantLogprobs ? chatLogprobs(tok, ch.tokens) : null);
                    choice.put("finish_reason", finishReason(ch.result, !calls.isEmpty()));
                    arr.add(choice);
                }
                ObjectNode body = chatEnvelope(id, created, model, "chat.completion");
                body.set("choices", arr);
                body.set("usage", usage(results));
                body.set("timings", timings(results));
                InferServer.note(ctx, "prompt=" + prompt.tokens().length + " completion=" + usage(results).get("completion_tokens"));
                writeJson(ctx, body);
                return;
            }
            ResponseStream out = ResponseStream.sse(ctx.res());
            List<GenerationResult> results = new ArrayList<>();
            try {
                for (int c = 0; c < n; c++) {
                    ObjectNode delta = Json.object();
                    delta.put("role", "assistant");
                    delta.put("content", "");
                    out.send(chatChunk(id, created, model, c, delta, null, null, includeUsage));
                }
                int[] toolIndex = new int[n];
                boolean ok = pump(ctx, gs, probe, out, e -> {
                    Choice ch = choices[e.choice()];
                    switch (e) {
                        case GenerationStream.TokenEvent t -> ch.pendingTokens.add(t);
                        case GenerationStream.TextEvent t -> sendDeltas(out, id, created, model, e.choice(), ch,
                                ch.parser.push(t.text()), wantLogprobs, tok, includeUsage, toolIndex);
                        case GenerationStream.FinishEvent fe -> {
                            GenerationResult r = fe.result();
                            ApiException failure = failure(r);
                            if (failure != null) {
                                sendError(out, failure);
                                throw new StreamAborted();
                            }
                            results.add(r);
                            sendDeltas(out, id, created, model, e.choice(), ch, ch.parser.finish(), wantLogprobs, tok,
                                    includeUsage, toolIndex);
                            ObjectNode last = chatChunk(id, created, model, e.choice(), Json.object(),
                                    finishReason(r, !ch.parser.toolCalls().isEmpty()),
                                    wantLogprobs && !ch.pendingTokens.isEmpty() ? chatLogprobs(tok, ch.pendingTokens) : null,
                                    includeUsage);
                            last.set("timings", timings(List.of(r)));
                            out.send(last);
                        }
                    }
                });
                if (!ok) {
                    return;
                }
                if (includeUsage) {
                    ObjectNode u = chatEnvelope(id, created, model, "chat.completion.chunk");
                    u.set("choices", Json.array());
                    u.set("usage", usage(results));
                    out.send(u);
                }
                out.done();
                InferServer.note(ctx, "prompt=" + prompt.tokens().length + " completion=" + usage(results).get("completion_tokens") + " stream");
            } catch (IOException e) {
                gs.cancel();
            }
        }
    }

    private static void sendDeltas(ResponseStream out, String id, long created, String model, int index, Choice ch,
            ChatOutputParser.Delta d, boolean wantLogprobs, Qwen2Tokenizer tok, boolean includeUsage, int[] toolIndex)
            throws IOException {
        if (d.isEmpty()) {
            return;
        }
        ObjectNode lp = wantLogprobs && !ch.pendingTokens.isEmpty() ? chatLogprobs(tok, ch.pendingTokens) : null;
        ch.pendingTokens.clear();
        if (!d.reasoning().isEmpty()) {
            ObjectNode delta = Json.object();
            delta.put("reasoning_content", d.reasoning());
            delta.put("reasoning", d.reasoning());
            out.send(chatChunk(id, created, model, index, delta, null, lp, includeUsage));
            lp = null;
        }
        if (!d.content().isEmpty()) {
            ObjectNode delta = Json.object();
            delta.put("content", d.content());
            out.send(chatChunk(id, created, model, index, delta, null, lp, includeUsage));
            lp = null;
        }
        if (!d.toolCalls().isEmpty()) {
            ObjectNode delta = Json.object();
            ArrayNode calls = toolCallsJson(d.toolCalls(), true);
            for (JsonNode c : calls) {
                ((ObjectNode) c).put("index", toolIndex[index]++);
            }
            delta.set("tool_calls", calls);
            out.send(chatChunk(id, created, model, index, delta, null, lp, includeUsage));
        }
    }

    private static ArrayNode toolCallsJson(List<ToolCall> calls, boolean streaming) {
        ArrayNode arr = Json.array();
        for (ToolCall c : calls) {
            ObjectNode o = Json.object();
            if (streaming) {
                o.put("index", 0);
            }
            o.put("id", c.id());
            o.put("type", "function");
            ObjectNode fn = o.putObject("function");
            fn.put("name", c.name());
            fn.put("arguments", c.argumentsJson());
            arr.add(o);
        }
        return arr;
    }

    private static ObjectNode chatEnvelope(String id, long created, String model, String object) {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("object", object);
        o.put("created", created);
        o.put("model", model);
        o.put("system_fingerprint", "infer-" + InferServer.VERSION);
        return o;
    }

    private static ObjectNode chatChunk(String id, long created, String model, int index, ObjectNode delta,
            String finishReason, ObjectNode logprobs, boolean includeUsage) {
        ObjectNode chunk = chatEnvelope(id, created, model, "chat.completion.chunk");
        ObjectNode ch = Json.object();
        ch.put("index", index);
        ch.set("delta", delta);
        ch.set("logprobs", logprobs);
        ch.put("finish_reason", finishReason);
        chunk.set("choices", Json.array().add(ch));
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode chatLogprobs(Qwen2Tokenizer tok, List<GenerationStream.TokenEvent> tokens) {
        ObjectNode lp = Json.object();
        ArrayNode content = lp.putArray("content");
        for (GenerationStream.TokenEvent t : tokens) {
            TokenLogprob l = t.logprob();
            ObjectNode entry = tokenEntry(tok, t.token(), l == null ? 0f : l.logprob());
            ArrayNode top = entry.putArray("top_logprobs");
            if (l != null) {
                for (int k = 0; k < l.topTokens().length; k++) {
                    top.add(tokenEntry(tok, l.topTokens()[k], l.topLogprobs()[k]));
                }
            }
            content.add(entry);
        }
        lp.putNull("refusal");
        return lp;
    }

    private static ObjectNode tokenEntry(Qwen2Tokenizer tok, int id, float logprob) {
        ObjectNode e = Json.object();
        byte[] bytes = tok.tokenBytes(id);
        e.put("token", new String(bytes, StandardCharsets.UTF_8));
        e.put("logprob", logprob);
        ArrayNode b = e.putArray("bytes");
        for (byte x : bytes) {
            b.add(x & 0xff);
        }
        return e;
    }

    private static void sendError(ResponseStream out, ApiException failure) throws IOException {
        ObjectNode err = Json.object();
        err.set("error", InferServer.openAiError(failure));
        out.send(err);
    }

    // ------------------------------------------------------------------ shared request fields

    /** The first present of {@code names} (a negative value, or none with fallback -1, means "to the end of the context"). */
    static int maxTokens(Fields f, int fallback, String... names) {
        for (String name : names) {
            if (f.has(name)) {
                int v = f.integer(name, -1, name.equals("n_predict") ? -1 : 0, Integer.MAX_VALUE);
                return v;
            }
        }
        return fallback;
    }

    private static Integer logprobsCount(Fields f) {
        JsonNode n = f.get("logprobs");
        if (n == null) {
            return null;
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? f.integer("top_logprobs", 0, 0, GenerationRequest.MAX_TOP_LOGPROBS) : null;
        }
        return f.integer("logprobs", null, 0, GenerationRequest.MAX_TOP_LOGPROBS);
    }

    private static GenerationRequest request(Fields f, int[] prompt, int maxTokens, int topLogprobs, int choice) {
        List<String> stop = f.strings("stop", 16);
        int[] stopIds = f.ints("stop_token_ids");
        boolean ignoreEos = f.bool("ignore_eos", false);
        return new GenerationRequest(prompt, Sampling.openAi(f, choice), maxTokens, stop, stopIds, ignoreEos, topLogprobs);
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
