package io.infer.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuantSynthTest {
    /** Two full chunks and a partial one, so chunk boundaries and the tail are covered. */
    private static final long N = 2L * QuantSynth.CHUNK_ELEMENTS + 1024;

    private static float[] dequantizeAll(GgmlType type, MemorySegment seg, long n) {
        float[] all = new float[(int) n];
        QuantOps.dequantize(type, seg, 0, all, 0, (int) n);
        return all;
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void randomBlocksDequantizeToFiniteValuesOfTheRequestedSpread(GgmlType type) {
        float scale = 0.02f;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(type.byteSize(N));
            QuantSynth.fillRandom(type, seg, N, 42, scale);
            float[] v = dequantizeAll(type, seg, N);
            double sum = 0;
            double sumSq = 0;
            for (float f : v) {
                assertTrue(Float.isFinite(f), type + " wrote a non-finite value");
                sum += f;
                sumSq += (double) f * f;
            }
            double mean = sum / N;
            double sd = Math.sqrt(sumSq / N - mean * mean);
            assertTrue(Math.abs(mean) < 0.05 * scale, type + " mean " + mean);
            assertTrue(sd > 0.8 * scale && sd < 1.25 * scale, type + " sd " + sd + " for scale " + scale);

            // the last partial chunk is filled too, not left zero
            double tailSq = 0;
            for (int i = (int) N - 1024; i < N; i++) {
                tailSq += (double) v[i] * v[i];
            }
            assertTrue(Math.sqrt(tailSq / 1024) > 0.5 * scale, type + " tail");
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F16", "Q8_0", "Q4_K", "Q6_K"})
    void outputDependsOnlyOnTheSeed(GgmlType type) {
        long bytes = type.byteSize(N);
        try (Arena shared = Arena.ofShared(); Arena confined = Arena.ofConfined()) {
            MemorySegment a = shared.allocate(bytes);
            MemorySegment b = confined.allocate(bytes); // filled on this thread alone
            MemorySegment c = shared.allocate(bytes);
            QuantSynth.fillRandom(type, a, N, 7, 0.05f);
            QuantSynth.fillRandom(type, b, N, 7, 0.05f);
            QuantSynth.fillRandom(type, c, N, 8, 0.05f);
            assertEquals(-1, a.mismatch(b), "same seed, same bytes, however many threads wrote them");
            assertNotEquals(-1, a.mismatch(c));
            // chunks get different streams: the second chunk is not a copy of the first
            long chunkBytes = type.byteSize(QuantSynth.CHUNK_ELEMENTS);
            assertNotEquals(-1, a.asSlice(0, chunkBytes).mismatch(a.asSlice(chunkBytes, chunkBytes)));
        }
    }

    @Test
    void normWeightsSitAroundOne() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 4096 + 3;
            MemorySegment seg = arena.allocate(4L * n);
            QuantSynth.fillNormWeights(seg, n, 1);
            float[] v = dequantizeAll(GgmlType.F32, seg, n);
            double sum = 0;
            for (float f : v) {
                assertTrue(f >= 0.9f && f <= 1.1f, "norm weight " + f);
                sum += f;
            }
            assertEquals(1.0, sum / n, 0.01);
            assertNotEquals(v[0], v[1]);
        }
    }

    @Test
    void rejectsTooSmallSegmentsBadScalesAndTypesItCannotWrite() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(GgmlType.Q4_K.byteSize(256));
            assertThrows(IllegalArgumentException.class, () -> QuantSynth.fillRandom(GgmlType.Q4_K, seg, 512, 1, 0.02f));
            assertThrows(IllegalArgumentException.class, () -> QuantSynth.fillRandom(GgmlType.Q4_K, seg, 256, 1, Float.NaN));
            assertThrows(IllegalArgumentException.class, () -> QuantSynth.fillRandom(GgmlType.Q4_K, seg, 256, 1, 1e-12f));
            UnsupportedTensorTypeException e = assertThrows(UnsupportedTensorTypeException.class,
                    () -> QuantSynth.fillRandom(GgmlType.Q2_K, seg, 256, 1, 0.02f));
            assertTrue(e.getMessage().contains("Q2_K"));
        }
    }
}
