package io.infer.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A chat conversation: each {@link #send} adds the user's turn and the model's reply to the history. */
public final class Session implements AutoCloseable {

    private final InferModel model;
    private final List<Map<String, Object>> messages = new ArrayList<>();
    private GenerateOptions options = GenerateOptions.defaults();

    Session(InferModel model) {
        this.model = model;
    }

    public Session system(String prompt) {
        messages.add(Map.of("role", "system", "content", prompt));
        return this;
    }

    public Session options(GenerateOptions o) {
        this.options = o;
        return this;
    }

    public Completion send(String userMessage, Consumer<String> onText) throws InterruptedException {
        messages.add(Map.of("role", "user", "content", userMessage));
        Completion c = model.chat(List.copyOf(messages), options, onText);
        messages.add(Map.of("role", "assistant", "content", c.text()));
        return c;
    }

    public List<Map<String, Object>> history() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        messages.clear();
    }
}
