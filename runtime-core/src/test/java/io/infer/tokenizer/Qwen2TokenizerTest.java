package io.infer.tokenizer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BPE, partition and decoding rules on hand-made vocabularies, where each expected id follows from the rules. */
class Qwen2TokenizerTest {

    @Test
    void lowerRankMergesFirstWhereverItIs() {
        ToyVocab v = new ToyVocab();
        int bc = v.merge("b", "c");
        v.merge("a", "b");
        v.merge("ab", "c");
        Qwen2Tokenizer t = v.build(-1);
        // (b,c) outranks (a,b): "abc" becomes a + bc, and (a, bc) is not a merge.
        assertArrayEquals(new int[] {'a', bc}, t.encode("abc", false));
    }

    @Test
    void mergedSymbolsKeepMerging() {
        ToyVocab v = new ToyVocab();
        v.merge("a", "b");
        v.merge("b", "c");
        int abc = v.merge("ab", "c");
        Qwen2Tokenizer t = v.build(-1);
        assertArrayEquals(new int[] {abc}, t.encode("abc", false));
        assertArrayEquals(new int[] {abc, abc}, t.encode("abcabc", false));
    }

    @Test
    void equalRanksMergeLeftmostFirst() {
        ToyVocab v = new ToyVocab();
        int aa = v.merge("a", "a");
        Qwen2Tokenizer t = v.build(-1);
        assertArrayEquals(new int[] {aa, 'a'}, t.encode("aaa", false));
        assertArrayEquals(new int[] {aa, aa}, t.encode("aaaa", false));
        assertArrayEquals(new int[] {aa, aa, 'a'}, t.encode("aaaaa", false));
    }

    @Test
    void bytesAreMappedBeforeMerging() {
        ToyVocab v = new ToyVocab();
        int spaceA = v.merge("\u0120", "a"); // "Ġa" = " a"
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        int eAcute = v.merge(String.valueOf(ByteLevel.charOf(e[0])), String.valueOf(ByteLevel.charOf(e[1])));
        Qwen2Tokenizer t = v.build(-1);
        assertArrayEquals(new int[] {'b', spaceA}, t.encode("b a", false));
        assertArrayEquals(new int[] {eAcute}, t.encode("é", false));
        // no merge for 😀: its four bytes
        assertArrayEquals(new int[] {0xF0, 0x9F, 0x98, 0x80}, t.encode("😀", false));
        assertEquals(0, t.unresolvedMerges());
    }

    @Test
    void mergesThatDoNotResolveAreCountedAndIgnored() {
        Qwen2Tokenizer t = new Qwen2Tokenizer(new String[] {"a", "b", "ab"}, new String[] {"a b", "a c", "nospace"},
                null, -1);
        assertEquals(2, t.unresolvedMerges());
        assertEquals(1, t.mergeCount());
        assertArrayEquals(new int[] {2}, t.encode("ab", false));
        assertEquals(3, t.vocabSize());
    }

    @Test
    void specialTokensNeedParseSpecialButUserDefinedOnesDoNot() {
        ToyVocab v = new ToyVocab();
        int ctl = v.add("<|s|>", TokenType.CONTROL);
        int user = v.add("<u>", TokenType.USER_DEFINED);
        Qwen2Tokenizer t = v.build(ctl);
        assertArrayEquals(new int[] {ctl, 'x', user}, t.encode("<|s|>x<u>", true));
        int[] plain = t.encode("<|s|>x<u>", false);
        assertArrayEquals(new int[] {'<', '|', 's', '|', '>', 'x', user}, plain);
        assertEquals("<|s|>x<u>", t.decode(plain));
        assertTrue(t.isSpecial(ctl));
        assertTrue(t.isSpecial(user));
        assertTrue(t.isControl(ctl));
        assertFalse(t.isControl(user));
        assertFalse(t.isSpecial('x'));
        assertEquals(ctl, t.eosId());
    }

