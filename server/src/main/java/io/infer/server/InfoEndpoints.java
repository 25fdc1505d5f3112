package io.infer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer.model.Qwen3Config;
import io.infer.tokenizer.Qwen2Tokenizer;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Models, health, metrics, props, tokenize and detokenize. */
final class InfoEndpoints {

    private final InferServer server;

    InfoEndpoints(InferServer server) {
        this.server = server;
    }

    void models(Context ctx) {
        ServedModel m = server.readyModel();
        ObjectNode body = Json.object();
        body.put("object", "list");
        body.set("data", Json.array().add(modelEntry(m)));
        EndpointSupport.writeJson(ctx, body);
    }

    void model(Context ctx) {
        ServedModel m = server.model(ctx.pathParam("model"), false);
        EndpointSupport.writeJson(ctx, modelEntry(m));
    }

    private static ObjectNode modelEntry(ServedModel m) {
        ObjectNode e = Json.object();
        e.put("id", m.id());
        e.put("object", "model");
        e.put("created", m.modifiedAt().getEpochSecond());
        e.put("owned_by", "infer");
        e.put("root", m.id());
        e.putNull("parent");
        e.put("max_model_len", m.engine().contextLength());
        e.set("permission", Json.array());
        Qwen3Config c = m.model().config();
        ObjectNode meta = e.putObject("meta");
        meta.put("n_ctx_train", c.contextLength());
        meta.put("n_ctx", m.engine().contextLength());
        meta.put("n_vocab", c.vocabSize());
        meta.put("n_embd", c.embeddingLength());
        meta.put("n_params", m.model().parameterCount());
        meta.put("size", m.fileSize());
        return e;
    }

    void health(Context ctx) {
        if (server.loading()) {
            ObjectNode err = Json.object();
            err.put("code", 503);
            err.put("message", "Loading model");
            err.put("type", "unavailable_error");
            ctx.status(503).contentType("application/json").result(Json.write(Json.object().set("error", err)));
            return;
        }
        EndpointSupport.writeJson(ctx, Json.object().put("status", "ok"));
    }

    void metrics(Context ctx) {
        ServedModel m = server.modelOrNull();
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(server.metrics().render(server.engineMetrics(), m == null ? "" : m.id()));
    }

    void props(Context ctx) {
        ServedModel m = server.readyModel();
        ObjectNode body = Json.object();
        ObjectNode gen = body.putObject("default_generation_settings");
        gen.put("id", 0);
        gen.put("n_ctx", m.engine().contextLength());
        gen.put("model", m.id());
        ObjectNode params = gen.putObject("params");
        params.put("temperature", 1.0);
        params.put("top_k", 0);
        params.put("top_p", 1.0);
        params.put("min_p", 0.0);
        params.put("n_predict", -1);
        params.put("repeat_last_n", 64);
        params.put("repeat_penalty", 1.0);
        body.put("total_slots", m.engine().slots());
        body.put("model_path", m.model().path().toString());
        body.put("model_alias", m.id());
        body.put("chat_template", m.chatTemplate() == null ? "" : m.chatTemplate().source());
        ObjectNode caps = body.putObject("chat_template_caps");
        String t = m.chatTemplate() == null ? "" : m.chatTemplate().source();
        caps.put("supports_tools", t.contains("tools"));
        caps.put("supports_tool_calls", t.contains("tool_call"));
        caps.put("supports_system_role", t.contains("system"));
        caps.put("supports_parallel_tool_calls", t.contains("tool_call"));
        caps.put("supports_thinking", t.contains("<think>"));
        body.putObject("modalities").put("vision", false).put("audio", false);
        body.put("build_info", "infer " + InferServer.VERSION + " (" + m.backend() + ")");
        body.put("backend", m.backend());
        body.put("is_sleeping", false);
        EndpointSupport.writeJson(ctx, body);
    }

    /**
     * llama-server's {@code {"content", "parse_special", "with_pieces"}} and vLLM's {@code {"prompt"}} /
     * {@code {"messages"}}.
     */
    void tokenize(Context ctx) {
        Fields f = new Fields(Json.parseBody(ctx.bodyAsBytes()));
        ServedModel m = server.readyModel();
        Qwen2Tokenizer tok = m.tokenizer();
        boolean vllm = !f.has("content") && (f.has("prompt") || f.has("messages"));
        String text;
        if (f.has("messages")) {
            text = EndpointSupport.renderChat(m, ChatMessages.openAi(f.get("messages")), ChatMessages.tools(f.get("tools")),
                    Map.of(), f.bool("add_generation_prompt", true)).text();
        } else {
            String field = f.has("content") ? "content" : "prompt";
            text = f.string(field, null);
            if (text == null) {
                throw ApiException.missing("content");
            }
        }
        int[] ids = tok.encode(text, f.bool("parse_special", true));
        ObjectNode body = Json.object();
        if (f.bool("with_pieces", false)) {
            ArrayNode arr = body.putArray("tokens");
            for (int id : ids) {
                ObjectNode p = Json.object();
                p.put("id", id);
                byte[] bytes = tok.tokenBytes(id);
                String piece = utf8OrNull(bytes);
                if (piece != null) {
                    p.put("piece", piece);
                } else {
                    ArrayNode b = p.putArray("piece");
                    for (byte x : bytes) {
                        b.add(x & 0xff);
                    }
                }
                arr.add(p);
            }
        } else {
            ArrayNode arr = body.putArray("tokens");
            for (int id : ids) {
                arr.add(id);
            }
        }
        if (vllm) {
            body.put("count", ids.length);
            body.put("max_model_len", m.engine().contextLength());
            if (f.bool("return_token_strs", false)) {
                ArrayNode strs = body.putArray("token_strs");
                for (int id : ids) {
                    strs.add(tok.tokenText(id));
                }
            }
        }
        EndpointSupport.writeJson(ctx, body);
    }

    void detokenize(Context ctx) {
        Fields f = new Fields(Json.parseBody(ctx.bodyAsBytes()));
        ServedModel m = server.readyModel();
        Qwen2Tokenizer tok = m.tokenizer();
        int[] ids = f.ints("tokens");
        if (ids == null) {
            throw ApiException.missing("tokens");
        }
        for (int id : ids) {
            if (id < 0 || id >= tok.vocabSize()) {
                throw ApiException.badRequest("'tokens' has id " + id + ", outside the vocabulary (0.." + (tok.vocabSize() - 1) + ")", "tokens");
            }
        }
        String text = tok.decode(ids);
        ObjectNode body = Json.object();
        body.put("content", text);
        body.put("prompt", text);
        EndpointSupport.writeJson(ctx, body);
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

}
