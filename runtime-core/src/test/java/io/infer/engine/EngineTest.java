package io.infer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer.gguf.GgufFile;
import io.infer.sampling.SamplingParams;
import io.infer.testing.Fixtures;
import io.infer.tokenizer.Qwen2Tokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scheduler behaviour over a scripted fake model and the real Qwen3 tokenizer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineTest {

    private static Qwen2Tokenizer tokenizer;
    private static final String SCRIPT_TEXT = "Hello world, this is a story about 東京 and 😀 emoji. The end is near.";
    private static int[] script;

    private Engine engine;
    private ScriptedForwardPass model;

    @BeforeAll
    static void loadTokenizer() throws IOException {
        try (GgufFile f = GgufFile.open(Fixtures.model("qwen3-tiny-f16.gguf"))) {
            tokenizer = Qwen2Tokenizer.fromGguf(f);
        }
        script = tokenizer.encode(SCRIPT_TEXT, false);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private void start(int slots, int ctx, int[] script, Engine.Options options) {
        model = new ScriptedForwardPass(tokenizer.vocabSize(), slots, ctx, script);
        engine = new Engine(model, tokenizer, options);
    }

    private void start(int slots, int ctx) {
        start(slots, ctx, script, new Engine.Options(16, 64));
    }

    /** A prompt whose first token puts the fake's script at offset 0 after it: output = script from the start. */
    private static int[] promptStartingScriptAt(int scriptIndex, int length) {
        int[] p = new int[length];
        // favoured(first, length-1) = script[(first + length) % n] = script[scriptIndex]
        p[0] = Math.floorMod(scriptIndex - length, script.length);
        for (int i = 1; i < length; i++) {
            p[i] = 100 + i;
        }
        return p;
    }

    static final class Recorder implements GenerationListener {
        final List<String> pieces = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> tokens = Collections.synchronizedList(new ArrayList<>());
        final List<TokenLogprob> logprobs = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstToken = new CountDownLatch(1);
        volatile boolean admitted;
        volatile GenerationResult result;
        volatile int finishCalls;

        @Override
        public void onAdmitted() {
            admitted = true;
        }

        @Override
        public void onToken(int token, TokenLogprob logprob) {
            tokens.add(token);
            if (logprob != null) {
                logprobs.add(logprob);
            }
            firstToken.countDown();
        }

        @Override
        public void onText(String text) {
            assertFalse(text.isEmpty());
            pieces.add(text);
        }

        @Override
        public void onFinish(GenerationResult r) {
            result = r;
            finishCalls++;
        }

        String joined() {
            return String.join("", pieces);
        }
    }

    @Test
    void theBackendReadiesStepsForEverySlotBeforeTheFirstRequest() throws Exception {
        start(3, 256);
        assertEquals(List.of("prepare 3"), List.copyOf(model.calls));
        GenerationResult r = engine.generate(GenerationRequest.of(new int[] {7, 8, 9}, SamplingParams.greedy(), 4),
                new Recorder());
        assertEquals(4, r.completionTokens());
        assertEquals("prepare 3", model.calls.getFirst());
        assertEquals(1, model.calls.stream().filter(c -> c.startsWith("prepare")).count(), model.calls.toString());
    }

    @Test
    void greedyOutputFollowsTheModelAndStopsAtMaxTokens() throws Exception {
        start(1, 256);
        int[] prompt = {7, 8, 9, 10};
        Recorder rec = new Recorder();
        GenerationResult r = engine.generate(GenerationRequest.of(prompt, SamplingParams.greedy(), 12), rec);
        int[] expected = model.expected(prompt, 12);
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertArrayEquals(expected, r.tokens());
        assertEquals(tokenizer.decode(expected), r.text());
        assertEquals(r.text(), rec.joined());
        assertEquals(4, r.promptTokens());
        assertEquals(12, r.completionTokens());
        assertTrue(rec.admitted);
        assertEquals(1, rec.finishCalls);
        assertTrue(model.calls.contains("greedy"), "one greedy sequence uses the greedy fast path");
    }

    @Test
    void streamedPiecesNeverSplitACharacter() throws Exception {
        // "é東😀" spelled byte by byte: every character spans 2-4 tokens
        String text = "aé東😀b";
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] s = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            s[i] = byteToken(utf8[i]);
        }
        start(1, 256, s, new Engine.Options(4, 64));
        int[] prompt = {Math.floorMod(-1, s.length)}; // output starts at s[0]
        Recorder rec = new Recorder();
        GenerationResult r = engine.generate(GenerationRequest.of(prompt, SamplingParams.greedy(), s.length), rec);
        assertEquals(text, r.text());
        assertEquals(List.of("a", "é", "東", "😀", "b"), rec.pieces);
    }

    private static int byteToken(byte b) {
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            byte[] t = tokenizer.tokenBytes(id);
            if (t.length == 1 && t[0] == b && !tokenizer.isSpecial(id)) {
                return id;
            }
        }
        throw new AssertionError("no token for byte " + b);
    }

    @Test
    void endOfTurnTokenStopsAndIsNotOutput() throws Exception {
        int[] s = concat(tokenizer.encode("Hi there", false), new int[] {tokenizer.imEndId()},
                tokenizer.encode(" never", false));
        start(1, 128, s, new Engine.Options(4, 64));
        int[] prompt = {Math.floorMod(-2, s.length), 1}; // output starts at s[0]
        GenerationResult r = engine.generate(GenerationRequest.of(prompt, SamplingParams.greedy(), 50), new Recorder());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals("Hi there", r.text());
        assertEquals(r.tokens().length + 1, r.completionTokens(), "the end-of-turn token is counted, not output");
        assertNull(r.stopString());

        GenerationResult ignored = engine.generate(
                GenerationRequest.of(prompt, SamplingParams.greedy(), s.length + 1).withIgnoreEos(true), new Recorder());
        assertEquals(FinishReason.LENGTH, ignored.finishReason());
        assertTrue(ignored.text().startsWith("Hi there never"), ignored.text());
    }

    @Test
    void stopStringAcrossTokensEndsOutputBeforeIt() throws Exception {
        start(1, 256);
        int[] prompt = promptStartingScriptAt(0, 2);
        Recorder rec = new Recorder();
        // "o w" spans "Hello" and " world"
        GenerationResult r = engine.generate(GenerationRequest.of(prompt, SamplingParams.greedy(), 40)
                .withStop(List.of("zzz", "o w")), rec);
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals("Hell", r.text());
        assertEquals("Hell", rec.joined());
        assertEquals("o w", r.stopString());
    }

    @Test
    void heldBackStopPrefixIsReleasedWhenTheStopNeverCompletes() throws Exception {
        start(1, 256);
        int[] prompt = promptStartingScriptAt(0, 2);
        int n = tokenizer.encode("Hello world", false).length;
        Recorder rec = new Recorder();
        // the output ends with "world", which starts the stop string "worldwide": held back, then flushed
        GenerationResult r = engine.generate(GenerationRequest.of(prompt, SamplingParams.greedy(), n)
                .withStop(List.of("worldwide")), rec);
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals("Hello world", r.text());
        assertEquals("Hello world", rec.joined());
        assertEquals("Hello", rec.pieces.getFirst().strip(), "text before a possible stop start goes out at once");
    }

    @Test
    void logprobsComeFromTheRawDistribution() throws Exception {
        start(1, 128);
        int[] prompt = {3, 4, 5};
        Recorder rec = new Recorder();
        GenerationResult r = engine.generate(GenerationRequest.of(prompt, SamplingParams.greedy(), 3).withTopLogprobs(2), rec);
        assertEquals(3, rec.logprobs.size());
        int v = tokenizer.vocabSize();
        double lse = Math.log(Math.exp(10) + Math.exp(5) + (v - 2));
        for (int k = 0; k < 3; k++) {
            TokenLogprob lp = rec.logprobs.get(k);
            assertEquals(r.tokens()[k], lp.token());
            assertEquals(10 - lse, lp.logprob(), 1e-4);
            assertEquals(lp.token(), lp.topTokens()[0]);
            assertEquals(model.second(prompt[0], prompt.length - 1 + k), lp.topTokens()[1]);
            assertEquals(5 - lse, lp.topLogprobs()[1], 1e-4);
        }
    }

    @Test
    void concurrentRequestsAreBatchedAndKeepTheirOwnOutput() throws Exception {
        start(4, 256);
        List<Generation> gens = new ArrayList<>();
        List<Recorder> recs = new ArrayList<>();
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int[] prompt = new int[1 + i % 5];
            for (int j = 0; j < prompt.length; j++) {
                prompt[j] = 1000 + 37 * i + j;
            }
            Recorder rec = new Recorder();
            prompts.add(prompt);
            recs.add(rec);
            SamplingParams p = i % 2 == 0 ? SamplingParams.greedy() : SamplingParams.defaults().withTemperature(0.5f).withTopK(1);
            gens.add(engine.submit(GenerationRequest.of(prompt, p, 20 + i), rec));
        }
        for (int i = 0; i < gens.size(); i++) {
            GenerationResult r = gens.get(i).await();
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertArrayEquals(model.expected(prompts.get(i), 20 + i), r.tokens(), "request " + i);
            assertEquals(r.text(), recs.get(i).joined());
        }
        assertTrue(model.maxBatch > 1, "running sequences share decode steps");
        assertTrue(model.maxBatch <= 4);
        EngineMetrics m = engine.metrics();
        assertEquals(10, m.requestsLength());
        assertEquals(0, m.busySlots());
        assertEquals(0, m.queued());
    }

    @Test
    void greedyBatchesTakeOnlyTokenIdsFromTheBackend() throws Exception {
        start(4, 256);
        List<Generation> gens = new ArrayList<>();
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int[] prompt = {2000 + 11 * i, 7, 8};
            prompts.add(prompt);
            gens.add(engine.submit(GenerationRequest.of(prompt, SamplingParams.greedy(), 24), new Recorder()));
        }
        for (int i = 0; i < gens.size(); i++) {
            assertArrayEquals(model.expected(prompts.get(i), 24), gens.get(i).await().tokens(), "request " + i);
        }
        // batched steps of greedy sequences go through the batched greedy path, never through full logits
        assertTrue(model.calls.stream().anyMatch(c -> c.matches("greedy [2-4]")), model.calls.toString());
        assertTrue(model.calls.stream().noneMatch(c -> c.startsWith("decode")), model.calls.toString());
    }

    @Test
    void shortPromptsWaitingTogetherShareOneStepsPrefill() throws Exception {
        start(4, 256, script, new Engine.Options(16, 64));
        model.decodePermits = new Semaphore(0);
        Recorder first = new Recorder();
        Generation a = engine.submit(GenerationRequest.of(new int[] {1, 2}, SamplingParams.greedy(), 8), first);
        model.decodePermits.release(1);
        first.firstToken.await(); // the engine now waits in a decode step: the next three queue up meanwhile
        List<Generation> more = new ArrayList<>();
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int[] prompt = {300 + 7 * i, 5, 6, 7};
            prompts.add(prompt);
            more.add(engine.submit(GenerationRequest.of(prompt, SamplingParams.greedy(), 8), new Recorder()));
        }
        model.decodePermits.release(1000);
        a.await();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(model.expected(prompts.get(i), 8), more.get(i).await().tokens(), "request " + i);
        }
        List<String> calls = List.copyOf(model.calls);
        // the prefill after the first request's
        int firstOfThem = -1;
        int prefills = 0;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith("prefill") && ++prefills == 2) {
                firstOfThem = i;
                break;
            }
        }
        // 12 prompt tokens in all, within one step's 64: three prefills back to back, then one decode step for all
        assertTrue(firstOfThem > 0, calls.toString());
        assertTrue(calls.get(firstOfThem + 1).startsWith("prefill") && calls.get(firstOfThem + 2).startsWith("prefill"),
                calls.toString());
        assertEquals("greedy 4", calls.get(firstOfThem + 3), calls.toString());
    }

    @Test
    void longPromptsArePrefilledInChunksWhileOthersKeepDecoding() throws Exception {
        start(2, 512, script, new Engine.Options(4, 16));
        model.decodePermits = new Semaphore(0);
        Recorder first = new Recorder();
        Generation a = engine.submit(GenerationRequest.of(new int[] {1, 2}, SamplingParams.greedy(), 30), first);
        int[] longPrompt = new int[100];
        for (int i = 0; i < longPrompt.length; i++) {
            longPrompt[i] = 500 + i;
        }
        model.decodePermits.release(1);
        first.firstToken.await();
        Generation b = engine.submit(GenerationRequest.of(longPrompt, SamplingParams.greedy(), 5), new Recorder());
        model.decodePermits.release(1000);
        assertEquals(FinishReason.LENGTH, a.await().finishReason());
        GenerationResult rb = b.await();
        assertArrayEquals(model.expected(longPrompt, 5), rb.tokens());
        List<String> calls = List.copyOf(model.calls);
        List<Integer> chunkIndexes = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith("prefill seq=1")) {
                chunkIndexes.add(i);
            }
        }
        assertEquals(7, chunkIndexes.size(), "100 tokens in chunks of 16");
        assertTrue(calls.get(chunkIndexes.get(0) + 1).startsWith("decode") || calls.get(chunkIndexes.get(0) + 1).equals("greedy"),
                "a decode step of the running sequence follows each prompt chunk: " + calls);
    }

    @Test
    void cancellingARunningRequestFreesItsSlotWithinAStep() throws Exception {
        start(1, 512);
        model.decodePermits = new Semaphore(0);
        Recorder rec = new Recorder();
        Generation g = engine.submit(GenerationRequest.of(new int[] {1, 2, 3}, SamplingParams.greedy(), 400), rec);
        Recorder queuedRec = new Recorder();
        Generation next = engine.submit(GenerationRequest.of(new int[] {4, 5}, SamplingParams.greedy(), 3), queuedRec);
        model.decodePermits.release(2);
        rec.firstToken.await();
        g.cancel();
        model.decodePermits.release(1000);
        GenerationResult r = g.await();
        assertEquals(FinishReason.CANCELLED, r.finishReason());
        assertTrue(r.tokens().length <= 4, "left within a step of the cancel: " + r.tokens().length);
        assertEquals(FinishReason.LENGTH, next.await().finishReason(), "the freed slot serves the next request");
        assertEquals(1, rec.finishCalls);
        assertEquals(0, engine.metrics().busySlots());
    }

    @Test
    void cancellingAQueuedRequestFinishesItAtOnce() throws Exception {
        start(1, 512);
        model.decodePermits = new Semaphore(0);
        Generation running = engine.submit(GenerationRequest.of(new int[] {1}, SamplingParams.greedy(), 100), new Recorder());
        Recorder rec = new Recorder();
        Generation queued = engine.submit(GenerationRequest.of(new int[] {2}, SamplingParams.greedy(), 5), rec);
        queued.cancel();
        GenerationResult r = queued.result().get(10, TimeUnit.SECONDS);
        assertEquals(FinishReason.CANCELLED, r.finishReason());
        assertFalse(rec.admitted);
        running.cancel();
        model.decodePermits.release(1000);
        assertEquals(FinishReason.CANCELLED, running.await().finishReason());
    }

    @Test
    void fullQueueRefusesWithBusy() throws Exception {
        start(1, 512, script, new Engine.Options(1, 64));
        model.decodePermits = new Semaphore(0);
        Generation a = engine.submit(GenerationRequest.of(new int[] {1}, SamplingParams.greedy(), 50), null);
        Generation b = engine.submit(GenerationRequest.of(new int[] {2}, SamplingParams.greedy(), 50), null);
        assertThrows(EngineBusyException.class,
                () -> engine.submit(GenerationRequest.of(new int[] {3}, SamplingParams.greedy(), 50), null));
        a.cancel();
        b.cancel();
        model.decodePermits.release(1000);
        a.await();
        b.await();
        Generation c = engine.submit(GenerationRequest.of(new int[] {3}, SamplingParams.greedy(), 2), null);
        assertEquals(FinishReason.LENGTH, c.await().finishReason());
    }

    @Test
    void requestsThatDoNotFitTheContextAreRefused() {
        start(1, 32);
        ContextLengthExceededException e = assertThrows(ContextLengthExceededException.class,
                () -> engine.submit(GenerationRequest.of(new int[20], SamplingParams.greedy(), 13), null));
        assertEquals(20, e.promptTokens());
        assertEquals(32, e.contextLength());
        assertTrue(e.getMessage().contains("maximum context length is 32 tokens"), e.getMessage());
        assertThrows(ContextLengthExceededException.class,
                () -> engine.submit(GenerationRequest.of(new int[32], SamplingParams.greedy(), -1), null));
        assertThrows(IllegalArgumentException.class,
                () -> engine.submit(GenerationRequest.of(new int[] {-1}, SamplingParams.greedy(), 1), null));
    }

    @Test
    void unlimitedMaxTokensRunsToTheEndOfTheContext() throws Exception {
        start(1, 24);
        GenerationResult r = engine.generate(GenerationRequest.of(new int[] {1, 2, 3, 4}, SamplingParams.greedy(), -1), null);
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(20, r.completionTokens());
    }

    @Test
    void aFailingStepFailsItsSequencesAndTheEngineCarriesOn() throws Exception {
        start(2, 128);
        model.decodePermits = new Semaphore(0);
        Recorder rec = new Recorder();
        Generation g = engine.submit(GenerationRequest.of(new int[] {1, 2}, SamplingParams.greedy(), 10), rec);
        model.failNextDecode = new IllegalStateException("device lost");
        model.decodePermits.release(1000);
        GenerationResult r = g.await();
        assertEquals(FinishReason.ERROR, r.finishReason());
        assertEquals("device lost", r.error().getMessage());
        GenerationResult ok = engine.generate(GenerationRequest.of(new int[] {1, 2}, SamplingParams.greedy(), 5), null);
        assertEquals(FinishReason.LENGTH, ok.finishReason());
        assertEquals(1, engine.metrics().requestsFailed());
    }

    @Test
    void aThrowingListenerEndsOnlyItsOwnRequest() throws Exception {
        start(2, 128);
        GenerationListener bad = new GenerationListener() {
            @Override
            public void onText(String text) {
                throw new IllegalStateException("client gone");
            }

            @Override
            public void onFinish(GenerationResult result) {
            }
        };
        Generation g = engine.submit(GenerationRequest.of(new int[] {5, 6}, SamplingParams.greedy(), 10), bad);
        Generation ok = engine.submit(GenerationRequest.of(new int[] {7, 8}, SamplingParams.greedy(), 10), null);
        assertEquals(FinishReason.ERROR, g.await().finishReason());
        assertEquals(FinishReason.LENGTH, ok.await().finishReason());
    }

    @Test
    void zeroMaxTokensCompletesWithoutGenerating() throws Exception {
        start(1, 64);
        GenerationResult r = engine.generate(GenerationRequest.of(new int[] {1, 2, 3}, SamplingParams.greedy(), 0), null);
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(0, r.completionTokens());
        assertEquals("", r.text());
    }

    @Test
    void shutdownLetsRunningRequestsFinishAndRefusesNewOnes() throws Exception {
        start(1, 128);
        Generation g = engine.submit(GenerationRequest.of(new int[] {1}, SamplingParams.greedy(), 20), null);
        engine.shutdown(java.time.Duration.ofSeconds(30));
        assertEquals(FinishReason.LENGTH, g.await().finishReason());
        assertThrows(EngineBusyException.class,
                () -> engine.submit(GenerationRequest.of(new int[] {1}, SamplingParams.greedy(), 2), null));
    }

    @Test
    void sameSeedSameSample() throws Exception {
        start(2, 128);
        SamplingParams p = SamplingParams.defaults().withTemperature(1.5f).withTopK(0).withMinP(0f).withTopP(1f).withSeed(42);
        // near-uniform tail: sampling really draws; the seed must make it repeatable
        GenerationResult a = engine.generate(GenerationRequest.of(new int[] {9, 9}, p, 8), null);
        GenerationResult b = engine.generate(GenerationRequest.of(new int[] {9, 9}, p, 8), null);
        assertArrayEquals(a.tokens(), b.tokens());
        assertNotNull(a.text());
        assertSame(FinishReason.LENGTH, a.finishReason());
    }

    @Test
    void seededSamplesInABatchEqualTheSameRequestsAlone() throws Exception {
        start(4, 128);
        int n = 6;
        List<Generation> gens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            gens.add(engine.submit(GenerationRequest.of(new int[] {9, 9 + i}, sampled(i), 24), new Recorder()));
        }
        List<int[]> together = new ArrayList<>();
        for (Generation g : gens) {
            together.add(g.await().tokens());
        }
        assertTrue(model.maxBatch > 1, "the requests shared decode steps");
        for (int i = 0; i < n; i++) {
            // alone: one sequence per step, drawn on the engine thread
            GenerationResult alone = engine.generate(GenerationRequest.of(new int[] {9, 9 + i}, sampled(i), 24), null);
            assertArrayEquals(alone.tokens(), together.get(i), "request " + i);
        }
    }

    @Test
    void topKSamplesFromDeviceCandidatesEqualTheWholeRowsDraws() throws Exception {
        int n = 5;
        List<int[]> viaTopK = new ArrayList<>();
        for (boolean device : new boolean[] {true, false}) {
            model = new ScriptedForwardPass(tokenizer.vocabSize(), 4, 128, script);
            model.topKOnDevice = device; // read when the engine starts
            engine = new Engine(model, tokenizer, new Engine.Options(16, 64));
            List<Generation> gens = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // temperature 20 over 40 candidates (logits 10, 5 and zeros): every draw is random
                SamplingParams p = SamplingParams.defaults().withTemperature(20f).withTopK(40).withTopP(1f)
                        .withMinP(0f).withSeed(i);
                gens.add(engine.submit(GenerationRequest.of(new int[] {9, 9 + i}, p, 24), new Recorder()));
            }
            for (int i = 0; i < n; i++) {
                int[] tokens = gens.get(i).await().tokens();
                if (device) {
                    viaTopK.add(tokens);
                } else {
                    assertArrayEquals(viaTopK.get(i), tokens, "request " + i);
                }
            }
            if (device) {
                assertTrue(model.calls.stream().anyMatch(c -> c.startsWith("topk")), model.calls.toString());
                assertTrue(model.calls.stream().noneMatch(c -> c.startsWith("decode")), model.calls.toString());
            } else {
                assertTrue(model.calls.stream().noneMatch(c -> c.startsWith("topk")), model.calls.toString());
            }
            engine.close();
            engine = null;
        }
        assertTrue(viaTopK.stream().map(Arrays::toString).distinct().count() > 1, "the draws really vary");
    }

    private static SamplingParams sampled(int seed) {
        // near-uniform tail: every draw is random, so a sampler used for the wrong row or seed shows
        return SamplingParams.defaults().withTemperature(1.5f).withTopK(0).withMinP(0f).withTopP(1f).withSeed(seed);
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
