package io.infer.tokenizer;

/**
 * GPT-2's reversible byte-to-character map ({@code bytes_to_unicode}): printable Latin-1 bytes stand for
 * themselves, the other 68 bytes are shifted to U+0100..U+0143 so that every vocabulary entry is printable text.
 * All 256 characters are in the BMP, so one byte is always one Java {@code char}.
 */
final class ByteLevel {

    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by char; -1 where the char is not one of the 256 byte characters. */
    private static final short[] CHAR_TO_BYTE = new short[0x144];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + shifted++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteLevel() {
    }

    static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xff];
    }

    /** The byte a character stands for, or -1 if the character is not a byte character. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The byte-level spelling of raw bytes (what the vocabulary stores). */
    static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xff];
        }
        return new String(out);
    }

    /**
     * Raw bytes of a vocabulary entry. A character outside the byte map cannot come from byte-level BPE; it is
     * kept as its own UTF-8 so nothing is silently dropped.
     */
    static byte[] decode(String text) {
        byte[] out = new byte[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int b = byteOf(c);
            if (b >= 0) {
                out[n++] = (byte) b;
            } else {
                byte[] raw = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    raw = text.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    i++;
                }
                if (n + raw.length > out.length) {
                    out = java.util.Arrays.copyOf(out, n + raw.length + text.length() - i);
                }
                System.arraycopy(raw, 0, out, n, raw.length);
                n += raw.length;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
