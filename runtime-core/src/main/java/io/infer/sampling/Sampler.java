package io.infer.sampling;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Picks a token from a row of logits in llama.cpp's default sampler order: penalties (repeat, frequency,
 * presence over the last {@code repeatLastN} accepted tokens) → top-k → top-p → min-p → temperature → draw.
 * As in llama.cpp, temperature is applied last, so top-p and min-p see the untempered distribution.
 * Temperature 0 returns the argmax of the penalized logits (ties go to the lowest id).
 *
 * <p>The caller's logits are never modified: penalties work on an internal copy. All buffers are allocated up
 * front, so {@link #sample} and {@link #accept} allocate nothing. One instance per generation stream; not
 * thread-safe.
 */
public final class Sampler {

    /** Mass histogram bins for top-p over the whole vocabulary. */
    private static final int BINS = 256;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final AtomicBoolean WARMED = new AtomicBoolean();

    private final SamplingParams params;
    private final int vocab;
    private final boolean penalties;
    private final float[] penalized;
    private final int[] window;
    private final int[] counts;
    private int windowLen;
    private int windowPos;
    private SplittableRandom random;

    /** Candidate ids: sorted by descending logit after top-k; unordered after the whole-vocabulary filters. */
    private final int[] cand;
    private final float[] weight;
    private final long[] keys;
    private final double[] binMass = new double[BINS];

    public Sampler(SamplingParams params, int vocabSize) {
        this.params = Objects.requireNonNull(params, "params");
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabSize must be > 0, got " + vocabSize);
        }
        this.vocab = vocabSize;
        this.penalties = params.hasPenalties();
        this.penalized = penalties ? new float[vocabSize] : null;
        this.window = penalties ? new int[params.repeatLastN()] : null;
        this.counts = penalties ? new int[vocabSize] : null;
        boolean topK = params.topK() > 0 && params.topK() < vocabSize;
        int listed = topK ? params.topK() : vocabSize;
        this.cand = new int[listed];
        this.weight = new float[listed];
        this.keys = new long[topK ? params.topK() : params.topP() < 1f ? vocabSize : 0];
        this.random = new SplittableRandom(params.seed());
    }

    /**
     * Compiles the draws' vector loops ahead of the first request, once per process, on a background thread: until
     * the JIT has compiled them, Vector API code runs interpreted at milliseconds a draw (the first tens of tokens of
     * a generation would pay it). Call where a model starts loading; the loops do not depend on the model.
     */
    public static void warmUpInBackground(int vocabSize) {
        if (vocabSize > 0 && WARMED.compareAndSet(false, true)) {
            Thread.ofPlatform().name("infer-sampler-warmup").daemon().start(() -> warmUp(vocabSize, 300));
        }
    }

    /**
     * Draws {@code rounds} times each way that runs vector loops (top-k, the whole vocabulary) over a row (see
     * {@link #warmUpInBackground}).
     */
    static void warmUp(int vocabSize, int rounds) {
        float[] logits = new float[vocabSize];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < vocabSize; i++) {
            logits[i] = (float) (random.nextGaussian() * 3);
        }
        SamplingParams wholeVocabulary = new SamplingParams(0.8f, 0, 1f, 0f, 1f, 64, 0f, 0f, 1);
        Sampler[] samplers = {
                new Sampler(wholeVocabulary.withTopK(40).withTopP(0.95f).withMinP(0.05f), vocabSize),
                new Sampler(wholeVocabulary, vocabSize)};
        for (int r = 0; r < rounds; r++) {
            for (Sampler s : samplers) {
                s.sample(logits, 0);
            }
        }
    }

    public SamplingParams params() {
        return params;
    }

    public int vocabSize() {
        return vocab;
    }

    /**
     * Picks a token from {@code logits[offset .. offset + vocabSize)}, penalizing the tokens given to
     * {@link #accept}. Does not record the choice: call {@code accept} with the token actually used.
     */
    public int sample(float[] logits, int offset) {
        Objects.checkFromIndexSize(offset, vocab, logits.length);
        float[] src = logits;
        int off = offset;
        if (penalties && windowLen > 0) {
            System.arraycopy(logits, offset, penalized, 0, vocab);
            applyPenalties(penalized);
            src = penalized;
            off = 0;
        }
        if (params.temperature() == 0f) {
            return argmax(src, off, vocab);
        }

        int n = vocab;
        boolean listed = false;
        int k = params.topK();
        if (k > 0 && k < vocab) {
            selectTop(src, off, k);
            n = k;
            listed = true;
        }
        if (params.topP() < 1f) {
            if (!listed) {
                return draw(src, off, topPMinPOverVocab(src, off)); // min-p included
            }
            n = topP(src, off, n);
        }
        if (params.minP() > 0f) {
            n = listed ? minP(src, off, n) : minPOverVocab(src, off);
            listed = true;
        }
        return listed ? draw(src, off, n) : drawOverVocab(src, off);
    }

    /**
     * Whether {@link #sampleTop} makes the same draw as {@link #sample} from a row's {@code available} most likely
     * candidates: top-k of at most that many, a temperature, no penalties (they change logits outside the top).
     */
    public boolean drawsFromTop(int available) {
        int k = params.topK();
        return params.temperature() > 0f && !penalties && k > 0 && k < vocab && k <= available;
    }

    /**
     * {@link #sample} for a row of which only the most likely candidates are known: their logits and ids at
     * {@code values[offset ..]}, {@code ids[offset ..]}, at least top-k of them, in {@link #topK}'s order (as
     * {@code ForwardPass.decodeTopK} gives them). The same top-p, min-p, temperature and draw as {@link #sample}
     * on the whole row, so the same token for the same seed; {@link #drawsFromTop} must hold.
     */
    public int sampleTop(float[] values, int[] ids, int offset) {
        int n = params.topK();
        Objects.checkFromIndexSize(offset, n, values.length);
        Objects.checkFromIndexSize(offset, n, ids.length);
        // the candidates are the positions 0..n of the given row: the steps read values[offset + cand[i]]
        for (int i = 0; i < n; i++) {
            cand[i] = i;
        }
        if (params.topP() < 1f) {
            n = topP(values, offset, n);
        }
        if (params.minP() > 0f) {
            n = minP(values, offset, n);
        }
        return ids[offset + draw(values, offset, n)];
    }

    /**
     * The k largest of {@code src[off .. off + n)} with their ids into {@code values[outOff ..]}, {@code ids[outOff ..]}:
     * most likely first, ties by lower id, NaN as -inf, -0 below +0 (top-k's order in {@link #sample}).
     */
    public static void topK(float[] src, int off, int n, int k, float[] values, int[] ids, int outOff) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("top-" + k + " of " + n + " values");
        }
        long[] heap = new long[k];
        selectTopKeys(src, off, n, k, heap);
        for (int j = 0; j < k; j++) {
            ids[outOff + j] = idOf(heap[j]);
            values[outOff + j] = src[off + ids[outOff + j]];
        }
    }

    /** Top-k's candidates, which {@link #sample} filters further: most likely first, ties by lower id. */
    int[] topCandidates(float[] logits, int offset) {
        int k = Math.min(params.topK(), vocab);
        selectTop(logits, offset, k);
        return java.util.Arrays.copyOf(cand, k);
    }

    /** Records a token the stream produced (or a prompt token, if prompts should count for the penalties). */
    public void accept(int token) {
        if (token < 0 || token >= vocab) {
            throw new IllegalArgumentException("token " + token + " outside the vocabulary of " + vocab);
        }
        if (!penalties) {
            return;
        }
        if (windowLen == window.length) {
            counts[window[windowPos]]--;
        } else {
            windowLen++;
        }
        window[windowPos] = token;
        counts[token]++;
        windowPos = windowPos + 1 == window.length ? 0 : windowPos + 1;
    }

    /** Forgets the accepted tokens and restarts the random sequence from the seed. */
    public void reset() {
        if (penalties) {
            for (int i = 0; i < windowLen; i++) {
                counts[window[i]] = 0;
            }
        }
        windowLen = 0;
        windowPos = 0;
        random = new SplittableRandom(params.seed());
    }

    // ------------------------------------------------------------------ steps

    /**
     * llama.cpp's penalties, once per distinct token in the window: the repeat and presence penalties whatever the
     * count, the frequency penalty times the count.
     */
    private void applyPenalties(float[] l) {
        float repeat = params.repeatPenalty();
        float frequency = params.frequencyPenalty();
        float presence = params.presencePenalty();
        for (int i = 0; i < windowLen; i++) {
            int t = window[i];
            int c = counts[t];
            if (c <= 0) {
                continue; // done already: marked by negating the count
            }
            float v = l[t];
            v = v <= 0 ? v * repeat : v / repeat;
            l[t] = v - (c * frequency + presence);
            counts[t] = -c;
        }
        for (int i = 0; i < windowLen; i++) {
            int t = window[i];
            if (counts[t] < 0) {
                counts[t] = -counts[t];
            }
        }
    }

    /** Top-p over the sorted candidates, normalized over those candidates (as after top-k in llama.cpp). */
    private int topP(float[] src, int off, int n) {
        float max = logit(src, off, cand[0]);
        if (max == Float.NEGATIVE_INFINITY) {
            return 1;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float w = (float) Math.exp(logit(src, off, cand[i]) - max);
            weight[i] = w;
            sum += w;
        }
        double cum = 0;
        double p = params.topP();
        for (int i = 0; i < n; i++) {
            cum += weight[i] / sum;
            if (cum >= p) {
                return i + 1;
            }
        }
        return n;
    }

    /**
     * Top-p, and min-p if set, over the whole vocabulary without sorting it. One pass sums the probability mass
     * into bins by distance below the best logit; the bin where the running mass reaches p is the only one that
     * needs sorting to find the exact cut, the better bins are kept whole. Min-p keeps the tokens above a logit
     * threshold and runs after top-p, which keeps the most likely tokens, so applying it here as a floor gives
     * the same intersection. The candidates come out unordered.
     */
    private int topPMinPOverVocab(float[] src, int off) {
        // scalar loops here: with the vector maximum (or weights) called from this large method, 2 of 8 test JVMs
        // kept allocating every vector as an object, 1.8 MB a draw (SamplerTest.samplingDoesNotAllocate)
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            float v = src[off + i];
            if (v > max) {
                max = v;
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            cand[0] = 0;
            return 1;
        }
        float floor = params.minP() > 0f ? max + (float) Math.log(params.minP()) : Float.NEGATIVE_INFINITY;
        java.util.Arrays.fill(binMass, 0);
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            float l = logit(src, off, i);
            double w = Math.exp(l - max);
            sum += w;
            if (l >= floor) {
                binMass[bin(max, l)] += w;
            }
        }
        double target = params.topP() * sum;
        double before = 0; // mass of the bins kept whole
        int cutBin = BINS - 1;
        for (int b = 0; b < BINS; b++) {
            if (before + binMass[b] >= target) {
                cutBin = b;
                break;
            }
            before += binMass[b];
        }
        int n = 0;
        int inCutBin = 0;
        for (int i = 0; i < vocab; i++) {
            float l = logit(src, off, i);
            if (l >= floor) {
                int b = bin(max, l);
                if (b < cutBin) {
                    cand[n++] = i;
                } else if (b == cutBin) {
                    keys[inCutBin++] = key(l, i);
                }
            }
        }
        sortDescending(keys, inCutBin);
        double cum = before;
        for (int j = 0; j < inCutBin; j++) {
            int id = idOf(keys[j]);
            cand[n++] = id;
            cum += Math.exp(logit(src, off, id) - max);
            if (cum >= target) {
                break;
            }
        }
        return n;
    }

    /** Bins of 1/8 logit below the maximum; everything 32 or more below (weight under e^-32) shares the last. */
    private static int bin(float max, float logit) {
        float d = (max - logit) * 8f;
        return d < BINS - 1 ? (int) d : BINS - 1;
    }

    /** Min-p over candidates sorted by descending logit; llama.cpp compares logits, not probabilities. */
    private int minP(float[] src, int off, int n) {
        float threshold = logit(src, off, cand[0]) + (float) Math.log(params.minP());
        int i = 1;
        while (i < n && logit(src, off, cand[i]) >= threshold) {
            i++;
        }
        return i;
    }

    private int minPOverVocab(float[] src, int off) {
        float threshold = maxLogit(src, off) + (float) Math.log(params.minP());
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            if (logit(src, off, i) >= threshold) {
                cand[n++] = i;
            }
        }
        return n;
    }

    private int draw(float[] src, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logit(src, off, cand[i]));
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return cand[0];
        }
        float invTemp = 1f / params.temperature();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float w = (float) Math.exp((logit(src, off, cand[i]) - max) * invTemp);
            weight[i] = w;
            sum += w;
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            u -= weight[i];
            if (u < 0) {
                return cand[i];
            }
        }
        for (int i = n - 1; i > 0; i--) { // rounding ran past the end: the last token that had any weight
            if (weight[i] > 0) {
                return cand[i];
            }
        }
        return cand[0];
    }

    /**
     * A draw over the whole vocabulary: the weights are computed a vector at a time, and the scan for the drawn
     * token skips whole vectors by their sums (the same sums that make the total), so only one vector is walked.
     */
    private int drawOverVocab(float[] src, int off) {
        float max = maxLogit(src, off);
        if (max == Float.NEGATIVE_INFINITY) {
            return 0;
        }
        double u = random.nextDouble() * fillWeights(src, off, max, 1f / params.temperature());
        int lanes = SPECIES.length();
        int i = 0;
        for (; i <= vocab - lanes; i += lanes) {
            double chunk = FloatVector.fromArray(SPECIES, weight, i).reduceLanes(VectorOperators.ADD);
            if (u >= chunk) {
                u -= chunk;
                continue;
            }
            for (int j = i; j < i + lanes; j++) {
                u -= weight[j];
                if (u < 0) {
                    return j;
                }
            }
        }
        for (; i < vocab; i++) {
            u -= weight[i];
            if (u < 0) {
                return i;
            }
        }
        for (int j = vocab - 1; j > 0; j--) { // rounding ran past the end: the last token that had any weight
            if (weight[j] > 0) {
                return j;
            }
        }
        return 0;
    }

    /**
     * weight[i] = e^((logit_i - max) * scale) over the whole vocabulary, NaN logits weighing 0; returns the sum, added
     * up a vector at a time (each vector's sum as {@link #drawOverVocab} reads it back).
     */
    private double fillWeights(float[] src, int off, float max, float scale) {
        int lanes = SPECIES.length();
        double sum = 0;
        int i = 0;
        for (; i <= vocab - lanes; i += lanes) {
            FloatVector v = FloatVector.fromArray(SPECIES, src, off + i);
            FloatVector w = v.sub(max).mul(scale).lanewise(VectorOperators.EXP)
                    .blend(0f, v.compare(VectorOperators.NE, v));
            w.intoArray(weight, i);
            sum += w.reduceLanes(VectorOperators.ADD);
        }
        for (; i < vocab; i++) {
            float w = (float) Math.exp((logit(src, off, i) - max) * scale);
            weight[i] = w;
            sum += w;
        }
        return sum;
    }

    // ------------------------------------------------------------------ helpers

    /** The logit with NaN read as -inf, so a broken row cannot poison the sums. */
    private static float logit(float[] src, int off, int id) {
        float v = src[off + id];
        return v == v ? v : Float.NEGATIVE_INFINITY;
    }

    /** The largest logit of the row, NaN ignored. */
    private float maxLogit(float[] src, int off) {
        int lanes = SPECIES.length();
        FloatVector m = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i <= vocab - lanes; i += lanes) {
            FloatVector v = FloatVector.fromArray(SPECIES, src, off + i);
            m = m.max(v.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.NE, v)));
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; i < vocab; i++) {
            float v = src[off + i];
            if (v > max) {
                max = v;
            }
        }
        return max;
    }

    /** Index of the largest of {@code src[off .. off+n)} (ties: the lowest; NaN never wins). */
    static int argmax(float[] src, int off, int n) {
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = src[off + i];
            if (v > max) {
                max = v;
                best = i;
            }
        }
        return best;
    }

    /**
     * Puts the m most likely ids into cand[0..m), most likely first, ties by lower id. Once the heap holds m ids only
     * a logit at or above its smallest can enter (an equal one has a higher id and loses the tie, but -0 and +0 are
     * equal floats and different keys), so whole vectors of logits are skipped with one comparison: over a 150k
     * vocabulary few lanes ever pass.
     */
    private void selectTop(float[] src, int off, int m) {
        selectTopKeys(src, off, vocab, m, keys);
        for (int j = 0; j < m; j++) {
            cand[j] = idOf(keys[j]);
        }
    }

    /** The keys of the m largest of src[off .. off + n) into heap[0 .. m), largest first (see {@link #selectTop}). */
    private static void selectTopKeys(float[] src, int off, int n, int m, long[] heap) {
        int size = 0;
        int i = 0;
        for (; i < n && size < m; i++) {
            long key = key(src[off + i], i);
            int c = size++;
            while (c > 0) {
                int parent = (c - 1) >>> 1;
                if (heap[parent] <= key) {
                    break;
                }
                heap[c] = heap[parent];
                c = parent;
            }
            heap[c] = key;
        }
        float floor = logitOf(heap[0]);
        int lanes = SPECIES.length();
        for (; i < n; i += lanes) {
            int len = Math.min(lanes, n - i);
            if (len == lanes
                    && !FloatVector.fromArray(SPECIES, src, off + i).compare(VectorOperators.GE, floor).anyTrue()) {
                continue;
            }
            for (int j = i; j < i + len; j++) {
                float v = src[off + j];
                if (v >= floor) { // NaN never passes (it counts as -inf); the keys order -0 below +0
                    long key = key(v, j);
                    if (key > heap[0]) {
                        siftDown(heap, 0, key, m); // the best m so far, smallest at the root
                        floor = logitOf(heap[0]);
                    }
                }
            }
        }
        heapSortDescending(heap, m);
    }

    /** In-place heapsort, largest first (Arrays.sort may allocate merge buffers). */
    private static void sortDescending(long[] a, int n) {
        for (int i = (n >>> 1) - 1; i >= 0; i--) {
            siftDown(a, i, a[i], n);
        }
        heapSortDescending(a, n);
    }

    /** Turns the min-heap a[0..n) into descending order by moving the smallest to the back, repeatedly. */
    private static void heapSortDescending(long[] a, int n) {
        for (int end = n - 1; end > 0; end--) {
            long smallest = a[0];
            siftDown(a, 0, a[end], end);
            a[end] = smallest;
        }
    }

    /** Places key at index i of the min-heap a[0..size) and moves it down until the heap order holds. */
    private static void siftDown(long[] a, int i, long key, int size) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && a[child + 1] < a[child]) {
                child++;
            }
            if (key <= a[child]) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        a[i] = key;
    }

    /** Orders by logit, then by lower id: the float's bits made monotonic in the high half, ~id in the low. */
    private static long key(float logit, int id) {
        int bits = Float.floatToRawIntBits(logit == logit ? logit : Float.NEGATIVE_INFINITY);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ordered << 32) | (Integer.MAX_VALUE - id);
    }

    private static int idOf(long key) {
        return Integer.MAX_VALUE - (int) key;
    }

    /** The logit a {@link #key} was made from (NaN having become -inf). */
    private static float logitOf(long key) {
        int ordered = (int) (key >>> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
    }
}
