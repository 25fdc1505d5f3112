package io.infer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer.engine.GenerationRequest;
import io.infer.engine.GenerationResult;
import io.infer.model.Qwen3Config;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Ollama's native API: {@code /api/generate}, {@code /api/chat} (NDJSON streams by default) and model info. */
final class OllamaEndpoints extends EndpointSupport {

    OllamaEndpoints(InferServer server) {
        super(server);
    }

    private static final class Output {
        final StringBuilder text = new StringBuilder();
        GenerationResult result;
    }

    void generate(Context ctx) throws IOException {
        long start = System.nanoTime();
        Fields f = new Fields(Json.parseBody(ctx.bodyAsBytes()));
        ServedModel m = model(f);
        JsonNode images = f.get("images");
        if (images != null && images.isArray() && !images.isEmpty()) {
            throw ApiException.badRequest("this model does not support images", "images");
        }
        String prompt = f.string("prompt", "");
        boolean raw = f.bool("raw", false);
        Boolean think = think(f);
        if (prompt.isEmpty() && !f.has("context")) {
            // an empty prompt only loads (or, with keep_alive 0, unloads) the model
            ObjectNode body = base(m);
            body.put("response", "");
            body.put("done", true);
            body.put("done_reason", isZero(f.get("keep_alive")) ? "unload" : "load");
            writeJson(ctx, body);
            return;
        }
        int[] tokens;
        boolean opensReasoning = false;
        if (raw) {
            tokens = m.tokenizer().encode(prompt, true);
        } else {
            List<Map<String, Object>> messages = new ArrayList<>();
            String system = f.string("system", null);
            if (system != null && !system.isEmpty()) {
                messages.add(Map.of("role", "system", "content", system));
            }
            messages.add(Map.of("role", "user", "content", prompt));
            ChatPrompt p = renderChat(m, messages, null, kwargs(think), true);
            tokens = p.tokens();
            opensReasoning = p.opensReasoning();
        }
        int[] context = f.ints("context");
        if (context != null && context.length > 0) {
            tokens = OpenAiEndpoints.concat(context, tokens);
        }
        Fields o = f.object("options");
        GenerationRequest req = request(o, tokens);
        boolean stream = f.bool("stream", true);
        ChatOutputParser parser = new ChatOutputParser(opensReasoning, !raw, false, () -> "");
        int[] promptTokens = tokens;
        InferServer.note(ctx, "prompt=" + tokens.length);
        run(ctx, m, req, stream, start, parser, (body, delta) -> {
            body.put("response", delta.content());
            if (!delta.reasoning().isEmpty()) {
                body.put("thinking", delta.reasoning());
            }
        }, (body, r) -> {
            ArrayNode ctxTokens = body.putArray("context");
            for (int t : promptTokens) {
                ctxTokens.add(t);
            }
            for (int t : r.tokens()) {
                ctxTokens.add(t);
            }
        });
    }

    void chat(Context ctx) throws IOException {
        long start = System.nanoTime();
        Fields f = new Fields(Json.parseBody(ctx.bodyAsBytes()));
        ServedModel m = model(f);
        JsonNode msgs = f.get("messages");
        if (msgs != null && msgs.isArray() && msgs.isEmpty()) {
            ObjectNode body = base(m);
            body.set("message", message("", null, null));
            body.put("done", true);
            body.put("done_reason", isZero(f.get("keep_alive")) ? "unload" : "load");
            writeJson(ctx, body);
            return;
        }
        List<Map<String, Object>> messages = ChatMessages.ollama(msgs);
        List<Object> tools = ChatMessages.tools(f.get("tools"));
        Boolean think = think(f);
        ChatPrompt p = renderChat(m, messages, tools, kwargs(think), true);
        GenerationRequest req = request(f.object("options"), p.tokens());
        boolean stream = f.bool("stream", true);
        ChatOutputParser parser = new ChatOutputParser(p.opensReasoning(), true, tools != null, () -> "");
        InferServer.note(ctx, "prompt=" + p.tokens().length);
        run(ctx, m, req, stream, start, parser, (body, delta) -> body.set("message",
                message(delta.content(), delta.reasoning(), delta.toolCalls())), (body, r) -> { });
    }

    private interface DeltaWriter {
        void write(ObjectNode body, ChatOutputParser.Delta delta);
    }

    private interface FinalWriter {
        void write(ObjectNode body, GenerationResult result);
    }

