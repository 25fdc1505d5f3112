package io.infer.server;

import io.infer.backend.Backend;
import io.infer.backend.ForwardPass;
import io.infer.chat.ChatTemplate;
import io.infer.engine.Engine;
import io.infer.model.Qwen3Model;
import io.infer.sampling.Sampler;
import io.infer.tokenizer.Qwen2Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A loaded model as the server serves it: the model, its tokenizer and chat template, the engine running it,
 * which backend it runs on, and how long loading took. {@link #close} closes the engine, the forward pass and
 * the model, in that order.
 */
public final class ServedModel implements AutoCloseable {

    private final String id;
    private final Qwen3Model model;
    private final Engine engine;
    private final ChatTemplate chatTemplate;
    private final String backend;
    private final Duration loadTime;
    private final Instant modifiedAt;
    private final long fileSize;
    private final boolean owned;

    /**
     * @param alias    the id clients use; null for the model file's name without {@code .gguf}
     * @param engine   the engine over the model's forward pass
     * @param backend  the backend's name ({@code cpu}, {@code gpu}) for /props and /api/ps
     * @param loadTime how long loading took (Ollama's {@code load_duration})
     * @param owned    whether {@link #close} closes the engine, its forward pass and the model
     */
    public ServedModel(String alias, Qwen3Model model, Engine engine, String backend, Duration loadTime, boolean owned) {
        this.model = model;
        this.engine = engine;
        this.backend = backend == null ? "cpu" : backend;
        this.loadTime = loadTime == null ? Duration.ZERO : loadTime;
        this.owned = owned;
        String stem = model.path().getFileName().toString().replaceFirst("(?i)\\.gguf$", "");
        this.id = alias == null || alias.isBlank() ? stem : alias;
        String template = model.chatTemplate();
        this.chatTemplate = template == null ? null : ChatTemplate.of(template);
        Instant mtime;
        long size;
        try {
            mtime = Files.getLastModifiedTime(model.path()).toInstant();
            size = Files.size(model.path());
        } catch (IOException e) {
            mtime = Instant.now();
            size = 0;
        }
        this.modifiedAt = mtime;
        this.fileSize = size;
    }

    /**
     * Loads a GGUF, opens it on {@code backend} with {@code parallel} slots of {@code contextSize} positions, and
     * starts an engine over it. {@code contextSize} 0 means the model's trained context.
     */
    public static ServedModel open(Path path, Backend backend, int parallel, int contextSize, String alias,
            Engine.Options engineOptions) throws IOException {
        long t0 = System.nanoTime();
        Qwen3Model model = Qwen3Model.load(path);
        Sampler.warmUpInBackground(model.config().vocabSize()); // while the weights go to the device
        ForwardPass fp = null;
        Engine engine = null;
        try {
            int ctx = contextSize > 0 ? contextSize : model.config().contextLength();
            fp = backend.open(model, parallel, ctx);
            engine = new Engine(fp, model.tokenizer(), engineOptions == null ? Engine.Options.defaults() : engineOptions);
            return new ServedModel(alias, model, engine, backend.name(), Duration.ofNanos(System.nanoTime() - t0), true);
        } catch (RuntimeException | Error e) {
            // the engine's scheduler thread would otherwise keep the JVM alive after a failed start
            if (engine != null) {
                engine.close();
            }
            if (fp != null) {
                fp.close();
            }
            model.close();
            throw e;
        }
    }

    public String id() {
        return id;
    }

    public Qwen3Model model() {
        return model;
    }

    public Qwen2Tokenizer tokenizer() {
        return engine.tokenizer();
    }

    public Engine engine() {
        return engine;
    }

    /** Null when the GGUF has no chat template (chat endpoints then answer 400). */
    public ChatTemplate chatTemplate() {
        return chatTemplate;
    }

    public String backend() {
        return backend;
    }

    public Duration loadTime() {
        return loadTime;
    }

    public Instant modifiedAt() {
        return modifiedAt;
    }

    public long fileSize() {
        return fileSize;
    }

    /** The names a request may use for this model: the id, the file name with or without .gguf, general.name. */
    boolean answersTo(String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        String r = requested.endsWith(":latest") ? requested.substring(0, requested.length() - ":latest".length()) : requested;
        String file = model.path().getFileName().toString();
        List<String> names = new ArrayList<>(List.of(id, file, file.replaceFirst("(?i)\\.gguf$", ""), model.name(),
                model.path().toString()));
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(r) || n.equalsIgnoreCase(requested));
    }

    /** llama.cpp's file-type names, Ollama's {@code quantization_level}. */
    String quantization() {
        if (!model.gguf().has("general.file_type")) {
            return "unknown";
        }
        int ft = (int) model.gguf().getLong("general.file_type");
        return switch (ft) {
            case 0 -> "F32";
            case 1 -> "F16";
            case 2 -> "Q4_0";
            case 3 -> "Q4_1";
            case 7 -> "Q8_0";
            case 8 -> "Q5_0";
            case 9 -> "Q5_1";
            case 10 -> "Q2_K";
            case 11 -> "Q3_K_S";
            case 12 -> "Q3_K_M";
            case 13 -> "Q3_K_L";
            case 14 -> "Q4_K_S";
            case 15 -> "Q4_K_M";
            case 16 -> "Q5_K_S";
            case 17 -> "Q5_K_M";
            case 18 -> "Q6_K";
            case 32 -> "BF16";
            default -> "type" + ft;
        };
    }

    /** Ollama's {@code parameter_size}: "8.2B", "751.6M". */
    String parameterSize() {
        double n = model.parameterCount();
        if (n >= 1e9) {
            return String.format(Locale.ROOT, "%.1fB", n / 1e9);
        }
        if (n >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fK", n / 1e3);
    }

    /** A stable sha256-shaped id for Ollama's {@code digest} (of the path, size and mtime: hashing GBs is slow). */
    String digest() {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (model.path().toAbsolutePath() + ":" + fileSize + ":" + modifiedAt).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        engine.close();
        engine.forwardPass().close();
        model.close();
    }
}
