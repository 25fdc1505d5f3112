package io.infer.tokenizer;

/**
 * Splits text into the words BPE runs on, exactly as llama.cpp's Qwen2 pre-tokenizer regex
 * <pre>
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 * would, but as a single forward scan over code points (linear time; {@code java.util.regex} backtracks on the
 * look-ahead over long whitespace runs). Alternatives are tried in order, first match wins, as in ECMAScript
 * regex and llama.cpp's {@code unicode_regex_split_custom_qwen2}.
 *
 * <p>Classes follow llama.cpp: {@code \p{L}} is general category L*, {@code \p{N}} is N*, and {@code \s} is the
 * Unicode White_Space set (ASCII \t \n \v \f \r and space, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028,
 * U+2029, U+202F, U+205F, U+3000); everything else (punctuation, symbols, controls, marks) is "other".
 */
final class Qwen2PreTokenizer {

    /** Receives each word as a [start, end) range of UTF-16 indices into the text. */
    interface Sink {
        void word(int start, int end);
    }

    static final int OTHER = 0;
    static final int LETTER = 1;
    static final int NUMBER = 2;
    static final int SPACE = 3;
    /** Past the end of the fragment: matches no class. */
    private static final int NONE = -1;

    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            int cls = OTHER;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                cls = LETTER;
            } else if (c >= '0' && c <= '9') {
                cls = NUMBER;
            } else if (c == ' ' || (c >= '\t' && c <= '\r')) {
                cls = SPACE;
            }
            ASCII_CLASS[c] = (byte) cls;
        }
    }

    private Qwen2PreTokenizer() {
    }

    static int classOf(int cp) {
        if (cp < 128) {
            return ASCII_CLASS[cp];
        }
        if (isUnicodeSpace(cp)) {
            return SPACE;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            default -> OTHER;
        };
    }

    private static boolean isUnicodeSpace(int cp) {
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
                || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    private static int classAt(String t, int i, int end) {
        if (i >= end) {
            return NONE;
        }
        char c = t.charAt(i);
        return c < 128 ? ASCII_CLASS[c] : classOf(t.codePointAt(i));
    }

    /** Index after the code point at {@code i}. */
    private static int after(String t, int i) {
        return Character.isHighSurrogate(t.charAt(i)) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))
                ? i + 2 : i + 1;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** Splits {@code text[start, end)} into words, in order, covering the range without gaps. */
    static void split(String t, int start, int end, Sink sink) {
        int pos = start;
        while (pos < end) {
            char c = t.charAt(pos);
            int cls = classAt(t, pos, end);
            int next = after(t, pos);

            // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            if (c == '\'' && next < end) {
                char a = asciiLower(t.charAt(next));
                if (a == 's' || a == 't' || a == 'm' || a == 'd') {
                    sink.word(pos, next + 1);
                    pos = next + 1;
                    continue;
                }
                if (next + 1 < end) {
                    char b = asciiLower(t.charAt(next + 1));
                    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
                        sink.word(pos, next + 2);
                        pos = next + 2;
                        continue;
                    }
                }
            }

            // [^\r\n\p{L}\p{N}]?\p{L}+
            if (c != '\r' && c != '\n' && cls != NUMBER && (cls == LETTER || classAt(t, next, end) == LETTER)) {
                int p = next;
                while (classAt(t, p, end) == LETTER) {
                    p = after(t, p);
                }
                sink.word(pos, p);
                pos = p;
                continue;
            }

            // \p{N}
            if (cls == NUMBER) {
                sink.word(pos, next);
                pos = next;
                continue;
            }

            // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
            int p = c == ' ' ? next : pos;
            if (classAt(t, p, end) == OTHER) {
                do {
                    p = after(t, p);
                } while (classAt(t, p, end) == OTHER);
                while (p < end && (t.charAt(p) == '\r' || t.charAt(p) == '\n')) {
                    p++;
                }
                sink.word(pos, p);
                pos = p;
                continue;
            }

            // Only whitespace is left here: a punctuation-free, letter-free, number-free code point is OTHER.
            int count = 0;
            int lastStart = pos;
            int afterNewline = -1;
            p = pos;
            while (classAt(t, p, end) == SPACE) {
                char w = t.charAt(p);
                lastStart = p;
                p = after(t, p);
                count++;
                if (w == '\r' || w == '\n') {
                    afterNewline = p;
                }
            }
            int stop;
            if (afterNewline >= 0) {
                stop = afterNewline; // \s*[\r\n]+
            } else if (count > 1 && p < end) {
                stop = lastStart; // \s+(?!\S): leave the last space to prefix the next word
            } else if (count > 0) {
                stop = p; // \s+
            } else {
                stop = next; // unreachable: every code point is in one class
            }
            sink.word(pos, stop);
            pos = stop;
        }
    }
}
