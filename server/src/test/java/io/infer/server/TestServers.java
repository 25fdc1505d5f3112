package io.infer.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer.backend.cpu.CpuBackend;
import io.infer.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real tiny fixture model served over HTTP, shared by the integration tests (loading it once keeps them
 * fast). Tests skip when the fixtures are absent.
 */
final class TestServers {

    static final String API_KEY = "sk-test-4f2a9c";
    static final int SLOTS = 4;
    static final int CONTEXT = 1024;

    private static InferServer shared;
    private static ServedModel sharedModel;

    private TestServers() {
    }

    static Path modelPath() {
        Path p = Path.of(System.getProperty("infer.fixtures", "../../shared/fixtures"), "models", "qwen3-tiny-f16.gguf");
        assumeTrue(Files.exists(p), "fixture model not present at " + p.toAbsolutePath());
        return p;
    }

    /** The shared server: 4 slots × 1024 positions, API key {@link #API_KEY}. */
    static synchronized InferServer shared() {
        if (shared == null) {
            sharedModel = open(SLOTS, CONTEXT, new Engine.Options(64, 256));
            shared = InferServer.start(options().withApiKey(API_KEY), sharedModel);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.close();
                sharedModel.close();
            }));
        }
        return shared;
    }

    static synchronized ServedModel sharedModel() {
        shared();
        return sharedModel;
    }

    static ServedModel open(int slots, int ctx, Engine.Options engineOptions) {
        try {
            return ServedModel.open(modelPath(), new CpuBackend(), slots, ctx, "qwen3-tiny", engineOptions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServerOptions options() {
        return new ServerOptions("127.0.0.1", 0, null, null, Duration.ofSeconds(5), false, true);
    }
}
