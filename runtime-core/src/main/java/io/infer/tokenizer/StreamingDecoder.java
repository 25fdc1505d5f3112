package io.infer.tokenizer;

import java.util.Arrays;

/**
 * Turns a stream of token ids into text without ever splitting a character: a token can end in the middle of a
 * UTF-8 sequence (Qwen spells many CJK characters and emoji as several byte tokens), so the incomplete tail is
 * held back until the next token completes it. Bytes that can never become a character turn into U+FFFD, one
 * per maximal ill-formed subsequence (the Unicode recommendation) except that an encoded surrogate is one unit,
 * exactly as {@code new String(bytes, UTF_8)} does, so the concatenated output equals
 * {@link Qwen2Tokenizer#decode} of the same ids.
 *
 * <p>One instance per generation stream; not thread-safe.
 */
public final class StreamingDecoder {

    private final Qwen2Tokenizer tokenizer;
    private byte[] pending = new byte[16];
    private int length;
    private final StringBuilder text = new StringBuilder();

    StreamingDecoder(Qwen2Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Adds one token; returns the characters it completed (often empty, never a partial character). */
    public String next(int id) {
        byte[] b = tokenizer.bytesView(id);
        if (length + b.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + b.length));
        }
        System.arraycopy(b, 0, pending, length, b.length);
        length += b.length;
        return drain(false);
    }

    /** Returns whatever is held back (an unfinished sequence becomes U+FFFD) and empties the decoder. */
    public String flush() {
        return drain(true);
    }

    /** True while bytes of an unfinished character are held back. */
    public boolean hasPending() {
        return length > 0;
    }

    public void reset() {
        length = 0;
    }

    private String drain(boolean end) {
        text.setLength(0);
        int i = 0;
        while (i < length) {
            int b0 = pending[i] & 0xff;
            if (b0 < 0x80) {
                text.append((char) b0);
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            int cp;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                need = 1;
                cp = b0 & 0x1F;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                need = 2;
                cp = b0 & 0x0F;
                if (b0 == 0xE0) {
                    lo = 0xA0; // no overlong forms
                }
                // ED A0..BF xx encodes a surrogate: like Java's decoder, it is one malformed unit (checked below)
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                need = 3;
                cp = b0 & 0x07;
                if (b0 == 0xF0) {
                    lo = 0x90;
                } else if (b0 == 0xF4) {
                    hi = 0x8F; // nothing above U+10FFFF
                }
            } else {
                text.append('\uFFFD');
                i++;
                continue;
            }
            int j = i + 1;
            boolean broken = false;
            for (int k = 0; k < need; k++, j++) {
                if (j >= length) {
                    if (!end) {
                        // Still completable: keep it for the next token.
                        System.arraycopy(pending, i, pending, 0, length - i);
                        length -= i;
                        return text.toString();
                    }
                    broken = true;
                    break;
                }
                int b = pending[j] & 0xff;
                if (b < lo || b > hi) {
                    broken = true;
                    break;
                }
                cp = (cp << 6) | (b & 0x3F);
                lo = 0x80;
                hi = 0xBF;
            }
            if (broken || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
                text.append('\uFFFD');
                i = j; // the offending byte, if any, starts over
            } else {
                text.appendCodePoint(cp);
                i = j;
            }
        }
        length = 0;
        return text.toString();
    }
}