    @Test
    void longerSpecialTokensAreCutFirst() {
        ToyVocab v = new ToyVocab();
        int a = v.add("<a>", TokenType.CONTROL);
        int ab = v.add("<a><b>", TokenType.CONTROL);
        Qwen2Tokenizer t = v.build(-1);
        assertArrayEquals(new int[] {a, ab, a}, t.encode("<a><a><b><a>", true));
        assertArrayEquals(new int[] {ab, ab}, t.encode("<a><b><a><b>", true));
        assertArrayEquals(new int[] {' ', a, ' '}, t.encode(" <a> ", true));
        assertArrayEquals(new int[0], t.encode("", true));
    }

    @Test
    void specialTokensSplitTheTextBeforePreTokenizing() {
        ToyVocab v = new ToyVocab();
        int spaceB = v.merge("\u0120", "b");
        int end = v.add("<e>", TokenType.CONTROL);
        Qwen2Tokenizer t = v.build(-1);
        // " b" would merge, but the special token sits between the space and the b.
        assertArrayEquals(new int[] {' ', end, 'b', spaceB}, t.encode(" <e>b b", true));
    }

    @Test
    void tokenBytesFollowTheTokenType() {
        ToyVocab v = new ToyVocab();
        int normal = v.merge("\u0120", "a");
        int ctl = v.add("<|im_end|>", TokenType.CONTROL);
        int user = v.add("<think>", TokenType.USER_DEFINED);
        int pad = v.add("[PAD9]", TokenType.UNUSED);
        int byteTok = v.add("<0x41>", TokenType.BYTE);
        Qwen2Tokenizer t = v.build(-1);
        assertArrayEquals(" a".getBytes(StandardCharsets.UTF_8), t.tokenBytes(normal));
        assertArrayEquals("<|im_end|>".getBytes(StandardCharsets.UTF_8), t.tokenBytes(ctl));
        assertArrayEquals("<think>".getBytes(StandardCharsets.UTF_8), t.tokenBytes(user));
        assertArrayEquals(new byte[0], t.tokenBytes(pad));
        assertArrayEquals(new byte[] {'A'}, t.tokenBytes(byteTok));
        assertArrayEquals(new byte[] {(byte) 0xE9}, t.tokenBytes(0xE9));
        assertEquals(ctl, t.imEndId());
        assertTrue(t.isEndOfGeneration(ctl));
        assertEquals(" a<|im_end|><think>A", t.decode(new int[] {normal, ctl, user, pad, byteTok}));
        assertEquals("\u0120a", t.tokenText(normal));
        assertEquals(normal, t.tokenId("\u0120a"));
        assertEquals(-1, t.tokenId("nope"));
        assertEquals(TokenType.UNUSED, t.tokenType(pad));
        t.tokenBytes(normal)[0] = 'X'; // a copy: the vocabulary is unchanged
        assertEquals(" a", t.decode(new int[] {normal}));
    }

    @Test
    void decodingInvalidUtf8GivesReplacementCharacters() {
        Qwen2Tokenizer t = new ToyVocab().build(-1);
        assertEquals("\uFFFDa", t.decode(new int[] {0xE2, 0x82, 'a'}));
        assertEquals("a\uFFFD", t.decode(new int[] {'a', 0xFF}));
    }

    @Test
    void rejectsBadInput() {
        Qwen2Tokenizer t = new ToyVocab().build(-1);
        assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {256}));
        assertThrows(IllegalArgumentException.class, () -> t.tokenBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> t.isSpecial(1000));
        assertThrows(IllegalArgumentException.class,
                () -> new Qwen2Tokenizer(new String[] {"a"}, new String[0], new int[] {1, 1}, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new Qwen2Tokenizer(new String[] {"a"}, new String[0], null, 5));
    }

    @Test
    void roundTripsTextWithoutAnyMerges() {
        Qwen2Tokenizer t = new ToyVocab().build(-1);
        String text = "Hello, wörld! 你好 🦙\n\n\t x  ";
        int[] ids = t.encode(text, false);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, ids.length);
        assertEquals(text, t.decode(ids));
    }
}
