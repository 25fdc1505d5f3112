package io.infer.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer.engine.EngineMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: OpenAI ({@code /v1/completions}, {@code /v1/chat/completions}, {@code /v1/models}),
 * llama-server ({@code /health}, {@code /metrics}, {@code /props}, {@code /tokenize}, {@code /detokenize}) and
 * Ollama ({@code /api/generate}, {@code /api/chat}, {@code /api/tags}, {@code /api/show}, {@code /api/ps},
 * {@code /api/version}, {@code /}) routes over one {@link ServedModel}.
 *
 * <p>It can listen before the model is ready: {@link #start()} binds, {@link #serve} makes the model available;
 * until then {@code /health} and the inference routes answer 503 "Loading model". {@link #close} shuts down
 * gracefully: new requests get 503, in-flight ones get {@link ServerOptions#shutdownGrace()} to finish, then
 * whatever remains is cancelled and ended cleanly.
 *
 * <pre>{@code
 * ServedModel model = ServedModel.open(path, backend, parallel, ctxSize, alias, null);
 * InferServer server = InferServer.start(ServerOptions.defaults().withPort(8080), model);
 * server.join();   // until close() (e.g. from a shutdown hook)
 * }</pre>
 */
public final class InferServer implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("io.infer.server");
    static final String VERSION = "0.1.0";
    /** Ollama clients check the version for features; this is the API level the routes follow. */
    static final String OLLAMA_VERSION = "0.9.0";

    private static final Set<String> PUBLIC_PATHS = Set.of("/health", "/v1/health", "/");
    private static final String ATTR_NOTE = "infer.note";

    private final ServerOptions options;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Javalin app;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ServedModel model;
    private volatile boolean stopping;
    private final OpenAiEndpoints openAi;
    private final OllamaEndpoints ollama;
    private final InfoEndpoints info;
    private final long startedAtMillis = System.currentTimeMillis();

    public InferServer(ServerOptions options) {
        this.options = options;
        this.openAi = new OpenAiEndpoints(this);
        this.ollama = new OllamaEndpoints(this);
        this.info = new InfoEndpoints(this);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.useVirtualThreads = true;
            config.http.disableCompression();
            config.http.maxRequestSize = 64L << 20;
            config.http.defaultContentType = "application/json";
            config.jetty.modifyServer(server -> server.setStopTimeout(2000));
            if (options.logRequests()) {
                config.requestLogger.http(this::logRequest);
            }
        });
        routes();
    }

    /** Starts listening with the model already loaded. */
    public static InferServer start(ServerOptions options, ServedModel model) {
        InferServer s = new InferServer(options);
        s.serve(model);
        s.start();
        return s;
    }

    /** Binds and starts answering (503 on inference routes until {@link #serve}). */
    public InferServer start() {
        app.start(options.host(), options.port());
        for (var c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc) {
                sc.setIdleTimeout(Duration.ofMinutes(10).toMillis()); // long non-streamed generations
            }
        }
        String what = model == null ? "loading model" : "model " + model.id() + ", " + model.engine().slots()
                + " slots × " + model.engine().contextLength() + " ctx, " + model.backend();
        String line = "infer server listening on " + url() + " (" + what + ")";
        System.out.println(line);
        LOG.info(line);
        return this;
    }

    /** Makes a loaded model available; /health turns 200. */
    public void serve(ServedModel m) {
        this.model = m;
        if (port() > 0) {
            LOG.info("model {} ready: {} slots × {} ctx on {}", m.id(), m.engine().slots(), m.engine().contextLength(), m.backend());
        }
    }

    public int port() {
        try {
            return app.port();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** {@code http://host:port} as bound (the real port when 0 was asked for). */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port();
    }

    public ServerOptions options() {
        return options;
    }

    /** Waits until {@link #close} has finished. */
    public void join() throws InterruptedException {
        stopped.await();
    }

    /**
     * Graceful shutdown: refuses new requests, lets running ones finish within the grace period, cancels the
     * rest (their clients get a clean end), stops listening. Does not close the model (the caller owns it).
     */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            ServedModel m = model;
            if (m != null) {
                m.engine().shutdown(options.shutdownGrace());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            app.stop();
            stopped.countDown();
            LOG.info("infer server stopped");
        }
    }

    // ------------------------------------------------------------------ shared with the endpoint classes

    ServerMetrics metrics() {
        return metrics;
    }

    /** The model for a request naming {@code requested} (null/blank: the served one). */
    ServedModel model(String requested, boolean ollamaStyle) {
        ServedModel m = readyModel();
        if (!m.answersTo(requested)) {
            throw ollamaStyle
                    ? new ApiException(404, "model '" + requested + "' not found", "invalid_request_error", "model", "model_not_found")
                    : ApiException.modelNotFound(requested);
        }
        return m;
    }

    ServedModel readyModel() {
        ServedModel m = model;
        if (stopping) {
            throw ApiException.busy("the server is shutting down");
        }
        if (m == null) {
            throw ApiException.loading();
        }
        return m;
    }

    /** The model if loaded, else null (for info routes that can answer either way). */
    ServedModel modelOrNull() {
        return model;
    }

    boolean loading() {
        return model == null;
    }

    long startedAtMillis() {
        return startedAtMillis;
    }

    EngineMetrics engineMetrics() {
        ServedModel m = model;
        return m == null ? new EngineMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : m.engine().metrics();
    }

    /** Adds a short note (token counts) to the request's log line. */
    static void note(Context ctx, String note) {
        ctx.attribute(ATTR_NOTE, note);
    }

    // ------------------------------------------------------------------ routing

    private void routes() {
        app.before(ctx -> {
            inFlight.incrementAndGet();
            ctx.attribute("infer.counted", Boolean.TRUE);
            authorize(ctx);
        });
        app.after(ctx -> {
            if (ctx.attribute("infer.counted") != null) {
                inFlight.decrementAndGet();
                ctx.attribute("infer.counted", null);
            }
            metrics.request(routeName(ctx), ctx.statusCode());
        });

        app.post("/v1/completions", openAi::completions);
        app.post("/completions", openAi::completions);
        app.post("/v1/chat/completions", openAi::chat);
        app.post("/chat/completions", openAi::chat);
        app.get("/v1/models", info::models);
        app.get("/models", info::models);
        app.get("/v1/models/{model}", info::model);

        app.get("/health", info::health);
        app.get("/v1/health", info::health);
        app.get("/metrics", info::metrics);
        app.get("/props", info::props);
        app.post("/tokenize", info::tokenize);
        app.post("/detokenize", info::detokenize);

        app.post("/api/generate", ollama::generate);
        app.post("/api/chat", ollama::chat);
        app.get("/api/tags", ollama::tags);
        app.post("/api/show", ollama::show);
        app.get("/api/ps", ollama::ps);
        app.get("/api/version", ollama::version);
        app.get("/", ctx -> ctx.contentType("text/plain").result("Ollama is running"));
        app.head("/", ctx -> ctx.contentType("text/plain"));

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, new ApiException(e.getStatus(),
                e.getStatus() == 404 ? "Not found: " + ctx.method() + " " + ctx.path() : e.getMessage(),
                e.getStatus() == 404 ? "not_found_error" : "invalid_request_error", null, null)));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, new ApiException(500, "internal error: " + e, "server_error", null, null));
        });
        app.error(404, ctx -> {
            if (ctx.attribute("infer.error") == null) {
                error(ctx, new ApiException(404, "Not found: " + ctx.method() + " " + ctx.path(), "not_found_error", null, null));
            }
        });
    }

    private void authorize(Context ctx) {
        String key = options.apiKey();
        if (key == null || PUBLIC_PATHS.contains(ctx.path()) || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        String header = ctx.header("Authorization");
        String given = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).strip();
        } else if (ctx.header("x-api-key") != null) {
            given = ctx.header("x-api-key").strip();
        }
        if (given == null || given.isEmpty()) {
            throw new ApiException(401, "You didn't provide an API key. You need to provide your API key in an "
                    + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    "invalid_request_error", null, "invalid_api_key");
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "Incorrect API key provided: " + redact(given) + ".", "invalid_request_error",
                    null, "invalid_api_key");
        }
    }

    private static String redact(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(Math.min(20, key.length() - 7)) + key.substring(key.length() - 4);
    }

    /** Writes an error in the shape the route's clients expect, unless the response already started. */
    static void error(Context ctx, ApiException e) {
        ctx.attribute("infer.error", Boolean.TRUE);
        if (ctx.res().isCommitted()) {
            return;
        }
        ctx.status(e.status);
        if (e.status == 503) {
            ctx.header("Retry-After", "1");
        }
        ObjectNode body = Json.object();
        if (ctx.path().startsWith("/api/")) {
            body.put("error", e.getMessage());
        } else {
            body.set("error", openAiError(e));
        }
        ctx.contentType("application/json").result(Json.write(body));
    }

    static ObjectNode openAiError(ApiException e) {
        ObjectNode err = Json.object();
        err.put("message", e.getMessage());
        err.put("type", e.type);
        err.put("param", e.param);
        err.put("code", e.code);
        e.extra.forEach((k, v) -> err.set(k, Json.MAPPER.valueToTree(v)));
        return err;
    }

    private static String routeName(Context ctx) {
        String matched = ctx.endpointHandlerPath();
        return matched == null || matched.equals("*") ? "other" : matched;
    }

    private void logRequest(Context ctx, Float ms) {
        String note = ctx.attribute(ATTR_NOTE);
        LOG.info("{} {} {} {}ms{}", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", ms),
                note == null ? "" : " " + note);
    }
}
