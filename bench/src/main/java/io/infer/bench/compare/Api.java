package io.infer.bench.compare;

import java.util.Locale;

/**
 * The kind of server a target is, which decides the endpoint it is measured through and where its own token rate
 * comes from. Every kind is streamed, so time to first token and inter-token latency are measured the same way.
 */
public enum Api {

    /** infer serve: {@code /v1/completions} (SSE) with llama-server's {@code timings}. */
    INFER(Protocol.OPENAI_COMPLETIONS, "timings.predicted_n / predicted_ms"),
    /** llama.cpp llama-server: {@code /v1/completions} (SSE), server rate from {@code timings.predicted_ms}. */
    LLAMA(Protocol.OPENAI_COMPLETIONS, "timings.predicted_n / predicted_ms"),
    /** Ollama: {@code /api/generate} (NDJSON), server rate from {@code eval_count / eval_duration}. */
    OLLAMA(Protocol.OLLAMA_GENERATE, "eval_count / eval_duration"),
    /** vLLM: {@code /v1/completions} (SSE); no server-side rate, usage and the client clock only. */
    VLLM(Protocol.OPENAI_COMPLETIONS, "none (usage + client clock)"),
    /** LM Studio: {@code /v1/completions} (SSE); no server-side rate, usage and the client clock only. */
    LMSTUDIO(Protocol.OPENAI_COMPLETIONS, "none (usage + client clock)"),
    /** Any other OpenAI-compatible server; uses {@code timings} when the server happens to send them. */
    OPENAI(Protocol.OPENAI_COMPLETIONS, "timings if sent, else none");

    /** The wire protocol a kind is measured with. */
    public enum Protocol { OPENAI_COMPLETIONS, OLLAMA_GENERATE }

    private final Protocol protocol;
    private final String serverRateSource;

    Api(Protocol protocol, String serverRateSource) {
        this.protocol = protocol;
        this.serverRateSource = serverRateSource;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Whether llama-server {@code timings} in the stream are taken as the server's rate (not for vLLM, LM Studio). */
    public boolean readsTimings() {
        return this == INFER || this == LLAMA || this == OPENAI;
    }

    /** Where the server-reported decode rate comes from, for the report. */
    public String serverRateSource() {
        return serverRateSource;
    }

    /** Lower-case name as written on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code s} (case-insensitive; {@code llama-server}, {@code llamacpp} and {@code lm-studio} too), or null. */
    public static Api lookup(String s) {
        String k = s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (k) {
            case "infer" -> INFER;
            case "llama", "llamaserver", "llamacpp" -> LLAMA;
            case "ollama" -> OLLAMA;
            case "vllm" -> VLLM;
            case "lmstudio", "lms" -> LMSTUDIO;
            case "openai" -> OPENAI;
            default -> null;
        };
    }
}
