package io.infer.cli;

import io.infer.backend.Backend;
import io.infer.backend.Backends;
import io.infer.server.InferServer;
import io.infer.server.ServedModel;
import io.infer.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over OpenAI-, llama-server- and Ollama-compatible HTTP APIs.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, description = "GGUF model file (default: a demo model with random weights)")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = {"-c", "--ctx-size"}, defaultValue = "4096", description = "context length per sequence (default: ${DEFAULT-VALUE})")
    int ctxSize;

    @Option(names = {"-np", "--parallel"}, defaultValue = "4", description = "sequences decoded together (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--api-key", description = "require this bearer key (default: $INFER_API_KEY, else none)")
    String apiKey;

    @Option(names = "--alias", description = "model name reported to clients (default: the file name)")
    String alias;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, gpu or cpu (default: ${DEFAULT-VALUE})")
    String backend;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || ctxSize < 16) {
            throw new IllegalArgumentException("--parallel must be >= 1 and --ctx-size >= 16");
        }
        Path path = DemoModel.resolve(model);
        ServerOptions options = ServerOptions.defaults().withHost(host).withPort(port).withAlias(alias)
                .withShutdownGrace(Duration.ofSeconds(10));
        if (apiKey != null) {
            options = options.withApiKey(apiKey);
        }
        // listen first so /health answers 503 while the model loads
        InferServer server = new InferServer(options).start();
        ServedModel[] served = new ServedModel[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("shutting down: finishing in-flight requests");
            server.close();
            if (served[0] != null) {
                served[0].close();
            }
        }, "infer-shutdown"));
        Backend b;
        try {
            b = Backends.choose(backend, System.err::println);
            served[0] = ServedModel.open(path, b, parallel, ctxSize, alias, null);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        server.serve(served[0]);
        System.err.printf("model %s ready (%d slots × %d positions, backend %s)%n", served[0].id(), parallel, ctxSize, b.name());
        server.join();
        return 0;
    }
}