    private void run(Context ctx, ServedModel m, GenerationRequest req, boolean stream, long start,
            ChatOutputParser parser, DeltaWriter deltaWriter, FinalWriter finalWriter) throws IOException {
        try (GenerationStream gs = submitAll(m, List.of(req), "prompt", false)) {
            ConnectionProbe probe = ConnectionProbe.of(ctx.req(), ctx.res());
            Output out = new Output();
            if (!stream) {
                boolean ok = pump(ctx, gs, probe, null, e -> {
                    switch (e) {
                        case GenerationStream.TextEvent t -> out.text.append(t.text());
                        case GenerationStream.FinishEvent fe -> out.result = fe.result();
                        default -> {
                        }
                    }
                });
                if (!ok) {
                    return;
                }
                ApiException failure = failure(out.result);
                if (failure != null) {
                    throw failure;
                }
                parser.push(out.text.toString());
                parser.finish();
                ObjectNode body = base(m);
                deltaWriter.write(body, new ChatOutputParser.Delta(parser.reasoning(), parser.content(), parser.toolCalls()));
                finish(body, out.result, start);
                finalWriter.write(body, out.result);
                InferServer.note(ctx, "prompt=" + out.result.promptTokens() + " completion=" + out.result.completionTokens());
                writeJson(ctx, body);
                return;
            }
            ResponseStream rs = ResponseStream.ndjson(ctx.res());
            {
                boolean ok = pump(ctx, gs, probe, rs, e -> {
                    switch (e) {
                        case GenerationStream.TextEvent t -> sendDelta(rs, m, parser.push(t.text()), deltaWriter);
                        case GenerationStream.FinishEvent fe -> {
                            GenerationResult r = fe.result();
                            ApiException failure = failure(r);
                            if (failure != null) {
                                rs.send(Json.object().put("error", failure.getMessage()));
                                throw new StreamAborted();
                            }
                            sendDelta(rs, m, parser.finish(), deltaWriter);
                            ObjectNode body = base(m);
                            deltaWriter.write(body, new ChatOutputParser.Delta("", "", List.of()));
                            finish(body, r, start);
                            finalWriter.write(body, r);
                            rs.send(body);
                            InferServer.note(ctx, "prompt=" + r.promptTokens() + " completion=" + r.completionTokens() + " stream");
                        }
                        default -> {
                        }
                    }
                });
                if (!ok) {
                    gs.cancel();
                }
            }
        }
    }

    private static void sendDelta(ResponseStream rs, ServedModel m, ChatOutputParser.Delta d, DeltaWriter w) throws IOException {
        if (d.isEmpty()) {
            return;
        }
        ObjectNode body = base(m);
        w.write(body, d);
        body.put("done", false);
        rs.send(body);
    }

    private static ObjectNode message(String content, String thinking, List<ToolCall> calls) {
        ObjectNode msg = Json.object();
        msg.put("role", "assistant");
        msg.put("content", content);
        if (thinking != null && !thinking.isEmpty()) {
            msg.put("thinking", thinking);
        }
        if (calls != null && !calls.isEmpty()) {
            ArrayNode arr = msg.putArray("tool_calls");
            for (ToolCall c : calls) {
                ObjectNode fn = Json.object();
                fn.put("name", c.name());
                fn.set("arguments", c.arguments());
                arr.add(Json.object().set("function", fn));
            }
        }
        return msg;
    }

    private static void finish(ObjectNode body, GenerationResult r, long start) {
        body.put("done", true);
        body.put("done_reason", r.finishReason() == io.infer.engine.FinishReason.LENGTH ? "length" : "stop");
        body.put("total_duration", System.nanoTime() - start);
        body.put("load_duration", 0);
        body.put("prompt_eval_count", r.promptTokens());
        body.put("prompt_eval_duration", r.promptNanos());
        body.put("eval_count", r.completionTokens());
        body.put("eval_duration", r.completionTokens() > 0 ? Math.max(1, r.decodeNanos()) : 0);
    }

    private static ObjectNode base(ServedModel m) {
        ObjectNode body = Json.object();
        body.put("model", ollamaName(m));
        body.put("created_at", Instant.now().toString());
        return body;
    }

    private ServedModel model(Fields f) {
        String name = f.string("model", null);
        if (name == null || name.isBlank()) {
            name = f.string("name", null);
        }
        if (name == null || name.isBlank()) {
            throw ApiException.missing("model");
        }
        return server.model(name, true);
    }

