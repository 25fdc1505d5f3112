package io.infer.sampling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplingParamsTest {

    private static void rejects(String field, Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }

    @Test
    void defaultsAreLlamaCpps() {
        SamplingParams d = SamplingParams.defaults();
        assertEquals(0.8f, d.temperature());
        assertEquals(40, d.topK());
        assertEquals(0.95f, d.topP());
        assertEquals(0.05f, d.minP());
        assertEquals(1f, d.repeatPenalty());
        assertEquals(64, d.repeatLastN());
        assertEquals(0f, d.presencePenalty());
        assertEquals(0f, d.frequencyPenalty());
        assertFalse(d.hasPenalties());
        assertFalse(d.isGreedy());
    }

    @Test
    void greedyHasNoRandomnessAndNoPenalties() {
        SamplingParams g = SamplingParams.greedy();
        assertEquals(0f, g.temperature());
        assertTrue(g.isGreedy());
        assertFalse(g.hasPenalties());
    }

    @Test
    void withersChangeOneField() {
        SamplingParams p = SamplingParams.defaults().withSeed(5).withTemperature(0.3f).withTopK(7).withTopP(0.5f)
                .withMinP(0.2f).withRepeatPenalty(1.1f, 32).withPresencePenalty(0.4f).withFrequencyPenalty(-0.2f);
        assertEquals(new SamplingParams(0.3f, 7, 0.5f, 0.2f, 1.1f, 32, 0.4f, -0.2f, 5), p);
        assertTrue(p.hasPenalties());
        assertTrue(p.withTopK(1).isGreedy());
        assertFalse(p.withRepeatPenalty(1.1f, 0).withPresencePenalty(0).withFrequencyPenalty(0).hasPenalties());
    }

    @Test
    void invalidValuesNameTheField() {
        SamplingParams d = SamplingParams.defaults();
        rejects("temperature", () -> d.withTemperature(-0.1f));
        rejects("temperature", () -> d.withTemperature(Float.NaN));
        rejects("temperature", () -> d.withTemperature(Float.POSITIVE_INFINITY));
        rejects("topK", () -> d.withTopK(-1));
        rejects("topP", () -> d.withTopP(0f));
        rejects("topP", () -> d.withTopP(1.01f));
        rejects("topP", () -> d.withTopP(Float.NaN));
        rejects("minP", () -> d.withMinP(-0.01f));
        rejects("minP", () -> d.withMinP(1.5f));
        rejects("repeatPenalty", () -> d.withRepeatPenalty(0f, 64));
        rejects("repeatLastN", () -> d.withRepeatPenalty(1.1f, -1));
        rejects("presencePenalty", () -> d.withPresencePenalty(Float.NaN));
        rejects("frequencyPenalty", () -> d.withFrequencyPenalty(Float.NEGATIVE_INFINITY));
    }

    @Test
    void edgeValuesAreAccepted() {
        SamplingParams d = SamplingParams.defaults();
        assertEquals(1f, d.withTopP(1f).topP());
        assertEquals(0f, d.withMinP(0f).minP());
        assertEquals(1f, d.withMinP(1f).minP());
        assertEquals(0, d.withTopK(0).topK());
        assertEquals(-2f, d.withPresencePenalty(-2f).presencePenalty());
    }
}
