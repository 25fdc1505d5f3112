package io.infer.server;

import io.infer.engine.Engine;
import io.infer.engine.Generation;
import io.infer.engine.GenerationListener;
import io.infer.engine.GenerationRequest;
import io.infer.engine.GenerationResult;
import io.infer.engine.TokenLogprob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The generations of one HTTP request (n choices × prompts) and the events they produce, handed from the engine's
 * scheduler thread to the request's own thread through a queue, so a slow client never stalls the batch.
 */
final class GenerationStream implements AutoCloseable {

    sealed interface Event permits TokenEvent, TextEvent, FinishEvent {
        int choice();
    }

    record TokenEvent(int choice, int token, TokenLogprob logprob) implements Event {
    }

    record TextEvent(int choice, String text) implements Event {
    }

    record FinishEvent(int choice, GenerationResult result) implements Event {
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Generation> generations = new ArrayList<>();
    private int finished;

    /** Submits one generation as choice {@code generations().size()}; refused submissions cancel the others. */
    Generation submit(Engine engine, GenerationRequest request) {
        int choice = generations.size();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onToken(int token, TokenLogprob logprob) {
                events.add(new TokenEvent(choice, token, logprob));
            }

            @Override
            public void onText(String text) {
                events.add(new TextEvent(choice, text));
            }

            @Override
            public void onFinish(GenerationResult result) {
                events.add(new FinishEvent(choice, result));
            }
        };
        try {
            Generation g = engine.submit(request, listener);
            generations.add(g);
            return g;
        } catch (RuntimeException e) {
            cancel();
            throw e;
        }
    }

    int size() {
        return generations.size();
    }

    boolean done() {
        return finished == generations.size();
    }

    /** The next event, or null after {@code timeoutMillis} without one. */
    Event poll(long timeoutMillis) throws InterruptedException {
        Event e = events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (e instanceof FinishEvent) {
            finished++;
        }
        return e;
    }

    void cancel() {
        for (Generation g : generations) {
            g.cancel();
        }
    }

    /** Cancels whatever is still running: the request is over (answered, failed or abandoned). */
    @Override
    public void close() {
        cancel();
    }
}
