package io.infer.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ByteLevelTest {

    @Test
    void mapsEveryByteToItsOwnPrintableCharacterAndBack() {
        Set<Character> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevel.charOf(b);
            seen.add(c);
            assertEquals(b, ByteLevel.byteOf(c), "byte " + b);
            assertEquals(false, Character.isWhitespace(c) || Character.isISOControl(c), "printable for byte " + b);
        }
        assertEquals(256, seen.size());
    }

    @Test
    void matchesGpt2Table() {
        assertEquals('A', ByteLevel.charOf('A'));
        assertEquals('~', ByteLevel.charOf('~'));
        assertEquals('\u0120', ByteLevel.charOf(' ')); // Ġ
        assertEquals('\u010A', ByteLevel.charOf('\n')); // Ċ
        assertEquals('\u0100', ByteLevel.charOf(0));
        assertEquals('\u0143', ByteLevel.charOf(0xAD)); // the last shifted byte
        assertEquals('\u00E9', ByteLevel.charOf(0xE9));
        assertEquals(-1, ByteLevel.byteOf('\u0144'));
        assertEquals(-1, ByteLevel.byteOf(' '));
    }

    @Test
    void roundTripsArbitraryBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, ByteLevel.decode(ByteLevel.encode(all)));
        assertEquals("\u0120hello", ByteLevel.encode(" hello".getBytes()));
    }
}
