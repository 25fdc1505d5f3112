package io.infer.tokenizer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On a byte vocabulary (token id = byte), so any byte sequence can be fed one byte per token. */
class StreamingDecoderTest {

    private final Qwen2Tokenizer bytes = new ToyVocab().build(-1);

    private static int[] ids(byte[] b) {
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xff;
        }
        return ids;
    }

    @Test
    void holdsIncompleteCharactersBack() {
        StreamingDecoder d = bytes.newStreamingDecoder();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertEquals("a", d.next('a'));
        assertEquals("", d.next(euro[0] & 0xff));
        assertTrue(d.hasPending());
        assertEquals("", d.next(euro[1] & 0xff));
        assertEquals("€", d.next(euro[2] & 0xff));
        assertFalse(d.hasPending());
        byte[] llama = "🦙".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            assertEquals("", d.next(llama[i] & 0xff));
        }
        assertEquals("🦙", d.next(llama[3] & 0xff));
        assertEquals("", d.flush());
    }

    @Test
    void bytesThatCanNeverCompleteBecomeReplacementCharacters() {
        StreamingDecoder d = bytes.newStreamingDecoder();
        assertEquals("\uFFFD", d.next(0xFF));
        assertEquals("", d.next(0xE2));
        assertEquals("", d.next(0x82));
        assertEquals("\uFFFDb", d.next('b')); // E2 82 cut short: one U+FFFD, then the b
        assertEquals("\uFFFD", d.next(0x80)); // a lone continuation byte
        assertEquals("", d.next(0xF0));
        assertEquals("", d.next(0x9F));
        assertEquals("\uFFFD", d.flush()); // end of stream with a sequence still open
        assertEquals("", d.flush());
        assertEquals("\uFFFD\uFFFD", d.next(0xC0) + d.next(0xAF)); // overlong lead: never valid
        assertEquals("\uFFFD", d.next(0xED) + d.next(0xA0) + d.next(0x80)); // an encoded surrogate, one unit
        assertEquals("\uD55C", d.next(0xED) + d.next(0x95) + d.next(0x9C)); // U+D55C, just below the surrogates
    }

    @Test
    void streamedTextEqualsWholeDecodeForRandomBytes() {
        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> pieces = new ArrayList<>();
        for (String s : new String[] {"a", "é", "€", "中", "🦙", "\n"}) {
            pieces.add(s.getBytes(StandardCharsets.UTF_8));
        }
        // ill-formed: encoded surrogate, above U+10FFFF, overlong, bad lead, truncated
        for (int[] bad : new int[][] {{0xED, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xE0, 0x80},
                {0xC0, 0xAF}, {0xF0, 0x9F, 0x98}, {0xE4, 0xB8}, {0xF8}}) {
            byte[] b = new byte[bad.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) bad[i];
            }
            pieces.add(b);
        }
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(20)];
            int filled = 0;
            while (filled < b.length) {
                if (random.nextInt(3) == 0) {
                    b[filled++] = (byte) random.nextInt(256);
                } else {
                    byte[] p = pieces.get(random.nextInt(pieces.size()));
                    for (int i = 0; i < p.length && filled < b.length; i++) {
                        b[filled++] = p[i];
                    }
                }
            }
            StreamingDecoder d = bytes.newStreamingDecoder();
            StringBuilder out = new StringBuilder();
            for (int id : ids(b)) {
                out.append(d.next(id));
            }
            out.append(d.flush());
            assertEquals(new String(b, StandardCharsets.UTF_8), out.toString(), () -> java.util.HexFormat.of()
                    .formatHex(b));
        }
    }

    @Test
    void validTextComesOutAsSoonAsEachCharacterIsComplete() {
        String text = "aé€中🦙z";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        StreamingDecoder d = bytes.newStreamingDecoder();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            out.append(d.next(b[i] & 0xff));
            // everything fully received so far, and nothing more
            String expected = new String(b, 0, i + 1, StandardCharsets.UTF_8).replace("\uFFFD", "");
            assertEquals(expected, out.toString());
        }
        assertEquals(text, out.toString());
    }

    @Test
    void resetDropsHeldBytes() {
        StreamingDecoder d = bytes.newStreamingDecoder();
        d.next(0xE2);
        d.reset();
        assertEquals("x", d.next('x'));
    }
}
