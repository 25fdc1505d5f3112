package io.infer.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void runsEveryIndexExactlyOnceAcrossManyJobs() {
        for (int job = 0; job < 50_000; job++) {
            int n = 1 + job % 37;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            Parallel.forEach(n, hits::incrementAndGet);
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "job " + job + " index " + i);
            }
        }
    }

    @Test
    void nestedJobsRunOnTheCallingThread() {
        AtomicIntegerArray hits = new AtomicIntegerArray(16);
        Parallel.forEach(4, outer -> Parallel.forEach(4, inner -> hits.incrementAndGet(outer * 4 + inner)));
        for (int i = 0; i < 16; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void aFailureReachesTheCallerAndThePoolKeepsWorking() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(8, i -> {
            if (i == 5) {
                throw new IllegalStateException("index 5");
            }
        }));
        assertEquals("index 5", e.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(8);
        Parallel.forEach(8, hits::incrementAndGet);
        for (int i = 0; i < 8; i++) {
            assertEquals(1, hits.get(i));
        }
    }
}
