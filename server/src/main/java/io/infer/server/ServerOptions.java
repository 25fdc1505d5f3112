package io.infer.server;

import java.time.Duration;

/**
 * How the server listens and behaves. The model-side settings (context size, parallel slots, backend) belong to
 * the {@link io.infer.engine.Engine} the caller builds (see {@link ServedModel#open}).
 *
 * @param host                 address to bind ({@code 127.0.0.1}; {@code 0.0.0.0} for all interfaces)
 * @param port                 TCP port; 0 picks a free one ({@link InferServer#port()} tells which)
 * @param apiKey               required as {@code Authorization: Bearer <key>} on every route but health and
 *                             {@code /}; null or blank for none
 * @param alias                the model id clients use; null for the model file's name
 * @param shutdownGrace        how long in-flight requests may run on at shutdown before they are cancelled
 * @param alwaysIncludeUsage   send the usage chunk in every stream, as if {@code stream_options.include_usage}
 * @param logRequests          one log line per request
 */
public record ServerOptions(
        String host,
        int port,
        String apiKey,
        String alias,
        Duration shutdownGrace,
        boolean alwaysIncludeUsage,
        boolean logRequests) {

    public ServerOptions {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        alias = alias == null || alias.isBlank() ? null : alias;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(10) : shutdownGrace;
    }

    /** 127.0.0.1:8080, API key from the environment variable {@code INFER_API_KEY} if set. */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 8080, System.getenv("INFER_API_KEY"), null, Duration.ofSeconds(10),
                false, true);
    }

    public ServerOptions withHost(String v) {
        return new ServerOptions(v, port, apiKey, alias, shutdownGrace, alwaysIncludeUsage, logRequests);
    }

    public ServerOptions withPort(int v) {
        return new ServerOptions(host, v, apiKey, alias, shutdownGrace, alwaysIncludeUsage, logRequests);
    }

    /** An explicit key; null keeps the one from the environment. */
    public ServerOptions withApiKey(String v) {
        return v == null ? this : new ServerOptions(host, port, v, alias, shutdownGrace, alwaysIncludeUsage, logRequests);
    }

    public ServerOptions withAlias(String v) {
        return new ServerOptions(host, port, apiKey, v, shutdownGrace, alwaysIncludeUsage, logRequests);
    }

    public ServerOptions withShutdownGrace(Duration v) {
        return new ServerOptions(host, port, apiKey, alias, v, alwaysIncludeUsage, logRequests);
    }

    public ServerOptions withAlwaysIncludeUsage(boolean v) {
        return new ServerOptions(host, port, apiKey, alias, shutdownGrace, v, logRequests);
    }

    public ServerOptions withLogRequests(boolean v) {
        return new ServerOptions(host, port, apiKey, alias, shutdownGrace, alwaysIncludeUsage, v);
    }
}