    /** {@code think}: true/false, or a level ("low", "medium", "high"), which means thinking on. */
    private static Boolean think(Fields f) {
        JsonNode t = f.get("think");
        if (t == null) {
            return null;
        }
        if (t.isBoolean()) {
            return t.asBoolean();
        }
        if (t.isTextual()) {
            return !t.asText().equalsIgnoreCase("none") && !t.asText().equalsIgnoreCase("false");
        }
        throw ApiException.invalidType("think", "a boolean or one of \"low\", \"medium\", \"high\"");
    }

    private static Map<String, Object> kwargs(Boolean think) {
        Map<String, Object> kw = new HashMap<>();
        if (think != null) {
            kw.put("enable_thinking", think);
        }
        return kw;
    }

    private static GenerationRequest request(Fields o, int[] tokens) {
        int numPredict = o.integer("num_predict", -1, -2, Integer.MAX_VALUE);
        List<String> stop = o.strings("stop", 16);
        return new GenerationRequest(tokens, Sampling.ollama(o), numPredict < 0 ? -1 : numPredict, stop, null, false, -1);
    }

    private static boolean isZero(JsonNode keepAlive) {
        return keepAlive != null && (keepAlive.isNumber() && keepAlive.asDouble() == 0
                || keepAlive.isTextual() && keepAlive.asText().matches("0+[a-z]*"));
    }

    static String ollamaName(ServedModel m) {
        return m.id().contains(":") ? m.id() : m.id() + ":latest";
    }

    // ------------------------------------------------------------------ model info

    void tags(Context ctx) {
        ServedModel m = server.readyModel();
        ObjectNode e = Json.object();
        e.put("name", ollamaName(m));
        e.put("model", ollamaName(m));
        e.put("modified_at", m.modifiedAt().toString());
        e.put("size", m.fileSize());
        e.put("digest", m.digest());
        e.set("details", details(m));
        writeJson(ctx, Json.object().set("models", Json.array().add(e)));
    }

    void ps(Context ctx) {
        ServedModel m = server.readyModel();
        ObjectNode e = Json.object();
        e.put("name", ollamaName(m));
        e.put("model", ollamaName(m));
        e.put("size", m.fileSize());
        e.put("digest", m.digest());
        e.set("details", details(m));
        e.put("expires_at", "2999-01-01T00:00:00Z");
        e.put("size_vram", m.backend().equals("cpu") ? 0 : m.fileSize());
        e.put("context_length", m.engine().contextLength());
        writeJson(ctx, Json.object().set("models", Json.array().add(e)));
    }

    void show(Context ctx) {
        Fields f = new Fields(Json.parseBody(ctx.bodyAsBytes()));
        ServedModel m = model(f);
        Qwen3Config c = m.model().config();
        ObjectNode body = Json.object();
        body.put("modelfile", "# served by infer\nFROM " + m.model().path() + "\n");
        body.put("parameters", "num_ctx " + m.engine().contextLength());
        String template = m.chatTemplate() == null ? "" : m.chatTemplate().source();
        body.put("template", template);
        body.set("details", details(m));
        ObjectNode info = body.putObject("model_info");
        String arch = c.architecture();
        info.put("general.architecture", arch);
        info.put("general.name", m.model().name());
        info.put("general.parameter_count", m.model().parameterCount());
        info.put(arch + ".context_length", c.contextLength());
        info.put(arch + ".embedding_length", c.embeddingLength());
        info.put(arch + ".block_count", c.blockCount());
        info.put(arch + ".feed_forward_length", c.feedForwardLength());
        info.put(arch + ".attention.head_count", c.headCount());
        info.put(arch + ".attention.head_count_kv", c.headCountKv());
        info.put(arch + ".attention.key_length", c.headDim());
        info.put(arch + ".rope.freq_base", c.ropeFreqBase());
        info.put("tokenizer.ggml.model", "gpt2");
        info.put("tokenizer.ggml.pre", "qwen2");
        ArrayNode caps = body.putArray("capabilities");
        caps.add("completion");
        if (template.contains("tools")) {
            caps.add("tools");
        }
        if (template.contains("<think>")) {
            caps.add("thinking");
        }
        body.put("modified_at", m.modifiedAt().toString());
        writeJson(ctx, body);
    }

    void version(Context ctx) {
        writeJson(ctx, Json.object().put("version", InferServer.OLLAMA_VERSION));
    }

    private static ObjectNode details(ServedModel m) {
        ObjectNode d = Json.object();
        d.put("parent_model", "");
        d.put("format", "gguf");
        String arch = m.model().config().architecture();
        d.put("family", arch);
        d.putArray("families").add(arch);
        d.put("parameter_size", m.parameterSize());
        d.put("quantization_level", m.quantization());
        return d;
    }
}
