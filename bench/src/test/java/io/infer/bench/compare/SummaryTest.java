package io.infer.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void percentilesInterpolateBetweenRanks() {
        double[] s = {1, 2, 3, 4};
        assertEquals(2.5, Summary.percentile(s, 50), 1e-12);
        assertEquals(1, Summary.percentile(s, 0), 1e-12);
        assertEquals(4, Summary.percentile(s, 100), 1e-12);
        assertEquals(3.97, Summary.percentile(s, 99), 1e-12);   // rank 2.97 of 0..3
        assertThrows(IllegalArgumentException.class, () -> Summary.percentile(s, 101));
    }

    @Test
    void summarySortsACopy() {
        double[] v = {9, 1, 5};
        Summary s = Summary.of(v);
        assertEquals(3, s.n());
        assertEquals(5, s.mean(), 1e-12);
        assertEquals(5, s.p50(), 1e-12);
        assertEquals(1, s.min(), 1e-12);
        assertEquals(9, s.max(), 1e-12);
        assertEquals(9, v[0], 0);
        assertNull(Summary.of(new double[0]));
    }

    @Test
    void requestDerivedRates() {
        // tokens at 100, 200, 300, 400 ms after the request; 4 tokens; ended at 500 ms
        RequestResult r = new RequestResult(null, 10, 4, new long[] {100_000_000, 200_000_000, 300_000_000, 400_000_000},
                500_000_000, null);
        assertEquals(100_000_000, r.ttftNanos());
        assertEquals(3, r.itlNanos().length);
        assertEquals(10.0, r.clientDecodeTokPerSec(), 1e-9);   // 3 tokens over 0.3 s
        assertEquals(8.0, r.e2eTokPerSec(), 1e-9);             // 4 tokens over 0.5 s
        assertEquals(400.0 / 3, r.tpotMillis(), 1e-9);         // (500 - 100) ms / 3
        RequestResult one = new RequestResult(null, 10, 1, new long[] {100}, 200, null);
        assertNull(one.clientDecodeTokPerSec());
        assertNull(one.tpotMillis());
    }
}
