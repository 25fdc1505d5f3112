package io.infer.bench.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures each target in turn, the same way: {@code warmup} single requests, then for every concurrency level c,
 * {@code runs} rounds of c requests released together. Targets never run at the same time, so peers on one machine
 * do not slow each other down.
 */
public final class Comparison {

    private final CompareConfig config;
    private final PrintStream log;

    /** @param log progress lines (stderr for the command line) */
    public Comparison(CompareConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    public CompareReport run() throws IOException, InterruptedException {
        Instant started = Instant.now();
        List<Target> resolved = new ArrayList<>();
        List<LevelResult> results = new ArrayList<>();
        // HTTP/1.1: the servers measured speak it, and the JDK's h2c upgrade attempt only adds a round trip
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Target t : config.targets()) {
                String model = t.model() != null ? t.model() : config.model() != null ? config.model() : discover(http, t);
                Target target = t.withModel(model);
                resolved.add(target);
                ServerClient client = ServerClient.create(http, target, model, config);
                log.printf("%s (%s, %s, model %s): %d warm-up request(s)%n", target.name(), target.api().id(),
                        target.base(), model, config.warmup());
                for (int i = 0; i < config.warmup(); i++) {
                    RequestResult w = client.complete(config.prompts().get(i % config.prompts().size()));
                    if (!w.ok()) {
                        log.printf("  warm-up failed: %s%n", w.error());
                    }
                }
                for (int c : config.concurrency()) {
                    LevelResult level = level(pool, client, target, c);
                    results.add(level);
                    log.printf("  concurrency %d: %d/%d ok, %.1f tok/s aggregate%s%n", c, level.requests() - level.failed(),
                            level.requests(), level.aggregateTokPerSec(),
                            level.errors().isEmpty() ? "" : " (" + level.errors().getFirst() + ")");
                }
            }
        }
        return new CompareReport(started, Duration.between(started, Instant.now()), config, resolved, results);
    }

    private String discover(HttpClient http, Target t) throws IOException {
        try {
            return ServerClient.discoverModel(http, t, config);
        } catch (IOException e) {
            throw new IOException("cannot ask " + t.name() + " (" + t.base() + ") for its model, pass --model: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private LevelResult level(ExecutorService pool, ServerClient client, Target target, int c)
            throws InterruptedException {
        List<RequestResult> all = new ArrayList<>(config.runs() * c);
        long wall = 0;
        List<String> prompts = config.prompts();
        for (int round = 0; round < config.runs(); round++) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RequestResult>> futures = new ArrayList<>(c);
            for (int i = 0; i < c; i++) {
                String prompt = prompts.get((round * c + i) % prompts.size());
                futures.add(pool.submit(() -> {
                    go.await();
                    return client.complete(prompt);
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<RequestResult> f : futures) {
                try {
                    all.add(f.get());
                } catch (ExecutionException e) {
                    all.add(RequestResult.failed(String.valueOf(e.getCause()), 0));
                }
            }
            wall += System.nanoTime() - t0;
        }
        return LevelResult.of(target, c, all, wall);
    }
}
