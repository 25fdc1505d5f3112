package io.infer.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Qwen2PreTokenizerTest {

    /** llama.cpp's whitespace set (\s of its regex engine), as a character-class body. */
    private static final String WS = "\\t\\n\\x0B\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}"
            + "\\x{202F}\\x{205F}\\x{3000}";

    /** The Qwen2 regex spelled for java.util.regex (backtracking, first alternative wins, like ECMAScript). */
    private static final Pattern QWEN2 = Pattern.compile(
            "'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD]"
                    + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
                    + "|\\p{N}"
                    + "| ?[^" + WS + "\\p{L}\\p{N}]+[\\r\\n]*"
                    + "|[" + WS + "]*[\\r\\n]+"
                    + "|[" + WS + "]+(?![^" + WS + "])"
                    + "|[" + WS + "]+");

    private static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        Qwen2PreTokenizer.split(text, 0, text.length(), (s, e) -> words.add(text.substring(s, e)));
        return words;
    }

    private static List<String> regexSplit(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = QWEN2.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                words.add(text.substring(last, m.start())); // never happens: the regex covers every character
            }
            words.add(m.group());
            last = m.end();
        }
        if (last < text.length()) {
            words.add(text.substring(last));
        }
        return words;
    }

    @Test
    void wordsKeepTheirLeadingSpace() {
        assertEquals(List.of("Hello", " world"), split("Hello world"));
        assertEquals(List.of(" Hello", ",", " world", "!"), split(" Hello, world!"));
    }

    @Test
    void runsOfSpacesLeaveTheLastOneForTheNextWord() {
        assertEquals(List.of(" ", " Hello"), split("  Hello"));
        assertEquals(List.of("   ", " Hello"), split("    Hello"));
        assertEquals(List.of("x", "   "), split("x   "));
        assertEquals(List.of("\t", "\tfoo"), split("\t\tfoo"));
    }

    @Test
    void newlinesEndAWhitespaceRun() {
        assertEquals(List.of("a", " \n\n", " b"), split("a \n\n b"));
        assertEquals(List.of("\n\n\n"), split("\n\n\n"));
        assertEquals(List.of("\t\n"), split("\t\n"));
        assertEquals(List.of("}\n\n", "  ", " x"), split("}\n\n   x"));
    }

    @Test
    void digitsAreSingleAndPunctuationTakesTrailingNewlines() {
        assertEquals(List.of("3", "3", "3"), split("333"));
        assertEquals(List.of("3", ".", "3"), split("3.3"));
        assertEquals(List.of("x", ":\n", "    ", " y"), split("x:\n     y"));
        assertEquals(List.of("a", " ------", " b"), split("a ------ b"));
        assertEquals(List.of(" (", "a", ")"), split(" (a)"));
    }

    @Test
    void contractionsIgnoreAsciiCase() {
        assertEquals(List.of("I", "'ve", " been", " '", "told"), split("I've been 'told"));
        assertEquals(List.of(" '", "RE", " you"), split(" 'RE you"));
        assertEquals(List.of("'RE"), split("'RE"));
        assertEquals(List.of("We", "'Ve", " a", "'lL"), split("We'Ve a'lL"));
        assertEquals(List.of("don", "'t"), split("don't"));
    }

    @Test
    void nonAsciiClasses() {
        assertEquals(List.of("Äpfel"), split("Äpfel"));
        assertEquals(List.of("你好", "，世界"), split("你好，世界")); // punctuation may lead a word
        assertEquals(List.of("你好", "。\n", "世界"), split("你好。\n世界"));
        assertEquals(List.of("\u00A0", "\u00A0x"), split("\u00A0\u00A0x")); // NBSP is whitespace
        assertEquals(List.of("🦙x", " 🦙", " y"), split("🦙x 🦙 y")); // a symbol may lead a word
        assertEquals(List.of("½", "3"), split("½3")); // both \p{N}
    }

    @Test
    void agreesWithTheRegexOnRandomText() {
        String[] pool = {"a", "Z", "s", "t", "R", "e", "l", "L", "d", "m", "v", "é", "中", "ǅ", "ʰ", "𝐀", " ", " ",
                "\n", "\r", "\t", "\u000B", "\f", "\u00A0", "\u3000", "\u0085", "\u2028", "1", "٣", "½", "Ⅻ", "'",
                "'", "!", ".", "-", "😀", "\u0301", "\u0000", "\u001F", "\u200B"};
        SplittableRandom random = new SplittableRandom(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(24);
            for (int i = 0; i < len; i++) {
                sb.append(pool[random.nextInt(pool.length)]);
            }
            String text = sb.toString();
            assertEquals(regexSplit(text), split(text), () -> "text: " + escape(text));
        }
    }

    @Test
    void splitsOnlyTheGivenRange() {
        String text = "xx Hello worldyy";
        List<String> words = new ArrayList<>();
        Qwen2PreTokenizer.split(text, 2, 14, (s, e) -> words.add(text.substring(s, e)));
        assertEquals(List.of(" Hello", " world"), words);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(cp < 0x20 || cp > 0x7e ? String.format("\\u{%x}", cp)
                : Character.toString(cp)));
        return sb.toString();
    }
}
