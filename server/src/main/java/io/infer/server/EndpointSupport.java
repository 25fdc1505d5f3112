package io.infer.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer.engine.ContextLengthExceededException;
import io.infer.engine.EngineBusyException;
import io.infer.engine.FinishReason;
import io.infer.engine.GenerationRequest;
import io.infer.engine.GenerationResult;
import io.infer.tokenizer.Qwen2Tokenizer;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import io.infer.chat.ChatTemplateException;

/** What the generating endpoints share: submission with error mapping, the event pump, usage and timings. */
abstract class EndpointSupport {

    /** How often a waiting request checks that its client is still there. */
    static final long PROBE_INTERVAL_MS = 50;

    final InferServer server;

    EndpointSupport(InferServer server) {
        this.server = server;
    }

    /** Ends a stream after an error event was sent in it. */
    static final class StreamAborted extends IOException {
        StreamAborted() {
            super("stream ended with an error event");
        }
    }

    interface EventSink {
        void accept(GenerationStream.Event event) throws IOException;
    }

    /**
     * Submits every request (one per choice) or none: a refusal cancels those already queued and becomes the
     * API error. {@code promptParam} names the field a context-length error points at.
     */
    GenerationStream submitAll(ServedModel m, List<GenerationRequest> requests, String promptParam, boolean chat) {
        GenerationStream gs = new GenerationStream();
        try {
            for (GenerationRequest r : requests) {
                gs.submit(m.engine(), r);
            }
        } catch (ContextLengthExceededException e) {
            long requested = (long) e.promptTokens() + Math.max(0, e.maxTokens());
            String what = chat ? "messages" : "prompt";
            String msg = "This model's maximum context length is " + e.contextLength() + " tokens. However, "
                    + (e.maxTokens() <= 0
                            ? "your " + what + " resulted in " + e.promptTokens() + " tokens. Please reduce the length of the " + what + "."
                            : "you requested " + requested + " tokens (" + e.promptTokens() + " in the " + what + ", "
                                    + e.maxTokens() + " in the completion). Please reduce the length of the " + what
                                    + " or completion.");
            throw new ApiException(400, msg, "invalid_request_error", promptParam, "context_length_exceeded")
                    .with("n_prompt_tokens", e.promptTokens()).with("n_ctx", e.contextLength());
        } catch (EngineBusyException e) {
            throw ApiException.busy(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), promptParam);
        }
        return gs;
    }

    /**
     * Delivers events to {@code sink} until every generation finished. Returns false when the client went away
     * (a failed write, or the probe saw the connection close): the generations are cancelled then.
     */
    boolean pump(Context ctx, GenerationStream gs, ConnectionProbe probe, ResponseStream stream, EventSink sink) {
        long lastWrite = System.nanoTime();
        long lastProbe = lastWrite;
        try {
            while (!gs.done()) {
                GenerationStream.Event e = gs.poll(PROBE_INTERVAL_MS);
                long now = System.nanoTime();
                // probe on a clock, not only when idle: a non-streamed generation delivers events all the time
                if (e == null || now - lastProbe > PROBE_INTERVAL_MS * 1_000_000L) {
                    lastProbe = now;
                    if (probe.clientGone()) {
                        gs.cancel();
                        clientGone(ctx);
                        return false;
                    }
                }
                if (e == null) {
                    if (stream != null && stream.isSse() && now - lastWrite > 5_000_000_000L) {
                        stream.ping();
                        lastWrite = now;
                    }
                    continue;
                }
                if (e instanceof GenerationStream.FinishEvent f && f.result().completionTokens() > 0) {
                    server.metrics().timeToFirstToken(f.result().timeToFirstTokenNanos());
                }
                sink.accept(e);
                lastWrite = now;
            }
            return true;
        } catch (StreamAborted e) {
            gs.cancel();
            return false;
        } catch (IOException e) {
            gs.cancel();
            clientGone(ctx);
            return false;
        } catch (InterruptedException e) {
            gs.cancel();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Marks the request for the log and metrics (nginx's 499: client closed the request). */
    private static void clientGone(Context ctx) {
        InferServer.note(ctx, "client disconnected: generation cancelled");
        if (!ctx.res().isCommitted()) {
            ctx.status(499);
        }
    }

    /** A result that did not end normally, as the error the client gets (null for stop/length). */
    static ApiException failure(GenerationResult r) {
        if (r.finishReason() == FinishReason.ERROR) {
            return new ApiException(500, "generation failed: " + r.error(), "server_error", null, null);
        }
        if (r.finishReason() == FinishReason.CANCELLED) {
            return ApiException.busy("the request was cancelled: the server is shutting down");
        }
        return null;
    }

    static String finishReason(GenerationResult r, boolean toolCalls) {
        return switch (r.finishReason()) {
            case STOP -> toolCalls ? "tool_calls" : "stop";
            case LENGTH -> "length";
            case CANCELLED -> "cancelled";
            case ERROR -> "error";
        };
    }

    static ObjectNode usage(Collection<GenerationResult> results) {
        long prompt = 0;
        long completion = 0;
        for (GenerationResult r : results) {
            prompt += r.promptTokens();
            completion += r.completionTokens();
        }
        ObjectNode u = Json.object();
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        return u;
    }

    /** llama-server's {@code timings}, summed over the choices. */
    static ObjectNode timings(Collection<GenerationResult> results) {
        long promptN = 0;
        long predictedN = 0;
        double promptMs = 0;
        double predictedMs = 0;
        for (GenerationResult r : results) {
            promptN += r.promptTokens();
            predictedN += r.completionTokens();
            promptMs += r.promptMillis();
            predictedMs += r.decodeMillis();
        }
        ObjectNode t = Json.object();
        t.put("cache_n", 0);
        t.put("prompt_n", promptN);
        t.put("prompt_ms", round(promptMs));
        t.put("prompt_per_token_ms", promptN == 0 ? 0 : round(promptMs / promptN));
        t.put("prompt_per_second", promptMs <= 0 ? 0 : round(promptN * 1000.0 / promptMs));
        t.put("predicted_n", predictedN);
        t.put("predicted_ms", round(predictedMs));
        t.put("predicted_per_token_ms", predictedN == 0 ? 0 : round(predictedMs / predictedN));
        t.put("predicted_per_second", predictedMs <= 0 ? 0 : round(predictedN * 1000.0 / predictedMs));
        return t;
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** The text of one token for logprobs: its bytes as UTF-8 (a partial character shows as U+FFFD). */
    static String tokenText(Qwen2Tokenizer tok, int id) {
        return new String(tok.tokenBytes(id), java.nio.charset.StandardCharsets.UTF_8);
    }

    static void writeJson(Context ctx, ObjectNode body) {
        ctx.status(200).contentType("application/json").result(Json.write(body));
    }

    /** A rendered chat prompt; {@code opensReasoning} when the template already opened a think block. */
    record ChatPrompt(String text, int[] tokens, boolean opensReasoning) {
    }

    static ChatPrompt renderChat(ServedModel m, List<Map<String, Object>> messages, List<Object> tools,
            Map<String, Object> kwargs, boolean addGenerationPrompt) {
        if (m.chatTemplate() == null) {
            throw ApiException.badRequest("this model has no chat template (tokenizer.chat_template); use the completions endpoint", null);
        }
        String text;
        try {
            text = m.chatTemplate().render(messages, tools, addGenerationPrompt, kwargs);
        } catch (ChatTemplateException e) {
            throw ApiException.badRequest("the chat template failed on these messages: " + e.getMessage(), "messages");
        }
        int[] tokens = m.tokenizer().encode(text, true);
        String tail = text.stripTrailing();
        return new ChatPrompt(text, tokens, tail.endsWith("<think>"));
    }

    static String randomId(String prefix) {
        return prefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
