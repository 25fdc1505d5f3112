package io.infer.engine;

import io.infer.backend.ForwardPass;
import io.infer.sampling.Logprobs;
import io.infer.sampling.Sampler;
import io.infer.tokenizer.Qwen2Tokenizer;
import io.infer.tokenizer.StreamingDecoder;
import io.infer.util.Parallel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Continuous batching over one {@link ForwardPass}: up to {@code forwardPass.maxSequences()} requests run at once,
 * one per KV-cache slot. Requests wait in a bounded FIFO queue; a single scheduler thread admits them into free
 * slots, processes their prompts in chunks (one chunk per step, so running sequences keep decoding while a long
 * prompt is read), and advances every running sequence by one token per step with a single batched
 * {@link ForwardPass#decode} call. Sampling, stop tokens and strings, UTF-8-safe text, logprobs and cancellation
 * are handled per request.
 *
 * <p>Thread-safe: {@link #submit} and {@link Generation#cancel} may be called from any thread. The engine does not
 * own the forward pass or the tokenizer; close those after the engine.
 */
public final class Engine implements AutoCloseable {

    /**
     * @param maxQueue     requests that may wait for a slot before {@link #submit} refuses with
     *                     {@link EngineBusyException}
     * @param prefillChunk prompt tokens processed per scheduler step, over all the sequences being prefilled (the
     *                     oldest first: many short prompts share a step, a long one takes several)
     */
    public record Options(int maxQueue, int prefillChunk) {
        public Options {
            if (maxQueue < 0 || prefillChunk < 1) {
                throw new IllegalArgumentException("maxQueue >= 0 and prefillChunk >= 1, got " + maxQueue + ", " + prefillChunk);
            }
        }

        public static Options defaults() {
            return new Options(256, 512);
        }
    }

    private enum Phase { PREFILL, DECODE }

    /** One running request in a slot. */
    private final class Sequence {
        final Generation gen;
        final GenerationRequest req;
        final int slot;
        final long order;
        final int maxTokens;
        final Sampler sampler;
        final StreamingDecoder decoder;
        final StopMatcher stopMatcher;
        final StringBuilder text = new StringBuilder();
        final boolean fastGreedy;
        /** Drawn from the step's top candidates alone where the device selects them (ForwardPass.decodeTopK). */
        final boolean fastTopK;
        final long admittedNanos;
        Phase phase = Phase.PREFILL;
        int prefilled;
        int position;
        int lastToken;
        int generated;
        int[] output = new int[16];
        int outputCount;
        long firstTokenNanos;

        Sequence(Generation gen, int slot, long order, int maxTokens) {
            this.gen = gen;
            this.req = gen.request();
            this.slot = slot;
            this.order = order;
            this.maxTokens = maxTokens;
            this.sampler = new Sampler(req.sampling(), vocab);
            this.decoder = tokenizer.newStreamingDecoder();
            this.stopMatcher = new StopMatcher(req.stop());
            this.fastGreedy = req.sampling().isGreedy() && !req.sampling().hasPenalties() && req.topLogprobs() < 0;
            this.fastTopK = topKOnDevice && req.topLogprobs() < 0 && sampler.drawsFromTop(ForwardPass.TOP_K_MAX);
            this.admittedNanos = System.nanoTime();
        }
    }

    private final ForwardPass forwardPass;
    private final Qwen2Tokenizer tokenizer;
    private final Options options;
    private final int vocab;
    private final int slots;
    private final int contextLength;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<Generation> queue = new ArrayDeque<>();
    private final Sequence[] active;
    private volatile int activeCount;
    private volatile boolean accepting = true;
    private volatile boolean abortAll;
    private volatile boolean stopped;
    private final Thread thread;
    private final AtomicLong ids = new AtomicLong();
    private long admissions;

    // scratch, reused every step (scheduler thread only)
    private final float[] prefillLogits;
    private final float[] decodeLogits;
    private final int[] batchSeqs;
    private final int[] batchTokens;
    private final int[] batchGreedy;
    private final boolean topKOnDevice;
    private final float[] topValues;
    private final int[] topIds;
    // one decode step's draws, written by Parallel workers in sampleRow
    private final int[] sampledTokens;
    private final TokenLogprob[] sampledLogprobs;
    private final RuntimeException[] sampleErrors;
    private final Parallel.Body sampleBody = this::sampleRow;
    private final int[] batchPositions;
    private final Sequence[] batch;
    private final int[] chunk;

    // metrics
    private final AtomicLongArray finishedByReason = new AtomicLongArray(FinishReason.values().length);
    private final AtomicLong promptTokensTotal = new AtomicLong();
    private final AtomicLong promptNanosTotal = new AtomicLong();
    private final AtomicLong generatedTotal = new AtomicLong();
    private final AtomicLong decodeNanosTotal = new AtomicLong();
    private final AtomicLong decodeSteps = new AtomicLong();
    private final AtomicLong decodeStepTokens = new AtomicLong();

    public Engine(ForwardPass forwardPass, Qwen2Tokenizer tokenizer, Options options) {
        this.forwardPass = forwardPass;
        this.tokenizer = tokenizer;
        this.options = options;
        this.vocab = forwardPass.config().vocabSize();
        this.slots = forwardPass.maxSequences();
        this.contextLength = forwardPass.contextLength();
        if (tokenizer.vocabSize() > vocab) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize() + " tokens, the model " + vocab);
        }
        this.active = new Sequence[slots];
        this.prefillLogits = new float[vocab];
        this.decodeLogits = new float[slots * vocab];
        this.batchSeqs = new int[slots];
        this.batchTokens = new int[slots];
        this.batchGreedy = new int[slots];
        this.topKOnDevice = forwardPass.selectsTopKOnDevice();
        this.topValues = topKOnDevice ? new float[slots * ForwardPass.TOP_K_MAX] : null;
        this.topIds = topKOnDevice ? new int[slots * ForwardPass.TOP_K_MAX] : null;
        this.sampledTokens = new int[slots];
        this.sampledLogprobs = new TokenLogprob[slots];
        this.sampleErrors = new RuntimeException[slots];
        this.batchPositions = new int[slots];
        this.batch = new Sequence[slots];
        this.chunk = new int[Math.min(options.prefillChunk(), contextLength)];
        // the first request's tokens should not pay for the backend's first steps (graph captures on a GPU)
        forwardPass.prepareDecode(slots);
        this.thread = Thread.ofPlatform().name("infer-scheduler").daemon().unstarted(this::run);
        thread.start();
    }

    public Engine(ForwardPass forwardPass, Qwen2Tokenizer tokenizer) {
        this(forwardPass, tokenizer, Options.defaults());
    }

    public Qwen2Tokenizer tokenizer() {
        return tokenizer;
    }

    public ForwardPass forwardPass() {
        return forwardPass;
    }

    /** Positions per slot: prompt + completion must fit. */
    public int contextLength() {
        return contextLength;
    }

    /** Sequences that run at once. */
    public int slots() {
        return slots;
    }

    public Options options() {
        return options;
    }

    /**
     * Queues a request. Checks happen here, so a refused request never occupies anything.
     *
     * @throws ContextLengthExceededException prompt + maxTokens (or the prompt alone) does not fit a slot
     * @throws EngineBusyException            the queue is full or the engine is shutting down
     * @throws IllegalArgumentException       a prompt token outside the vocabulary
     */
    public Generation submit(GenerationRequest request, GenerationListener listener) {
        int n = request.prompt().length;
        for (int t : request.prompt()) {
            if (t < 0 || t >= vocab) {
                throw new IllegalArgumentException("prompt token " + t + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
        }
        int max = request.maxTokens();
        if (max < 0 ? n >= contextLength : (long) n + max > contextLength) {
            throw new ContextLengthExceededException(n, max, contextLength);
        }
        Generation g = new Generation(ids.incrementAndGet(), request, listener == null ? r -> { } : listener, this);
        lock.lock();
        try {
            if (!accepting) {
                throw new EngineBusyException("the server is shutting down");
            }
            if (queue.size() + activeCount >= slots + options.maxQueue()) {
                throw new EngineBusyException("all " + slots + " slots are busy and " + queue.size()
                        + " requests are waiting (queue limit " + options.maxQueue() + "); retry later");
            }
            queue.addLast(g);
            wake.signal();
        } finally {
            lock.unlock();
        }
        return g;
    }

    public Generation submit(GenerationRequest request) {
        return submit(request, null);
    }

    /** Submits and waits. */
    public GenerationResult generate(GenerationRequest request, GenerationListener listener) throws InterruptedException {
        Generation g = submit(request, listener);
        try {
            return g.await();
        } catch (InterruptedException e) {
            g.cancel();
            throw e;
        }
    }

    public EngineMetrics metrics() {
        int queued;
        lock.lock();
        try {
            queued = queue.size();
        } finally {
            lock.unlock();
        }
        return new EngineMetrics(finishedByReason.get(0), finishedByReason.get(1), finishedByReason.get(2),
                finishedByReason.get(3), promptTokensTotal.get(), promptNanosTotal.get(), generatedTotal.get(),
                decodeNanosTotal.get(), decodeSteps.get(), decodeStepTokens.get(), activeCount, queued, slots);
    }

    /** Called by {@link Generation#cancel}: a queued request is finished right here, a running one next step. */
    void cancelled(Generation g) {
        boolean removed;
        lock.lock();
        try {
            removed = queue.remove(g);
            wake.signal();
        } finally {
            lock.unlock();
        }
        if (removed) {
            long now = System.nanoTime();
            finishUnstarted(g, FinishReason.CANCELLED, now - g.submittedNanos, null);
        }
    }

    /**
     * Stops accepting requests, lets queued and running ones finish for up to {@code grace}, cancels what is left,
     * and stops the scheduler thread.
     */
    public void shutdown(Duration grace) {
        lock.lock();
        try {
            accepting = false;
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && thread.isAlive()) {
            lock.lock();
            try {
                if (queue.isEmpty() && activeCount == 0) {
                    break;
                }
            } finally {
                lock.unlock();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Generation> dropped;
        lock.lock();
        try {
            dropped = new ArrayList<>(queue);
            queue.clear();
            abortAll = true;
            stopped = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        for (Generation g : dropped) {
            finishUnstarted(g, FinishReason.CANCELLED, System.nanoTime() - g.submittedNanos, null);
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancels everything and stops; does not close the forward pass. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    // ------------------------------------------------------------------ scheduler thread

    private void run() {
        List<Generation> admittedCancelled = new ArrayList<>();
        List<Sequence> admitted = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (!stopped && activeCount == 0 && queue.isEmpty()) {
                    wake.awaitUninterruptibly();
                }
                if (stopped && activeCount == 0 && queue.isEmpty()) {
                    return;
                }
                for (int s = 0; s < slots && !queue.isEmpty(); s++) {
                    if (active[s] != null) {
                        continue;
                    }
                    Generation g = queue.pollFirst();
                    if (g.isCancelRequested()) {
                        admittedCancelled.add(g);
                        s--; // the slot is still free
                        continue;
                    }
                    int n = g.request().prompt().length;
                    int max = g.request().maxTokens() < 0 ? contextLength - n : g.request().maxTokens();
                    Sequence seq = new Sequence(g, s, admissions++, max);
                    active[s] = seq;
                    activeCount++;
                    admitted.add(seq);
                }
            } finally {
                lock.unlock();
            }
            for (Generation g : admittedCancelled) {
                finishUnstarted(g, FinishReason.CANCELLED, System.nanoTime() - g.submittedNanos, null);
            }
            admittedCancelled.clear();
            for (Sequence seq : admitted) {
                try {
                    seq.gen.listener().onAdmitted();
                } catch (RuntimeException e) {
                    finish(seq, FinishReason.ERROR, e);
                }
            }
            admitted.clear();
            step();
        }
    }

    /**
     * One scheduler iteration: cancellations, up to {@code prefillChunk} prompt tokens of the oldest waiting prompts,
     * one decode step for every running sequence.
     */
    private void step() {
        for (Sequence s : active) {
            if (s != null && (abortAll || s.gen.isCancelRequested())) {
                finish(s, FinishReason.CANCELLED, null);
            }
        }
        // A sequence either finishes its prompt here (and decodes with the others below) or takes the rest of the
        // budget, so each pass of this loop picks a new one.
        for (int budget = chunk.length; budget > 0; ) {
            Sequence pre = null;
            for (Sequence s : active) {
                if (s != null && s.phase == Phase.PREFILL && (pre == null || s.order < pre.order)) {
                    pre = s;
                }
            }
            if (pre == null) {
                break;
            }
            budget -= prefillChunk(pre, budget);
        }
        int b = 0;
        for (Sequence s : active) {
            if (s != null && s.phase == Phase.DECODE) {
                batch[b] = s;
                batchSeqs[b] = s.slot;
                batchTokens[b] = s.lastToken;
                batchPositions[b] = s.position;
                b++;
            }
        }
        if (b > 0) {
            decodeStep(b);
        }
    }

    /**
     * The next at most {@code budget} prompt tokens of {@code s}; returns how many were taken. Afterwards {@code s} has
     * left the prefill phase (decoding, or finished) unless it used the whole budget.
     */
    private int prefillChunk(Sequence s, int budget) {
        int[] prompt = s.req.prompt();
        if (s.maxTokens == 0) {
            promptTokensTotal.addAndGet(prompt.length);
            s.firstTokenNanos = System.nanoTime();
            finish(s, FinishReason.LENGTH, null);
            return 0;
        }
        int count = Math.min(budget, prompt.length - s.prefilled);
        System.arraycopy(prompt, s.prefilled, chunk, 0, count);
        try {
            forwardPass.prefill(s.slot, chunk, count, s.prefilled, prefillLogits, false);
        } catch (RuntimeException e) {
            finish(s, FinishReason.ERROR, e);
            return count;
        }
        s.prefilled += count;
        s.position = s.prefilled;
        if (s.prefilled < prompt.length) {
            return count;
        }
        if (s.req.sampling().hasPenalties()) {
            for (int t : prompt) {
                s.sampler.accept(t);
            }
        }
        s.firstTokenNanos = System.nanoTime();
        promptTokensTotal.addAndGet(prompt.length);
        promptNanosTotal.addAndGet(s.firstTokenNanos - s.admittedNanos);
        s.phase = Phase.DECODE;
        sampleAndAccept(s, prefillLogits, 0);
        return count;
    }

    private void decodeStep(int b) {
        decodeSteps.incrementAndGet();
        decodeStepTokens.addAndGet(b);
        try {
            if (b == 1 && batch[0].fastGreedy) {
                Sequence s = batch[0];
                int token = forwardPass.decodeGreedy(s.slot, s.lastToken, s.position);
                s.position++;
                accept(s, token, null);
                batch[0] = null;
                return;
            }
            if (allFastGreedy(b)) {
                // every sequence takes the argmax: only the token ids come back
                forwardPass.decodeGreedy(b, batchSeqs, batchTokens, batchPositions, batchGreedy);
                for (int i = 0; i < b; i++) {
                    Sequence s = batch[i];
                    batch[i] = null;
                    s.position++;
                    accept(s, batchGreedy[i], null);
                }
                return;
            }
            if (allFastTopK(b)) {
                // every sequence draws from its top-k: only the candidates come back, and a draw over them is cheap
                forwardPass.decodeTopK(b, batchSeqs, batchTokens, batchPositions, topValues, topIds);
                for (int i = 0; i < b; i++) {
                    Sequence s = batch[i];
                    batch[i] = null;
                    s.position++;
                    int token;
                    try {
                        token = s.sampler.sampleTop(topValues, topIds, i * ForwardPass.TOP_K_MAX);
                        s.sampler.accept(token);
                    } catch (RuntimeException e) {
                        finish(s, FinishReason.ERROR, e);
                        continue;
                    }
                    accept(s, token, null);
                }
                return;
            }
            forwardPass.decode(b, batchSeqs, batchTokens, batchPositions, decodeLogits);
        } catch (RuntimeException e) {
            for (int i = 0; i < b; i++) {
                finish(batch[i], FinishReason.ERROR, e);
                batch[i] = null;
            }
            return;
        }
        // Each sequence has its own sampler: draw all of them at once (a draw over a 150k vocabulary takes a
        // millisecond or more, which at 32 sequences would cost more than the GPU's step), then take the tokens
        // in order on this thread, where listeners are called.
        Parallel.forEach(b, sampleBody);
        for (int i = 0; i < b; i++) {
            Sequence s = batch[i];
            batch[i] = null;
            s.position++;
            RuntimeException e = sampleErrors[i];
            TokenLogprob lp = sampledLogprobs[i];
            sampleErrors[i] = null;
            sampledLogprobs[i] = null;
            if (e != null) {
                finish(s, FinishReason.ERROR, e);
            } else {
                accept(s, sampledTokens[i], lp);
            }
        }
    }

    /** Row {@code i} of a decode step's logits: its sequence's next token, from any thread (see decodeStep). */
    private void sampleRow(int i) {
        Sequence s = batch[i];
        try {
            int token = s.sampler.sample(decodeLogits, i * vocab);
            s.sampler.accept(token);
            sampledLogprobs[i] = logprob(s, decodeLogits, i * vocab, token);
            sampledTokens[i] = token;
        } catch (RuntimeException e) {
            sampleErrors[i] = e;
        }
    }

    private boolean allFastTopK(int b) {
        for (int i = 0; i < b; i++) {
            if (!batch[i].fastTopK) {
                return false;
            }
        }
        return true;
    }

    private boolean allFastGreedy(int b) {
        for (int i = 0; i < b; i++) {
            if (!batch[i].fastGreedy) {
                return false;
            }
        }
        return true;
    }

    private void sampleAndAccept(Sequence s, float[] logits, int offset) {
        TokenLogprob lp = null;
        int token;
        try {
            token = s.sampler.sample(logits, offset); // leaves the logits as they are: logprobs read them after
            s.sampler.accept(token);
            lp = logprob(s, logits, offset, token);
        } catch (RuntimeException e) {
            finish(s, FinishReason.ERROR, e);
            return;
        }
        accept(s, token, lp);
    }

    /** The token's log-probability and the top alternatives, if the request asked for them; else null. */
    private TokenLogprob logprob(Sequence s, float[] logits, int offset, int token) {
        int top = s.req.topLogprobs();
        if (top < 0) {
            return null;
        }
        int[] ids = new int[top];
        float[] lps = new float[top];
        Logprobs.top(logits, offset, vocab, top, ids, lps);
        return new TokenLogprob(token, Logprobs.logSoftmaxAt(logits, offset, vocab, token), ids, lps);
    }

    /** Takes a sampled token: end-of-generation check, text, stop strings, length limit. */
    private void accept(Sequence s, int token, TokenLogprob lp) {
        s.generated++;
        generatedTotal.incrementAndGet();
        try {
            if ((!s.req.ignoreEos() && tokenizer.isEndOfGeneration(token)) || contains(s.req.stopTokenIds(), token)) {
                release(s, s.stopMatcher.push(s.decoder.flush()));
                release(s, s.stopMatcher.matched() == null ? s.stopMatcher.flush() : "");
                finish(s, FinishReason.STOP, null);
                return;
            }
            if (s.outputCount == s.output.length) {
                s.output = Arrays.copyOf(s.output, s.output.length * 2);
            }
            s.output[s.outputCount++] = token;
            s.gen.listener().onToken(token, lp);
            String piece = tokenizer.isControl(token) ? "" : s.decoder.next(token);
            release(s, s.stopMatcher.push(piece));
            if (s.stopMatcher.matched() != null) {
                finish(s, FinishReason.STOP, null);
                return;
            }
            if (s.generated >= s.maxTokens || s.position >= contextLength) {
                release(s, s.stopMatcher.push(s.decoder.flush()));
                if (s.stopMatcher.matched() != null) {
                    finish(s, FinishReason.STOP, null);
                    return;
                }
                release(s, s.stopMatcher.flush());
                finish(s, FinishReason.LENGTH, null);
                return;
            }
            s.lastToken = token;
        } catch (RuntimeException e) {
            finish(s, FinishReason.ERROR, e);
        }
    }

    private static void release(Sequence s, String text) {
        if (!text.isEmpty()) {
            s.text.append(text);
            s.gen.listener().onText(text);
        }
    }

    private static boolean contains(int[] ids, int token) {
        for (int id : ids) {
            if (id == token) {
                return true;
            }
        }
        return false;
    }

    private void finish(Sequence s, FinishReason reason, Throwable error) {
        if (active[s.slot] != s) {
            return;
        }
        long now = System.nanoTime();
        lock.lock();
        try {
            active[s.slot] = null;
            activeCount--;
        } finally {
            lock.unlock();
        }
        long promptNanos = (s.firstTokenNanos == 0 ? now : s.firstTokenNanos) - s.admittedNanos;
        long decodeNanos = s.firstTokenNanos == 0 ? 0 : now - s.firstTokenNanos;
        decodeNanosTotal.addAndGet(decodeNanos);
        finishedByReason.incrementAndGet(reason.ordinal());
        s.gen.finish(new GenerationResult(reason, s.text.toString(), Arrays.copyOf(s.output, s.outputCount),
                s.req.prompt().length, s.generated, s.stopMatcher.matched(), s.admittedNanos - s.gen.submittedNanos,
                promptNanos, decodeNanos, error));
    }

    private void finishUnstarted(Generation g, FinishReason reason, long queueNanos, Throwable error) {
        if (g.finish(new GenerationResult(reason, "", new int[0], g.request().prompt().length, 0, null, queueNanos,
                0, 0, error))) {
            finishedByReason.incrementAndGet(reason.ordinal());
        }
    }
}
