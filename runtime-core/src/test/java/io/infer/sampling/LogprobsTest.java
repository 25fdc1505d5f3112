package io.infer.sampling;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LogprobsTest {

    @Test
    void logSoftmaxMatchesTheDefinition() {
        float[] row = {9f, 1f, 2f, 3f, -1f, 9f};
        int off = 1;
        int n = 4;
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(-1);
        assertEquals(Math.log(z), Logprobs.logSumExp(row, off, n), 1e-9);
        assertEquals(2 - Math.log(z), Logprobs.logSoftmaxAt(row, off, n, 1), 1e-6);
        assertEquals(-1 - Math.log(z), Logprobs.logSoftmaxAt(row, off, n, 3), 1e-6);
    }

    @Test
    void staysFiniteForHugeLogits() {
        float[] row = {1000f, 1000f};
        assertEquals(Math.log(0.5), Logprobs.logSoftmaxAt(row, 0, 2, 0), 1e-6);
    }

    @Test
    void topListsTheMostLikelyInOrder() {
        float[] row = {0.5f, 3f, -2f, 3f, 1f};
        int[] ids = new int[3];
        float[] lp = new float[3];
        assertEquals(3, Logprobs.top(row, 0, row.length, 3, ids, lp));
        assertArrayEquals(new int[] {1, 3, 4}, ids); // equal logits: lower id first
        for (int i = 0; i < 3; i++) {
            assertEquals(Logprobs.logSoftmaxAt(row, 0, row.length, ids[i]), lp[i], 1e-6);
        }
        assertEquals(2, Logprobs.top(row, 3, 2, 5, ids, lp));
        assertEquals(0, ids[0]); // relative to the offset: row[3]
        assertEquals(1, ids[1]);
    }

    @Test
    void topAgreesWithSortingOnRandomRows() {
        SplittableRandom random = new SplittableRandom(3);
        float[] row = new float[500];
        int[] ids = new int[10];
        float[] lp = new float[10];
        for (int trial = 0; trial < 50; trial++) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian() * 3;
            }
            Logprobs.top(row, 0, row.length, 10, ids, lp);
            Integer[] order = new Integer[row.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> row[a] != row[b] ? Float.compare(row[b], row[a]) : a - b);
            for (int i = 0; i < 10; i++) {
                assertEquals(order[i], ids[i]);
            }
        }
    }
}
