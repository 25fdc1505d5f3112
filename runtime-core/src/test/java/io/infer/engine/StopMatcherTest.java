package io.infer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {

    private static String feed(StopMatcher m, String... pieces) {
        StringBuilder out = new StringBuilder();
        for (String p : pieces) {
            out.append(m.push(p));
        }
        return out.toString();
    }

    @Test
    void stopSplitAcrossPiecesIsFoundAndCut() {
        StopMatcher m = new StopMatcher(List.of("\n\nUser:"));
        assertEquals("Hello", feed(m, "Hel", "lo\n", "\nUs", "er: more"));
        assertEquals("\n\nUser:", m.matched());
        assertEquals("", m.push("after"));
    }

    @Test
    void possibleStartIsHeldThenReleased() {
        StopMatcher m = new StopMatcher(List.of("END"));
        assertEquals("abc", m.push("abcE"));
        assertEquals("", m.push("N"));
        assertEquals("ENx", m.push("x"));
        assertNull(m.matched());
        assertEquals("", m.flush());
        assertEquals("q", m.push("qE"));
        assertEquals("E", m.flush());
    }

    @Test
    void earliestOfSeveralStopsWins() {
        StopMatcher m = new StopMatcher(List.of("world", "lo w"));
        assertEquals("Hel", feed(m, "Hello world"));
        assertEquals("lo w", m.matched());
    }

    @Test
    void noStopsPassesThrough() {
        StopMatcher m = new StopMatcher(List.of());
        assertEquals("abc", m.push("abc"));
        assertEquals("", m.flush());
    }
}
