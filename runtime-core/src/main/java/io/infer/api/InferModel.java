package io.infer.api;

import io.infer.backend.Backend;
import io.infer.backend.Backends;
import io.infer.backend.ForwardPass;
import io.infer.chat.ChatTemplate;
import io.infer.engine.Engine;
import io.infer.engine.GenerationListener;
import io.infer.engine.GenerationRequest;
import io.infer.engine.GenerationResult;
import io.infer.model.Qwen3Model;
import io.infer.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The embedding API: a model loaded on a backend with its engine, ready to generate. For use from any JVM
 * application without the CLI or the server:
 *
 * <pre>{@code
 * try (InferModel model = InferModel.load(Path.of("qwen3-8b-q4_k_m.gguf"), InferModel.Options.defaults())) {
 *     Completion c = model.generate("The capital of France is", GenerateOptions.defaults().maxTokens(32), System.out::print);
 *     try (Session chat = model.newSession()) {
 *         chat.send("Hello!", System.out::print);
 *     }
 * }
 * }</pre>
 *
 * Thread-safe: concurrent calls are batched together by the engine, up to {@link Options#parallel()} at once.
 */
public final class InferModel implements AutoCloseable {

    /**
     * @param backend       {@code auto}, {@code cpu} or {@code gpu}
     * @param contextLength positions per sequence (0: the model's own, capped at 4096)
     * @param parallel      sequences generated at once
     */
    public record Options(String backend, int contextLength, int parallel, Consumer<String> log) {
        public static Options defaults() {
            return new Options("auto", 0, 1, System.err::println);
        }

        public Options backend(String b) {
            return new Options(b, contextLength, parallel, log);
        }

        public Options contextLength(int n) {
            return new Options(backend, n, parallel, log);
        }

        public Options parallel(int n) {
            return new Options(backend, contextLength, n, log);
        }

        public Options log(Consumer<String> l) {
            return new Options(backend, contextLength, parallel, l);
        }
    }

    private final Qwen3Model model;
    private final Backend backend;
    private final ForwardPass pass;
    private final Engine engine;
    private ChatTemplate chatTemplate;

    private InferModel(Qwen3Model model, Backend backend, ForwardPass pass, Engine engine) {
        this.model = model;
        this.backend = backend;
        this.pass = pass;
        this.engine = engine;
    }

    public static InferModel load(Path path) throws IOException {
        return load(path, Options.defaults());
    }

    public static InferModel load(Path path, Options options) throws IOException {
        Qwen3Model model = Qwen3Model.load(path);
        Sampler.warmUpInBackground(model.config().vocabSize()); // while the weights go to the device
        ForwardPass pass = null;
        try {
            Backend backend = Backends.choose(options.backend(), options.log());
            int ctx = options.contextLength() > 0 ? options.contextLength() : Math.min(4096, model.config().contextLength());
            pass = backend.open(model, Math.max(1, options.parallel()), ctx);
            Engine engine = new Engine(pass, model.tokenizer());
            return new InferModel(model, backend, pass, engine);
        } catch (RuntimeException | Error e) {
            if (pass != null) {
                pass.close();
            }
            model.close();
            throw e;
        }
    }

    public Qwen3Model model() {
        return model;
    }

    public String backendName() {
        return backend.name();
    }

    public Engine engine() {
        return engine;
    }

    /** Completes raw text (special tokens such as {@code <|im_start|>} are parsed). */
    public Completion generate(String prompt, GenerateOptions options, Consumer<String> onText) throws InterruptedException {
        return generate(model.tokenizer().encode(prompt, true), options, onText);
    }

    public Completion generate(int[] promptTokens, GenerateOptions options, Consumer<String> onText) throws InterruptedException {
        GenerationRequest request = GenerationRequest.of(promptTokens, options.sampling(), options.maxTokens()).withStop(options.stop());
        GenerationResult r = engine.generate(request, new GenerationListener() {
            @Override
            public void onText(String text) {
                if (onText != null) {
                    onText.accept(text);
                }
            }

            @Override
            public void onFinish(GenerationResult result) {
            }
        });
        if (r.error() != null) {
            throw new IllegalStateException("generation failed: " + r.error().getMessage(), r.error());
        }
        return Completion.of(r);
    }

    /** Renders the conversation with the model's chat template, then generates the assistant's reply. */
    public Completion chat(List<Map<String, Object>> messages, GenerateOptions options, Consumer<String> onText) throws InterruptedException {
        String prompt = chatTemplate().render(messages, null, true, Map.of("enable_thinking", options.thinking()));
        return generate(prompt, options, onText);
    }

    /** A conversation that remembers its turns. */
    public Session newSession() {
        return new Session(this);
    }

    synchronized ChatTemplate chatTemplate() {
        if (chatTemplate == null) {
            String source = model.chatTemplate();
            if (source == null) {
                throw new IllegalStateException(model.name() + " has no chat template (tokenizer.chat_template)");
            }
            chatTemplate = ChatTemplate.of(source);
        }
        return chatTemplate;
    }

    @Override
    public void close() {
        engine.close();
        pass.close();
        model.close();
    }
}
