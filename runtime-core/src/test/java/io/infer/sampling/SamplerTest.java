package io.infer.sampling;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {

    /** Temperature 1, no filters, no penalties. */
    private static final SamplingParams PLAIN = new SamplingParams(1f, 0, 1f, 0f, 1f, 64, 0f, 0f, 1234);

    private static float[] gaussian(int n, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = (float) (random.nextGaussian() * scale);
        }
        return l;
    }

    private static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float[] logitsOf(double... probs) {
        float[] l = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            l[i] = (float) Math.log(probs[i]);
        }
        return l;
    }

    private static double[] frequencies(Sampler s, float[] logits, int draws) {
        double[] f = new double[logits.length];
        for (int i = 0; i < draws; i++) {
            f[s.sample(logits, 0)] += 1.0 / draws;
        }
        return f;
    }

    @Test
    void greedyIsArgmaxWithTiesToTheLowestId() {
        Sampler s = new Sampler(SamplingParams.greedy(), 1000);
        for (long seed = 0; seed < 20; seed++) {
            float[] l = gaussian(1000, 3, seed);
            assertEquals(argmax(l), s.sample(l, 0));
        }
        float[] tie = {1f, 5f, 2f, 5f};
        assertEquals(1, new Sampler(SamplingParams.greedy(), 4).sample(tie, 0));
    }

    @Test
    void readsTheRowAtTheOffsetAndLeavesItAlone() {
        float[] batch = new float[3 * 100];
        float[] row1 = gaussian(100, 2, 9);
        System.arraycopy(row1, 0, batch, 100, 100);
        batch[0] = 1000f; // in another row: must not be seen
        float[] before = batch.clone();
        SamplingParams penalized = SamplingParams.defaults().withSeed(1).withRepeatPenalty(1.3f, 8)
                .withPresencePenalty(0.5f).withFrequencyPenalty(0.2f);
        Sampler s = new Sampler(penalized, 100);
        s.accept(argmax(row1));
        s.accept(3);
        int id = s.sample(batch, 100);
        assertTrue(id >= 0 && id < 100);
        assertArrayEquals(before, batch);
        assertEquals(argmax(row1), new Sampler(SamplingParams.greedy(), 100).sample(batch, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> s.sample(batch, 250));
    }

    @Test
    void topKOneAndTinyTopPAndFullMinPAreArgmax() {
        for (long seed = 0; seed < 20; seed++) {
            float[] l = gaussian(5000, 2, seed);
            int best = argmax(l);
            assertEquals(best, new Sampler(PLAIN.withSeed(seed).withTopK(1).withTemperature(5f), 5000).sample(l, 0));
            assertEquals(best, new Sampler(PLAIN.withSeed(seed).withTopP(1e-6f).withTemperature(5f), 5000).sample(l, 0));
            assertEquals(best, new Sampler(PLAIN.withSeed(seed).withMinP(1f).withTemperature(5f), 5000).sample(l, 0));
        }
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        float[] l = gaussian(2000, 1, 5);
        int[] a = new int[200];
        int[] b = new int[200];
        int[] c = new int[200];
        Sampler sa = new Sampler(SamplingParams.defaults().withSeed(42).withTemperature(1.5f).withMinP(0f), 2000);
        Sampler sb = new Sampler(SamplingParams.defaults().withSeed(42).withTemperature(1.5f).withMinP(0f), 2000);
        Sampler sc = new Sampler(SamplingParams.defaults().withSeed(43).withTemperature(1.5f).withMinP(0f), 2000);
        for (int i = 0; i < a.length; i++) {
            a[i] = sa.sample(l, 0);
            b[i] = sb.sample(l, 0);
            c[i] = sc.sample(l, 0);
        }
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
        sa.reset();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], sa.sample(l, 0), "reset restarts the sequence");
        }
    }

    @Test
    void repeatPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        SamplingParams p = SamplingParams.greedy().withRepeatPenalty(1.5f, 64);
        Sampler s = new Sampler(p, 3);
        float[] positive = {2f, 1.5f, 0f};
        assertEquals(0, s.sample(positive, 0));
        s.accept(0);
        assertEquals(1, s.sample(positive, 0)); // 2 / 1.5 = 1.33 < 1.5
        Sampler n = new Sampler(p, 3);
        float[] negative = {-1f, -1.2f, -9f};
        n.accept(0);
        assertEquals(1, n.sample(negative, 0)); // -1 * 1.5 = -1.5 < -1.2
        n.accept(0);
        n.accept(0);
        assertEquals(1, n.sample(negative, 0)); // applied once, however often the token was seen
    }

    @Test
    void presenceAndFrequencyPenalties() {
        float[] l = {2f, 1.5f, 0f};
        Sampler presence = new Sampler(SamplingParams.greedy().withPresencePenalty(1f), 3);
        presence.accept(0);
        assertEquals(1, presence.sample(l, 0)); // 2 - 1 < 1.5
        Sampler frequency = new Sampler(SamplingParams.greedy().withFrequencyPenalty(0.3f), 3);
        frequency.accept(0);
        assertEquals(0, frequency.sample(l, 0)); // 2 - 0.3
        frequency.accept(0);
        assertEquals(1, frequency.sample(l, 0)); // 2 - 0.6
        frequency.reset();
        assertEquals(0, frequency.sample(l, 0));
    }

    @Test
    void penaltiesOnlySeeTheLastNTokens() {
        float[] l = {2f, 1.5f, 0f, 0f};
        Sampler s = new Sampler(SamplingParams.greedy().withPresencePenalty(1f).withRepeatPenalty(1f, 2), 4);
        s.accept(0);
        s.accept(2);
        assertEquals(1, s.sample(l, 0));
        s.accept(3); // 0 leaves the window
        assertEquals(0, s.sample(l, 0));
        assertThrows(IllegalArgumentException.class, () -> s.accept(4));
    }

    @Test
    void drawsFollowTheDistribution() {
        float[] l = logitsOf(0.5, 0.3, 0.2);
        double[] f = frequencies(new Sampler(PLAIN, 3), l, 40_000);
        assertArrayEquals(new double[] {0.5, 0.3, 0.2}, f, 0.015);
    }

    @Test
    void temperatureSharpensAndFlattens() {
        float[] l = logitsOf(0.5, 0.3, 0.2);
        double[] cold = frequencies(new Sampler(PLAIN.withTemperature(0.5f), 3), l, 40_000);
        assertArrayEquals(new double[] {0.25 / 0.38, 0.09 / 0.38, 0.04 / 0.38}, cold, 0.015); // p^2, renormalized
        double[] hot = frequencies(new Sampler(PLAIN.withTemperature(100f), 3), l, 40_000);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, hot, 0.015);
    }

    @Test
    void filtersRenormalizeWhatTheyKeep() {
        float[] l = logitsOf(0.5, 0.3, 0.15, 0.05);
        double[] topK = frequencies(new Sampler(PLAIN.withTopK(2), 4), l, 40_000);
        assertArrayEquals(new double[] {0.625, 0.375, 0, 0}, topK, 0.015);
        double[] topP = frequencies(new Sampler(PLAIN.withTopP(0.7f), 4), l, 40_000); // 0.5 < 0.7 <= 0.8
        assertArrayEquals(new double[] {0.625, 0.375, 0, 0}, topP, 0.015);
        double[] minP = frequencies(new Sampler(PLAIN.withMinP(0.2f), 4), l, 40_000); // keeps p >= 0.1
        assertArrayEquals(new double[] {0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0}, minP, 0.015);
    }

    /** Top-p and min-p see the untempered distribution: temperature does not change which tokens survive. */
    @Test
    void temperatureComesAfterTheFilters() {
        float[] l = logitsOf(0.5, 0.3, 0.15, 0.05);
        double[] f = frequencies(new Sampler(PLAIN.withTopP(0.7f).withTemperature(100f), 4), l, 40_000);
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0}, f, 0.015);
    }

    /**
     * The tokens that can be drawn equal the set a straightforward sort-everything implementation of llama.cpp's
     * top-k → top-p → min-p keeps. A huge temperature makes the kept tokens almost equally likely, so enough draws
     * hit every one of them.
     */
    @Test
    void keptTokensMatchANaiveReference() {
        int v = 1000;
        float[] l = gaussian(v, 2, 77);
        SamplingParams base = PLAIN.withTemperature(1000f);
        SamplingParams[] cases = {
                base.withTopP(0.9f), // whole-vocabulary top-p, needs more than the first window
                base.withTopP(0.9f).withMinP(0.05f),
                base.withTopK(50).withTopP(0.8f),
                base.withMinP(0.1f),
                base.withTopK(600).withTopP(0.95f),
                base.withTopK(300).withMinP(0.02f),
                base.withTopP(0.3f),
        };
        for (SamplingParams p : cases) {
            BitSet expected = naiveKept(l, p);
            Sampler s = new Sampler(p, v);
            BitSet seen = new BitSet(v);
            int draws = Math.max(5_000, expected.cardinality() * 30); // a token is missed with p < e^-25
            for (int i = 0; i < draws; i++) {
                seen.set(s.sample(l, 0));
            }
            assertEquals(expected, seen, p.toString() + " keeps " + expected.cardinality());
        }
    }

    /**
     * Top-k's candidates, in order, equal a full sort's (logit descending, -0 below +0, NaN as -inf, ties by lower
     * id) on a vocabulary that is not a multiple of the vector length, with runs of equal logits around the cut.
     */
    @Test
    void topKCandidatesEqualAFullSort() {
        int v = 10_007;
        SplittableRandom r = new SplittableRandom(5);
        float[] l = new float[v];
        float[] special = {Float.NaN, Float.NEGATIVE_INFINITY, -0f, 0f, 1f, 2f, 2.5f};
        for (int i = 0; i < v; i++) {
            l[i] = r.nextInt(4) == 0 ? special[r.nextInt(special.length)] : (float) (r.nextGaussian() * 2);
        }
        l[v - 1] = 9f; // the best logit in the vector tail
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        java.util.function.IntFunction<Float> value = i -> Float.isNaN(l[i]) ? Float.NEGATIVE_INFINITY : l[i];
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(value.apply(b), value.apply(a));
            return c != 0 ? c : a - b;
        });
        for (int k : new int[] {1, 40, 257, 3000}) {
            int[] expected = new int[k];
            for (int i = 0; i < k; i++) {
                expected[i] = order[i];
            }
            assertArrayEquals(expected, new Sampler(PLAIN.withTopK(k), v).topCandidates(l, 0), "k " + k);
        }
        float[] zeros = new float[v]; // the cut among zeros: +0 ranks above -0
        for (int i = 0; i < v; i++) {
            zeros[i] = i % 3 == 0 ? 0f : -0f;
        }
        zeros[5000] = 1f;
        assertArrayEquals(new int[] {5000, 0, 3, 6}, new Sampler(PLAIN.withTopK(4), v).topCandidates(zeros, 0));
        float[] allNegInf = new float[v];
        Arrays.fill(allNegInf, Float.NEGATIVE_INFINITY);
        assertArrayEquals(new int[] {0, 1, 2}, new Sampler(PLAIN.withTopK(3), v).topCandidates(allNegInf, 0));
    }

    /** The warm-up draws over rows with and without a partial last vector. */
    @Test
    void warmUpDrawsEveryWayOverTheRow() {
        for (int v : new int[] {1024, 10_007}) {
            Sampler.warmUp(v, 3);
        }
    }

    private static BitSet naiveKept(float[] l, SamplingParams p) {
        Integer[] order = new Integer[l.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> l[a] != l[b] ? Float.compare(l[b], l[a]) : a - b);
        int n = p.topK() > 0 ? Math.min(p.topK(), l.length) : l.length;
        if (p.topP() < 1) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(l[order[i]] - l[order[0]]);
            }
            double cum = 0;
            for (int i = 0; i < n; i++) {
                cum += Math.exp(l[order[i]] - l[order[0]]) / sum;
                if (cum >= p.topP()) {
                    n = i + 1;
                    break;
                }
            }
        }
        if (p.minP() > 0) {
            double threshold = l[order[0]] + Math.log(p.minP());
            int keep = 1;
            while (keep < n && l[order[keep]] >= threshold) {
                keep++;
            }
            n = keep;
        }
        BitSet kept = new BitSet(l.length);
        for (int i = 0; i < n; i++) {
            kept.set(order[i]);
        }
        return kept;
    }

    @Test
    void maskedAndBrokenLogitsAreNeverDrawn() {
        float[] l = {Float.NEGATIVE_INFINITY, 1f, Float.NaN, 1f, Float.NEGATIVE_INFINITY};
        for (SamplingParams p : new SamplingParams[] {PLAIN, PLAIN.withTopK(3), PLAIN.withTopP(0.9f),
                PLAIN.withMinP(0.5f), SamplingParams.greedy()}) {
            Sampler s = new Sampler(p, l.length);
            for (int i = 0; i < 200; i++) {
                int id = s.sample(l, 0);
                assertTrue(id == 1 || id == 3, p + " drew " + id);
            }
        }
        float[] dead = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertEquals(0, new Sampler(PLAIN, 2).sample(dead, 0));
    }

    private static long allocatedBy(com.sun.management.ThreadMXBean threads, Sampler s, float[] l, int tokens) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < tokens; i++) {
            s.accept(s.sample(l, 0));
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void samplingDoesNotAllocate() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int v = 151_936;
        float[] l = gaussian(v, 4, 11);
        SamplingParams[] cases = {SamplingParams.defaults().withSeed(1).withRepeatPenalty(1.1f, 64),
                PLAIN.withTopP(0.9f), PLAIN.withMinP(0.05f), PLAIN, PLAIN.withTopK(40), SamplingParams.greedy()};
        for (SamplingParams p : cases) {
            Sampler s = new Sampler(p, v);
            // warm up: until the JIT has compiled the vector loops (interpreted, every vector is an object), in
            // rounds of 60 tokens, at most 20; code that allocates per token never gets a clean round
            for (int round = 0; round < 100 && allocatedBy(threads, s, l, 60) > 0; round++) {
            }
            long allocated = allocatedBy(threads, s, l, 60);
            assertTrue(allocated < 60, p + " allocated " + allocated + " bytes in 60 tokens");
        }
    }

    /**
     * A row's top candidates alone (as ForwardPass.decodeTopK returns them) give the same draws as the whole row:
     * the same candidates in the same order, then the same top-p, min-p, temperature and random numbers.
     */
    @Test
    void drawsFromTheTopCandidatesEqualDrawsFromTheWholeRow() {
        int v = 3000;
        float[] row = gaussian(v, 2.0, 77);
        for (int i = 0; i < v; i += 7) {
            row[i] = Math.round(row[i]); // equal logits, so ties at the top-k cut happen
        }
        float[] values = new float[64];
        int[] ids = new int[64];
        Sampler.topK(row, 0, v, 64, values, ids, 0);
        for (int k : new int[] {1, 5, 40, 64}) {
            for (float topP : new float[] {1f, 0.9f, 0.5f}) {
                for (float minP : new float[] {0f, 0.05f}) {
                    for (float temp : new float[] {0.7f, 3f}) {
                        SamplingParams p = PLAIN.withTopK(k).withTopP(topP).withMinP(minP).withTemperature(temp);
                        Sampler whole = new Sampler(p, v), top = new Sampler(p, v);
                        assertTrue(top.drawsFromTop(64), p.toString());
                        for (int d = 0; d < 40; d++) {
                            assertEquals(whole.sample(row, 0), top.sampleTop(values, ids, 0), p + " draw " + d);
                        }
                    }
                }
            }
        }
        // the candidates: top-k's order, with their logits
        assertArrayEquals(new Sampler(PLAIN.withTopK(64), v).topCandidates(row, 0), ids);
        for (int j = 0; j < 64; j++) {
            assertEquals(row[ids[j]], values[j]);
        }
    }

    @Test
    void onlyTopKWithoutPenaltiesDrawsFromTheTop() {
        int v = 1000;
        assertTrue(new Sampler(PLAIN.withTopK(40), v).drawsFromTop(64));
        assertEquals(false, new Sampler(PLAIN.withTopK(0), v).drawsFromTop(64), "no top-k: the whole row");
        assertEquals(false, new Sampler(PLAIN.withTopK(65), v).drawsFromTop(64), "more than the candidates");
        assertEquals(false, new Sampler(PLAIN.withTopK(40).withTemperature(0f), v).drawsFromTop(64), "greedy");
        assertEquals(false, new Sampler(new SamplingParams(1f, 40, 1f, 0f, 1.1f, 64, 0f, 0f, 1), v).drawsFromTop(64),
                "a repeat penalty changes logits outside the top");
        assertEquals(false, new Sampler(PLAIN.withTopK(40), 30).drawsFromTop(64), "top-k of the whole vocabulary");
    }
}
