package io.infer.engine;

import java.util.List;

/**
 * Finds stop strings in streamed text, across token boundaries: text that ends with the beginning of a stop
 * string is held back until the following text shows whether the stop string completes.
 */
final class StopMatcher {

    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private String matched;

    StopMatcher(List<String> stops) {
        this.stops = stops;
    }

    /** Adds decoded text; returns the part that is now final (possibly empty). After a match, returns "". */
    String push(String text) {
        if (matched != null) {
            return "";
        }
        if (stops.isEmpty()) {
            return text;
        }
        pending.append(text);
        int at = -1;
        for (String s : stops) {
            int i = pending.indexOf(s);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
                matched = s;
            }
        }
        if (at >= 0) {
            String out = pending.substring(0, at);
            pending.setLength(0);
            return out;
        }
        int hold = 0;
        for (String s : stops) {
            hold = Math.max(hold, overlap(pending, s));
        }
        int release = pending.length() - hold;
        if (release == 0) {
            return "";
        }
        String out = pending.substring(0, release);
        pending.delete(0, release);
        return out;
    }

    /** Releases what was held back (the output ended without completing a stop string). */
    String flush() {
        String out = pending.toString();
        pending.setLength(0);
        return out;
    }

    /** The stop string found, or null. */
    String matched() {
        return matched;
    }

    /** Length of the longest proper prefix of {@code stop} that {@code text} ends with. */
    private static int overlap(CharSequence text, String stop) {
        int max = Math.min(text.length(), stop.length() - 1);
        for (int k = max; k > 0; k--) {
            boolean ok = true;
            int base = text.length() - k;
            for (int i = 0; i < k; i++) {
                if (text.charAt(base + i) != stop.charAt(i)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return k;
            }
        }
        return 0;
    }
}
