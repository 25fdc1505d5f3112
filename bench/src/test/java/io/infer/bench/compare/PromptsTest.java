package io.infer.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsTest {

    @Test
    void onePromptPerNonBlankLine_withEscapedNewlines(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("p.txt"), "first\n\n  \nsecond line\\nand more\n日本語\n");
        assertEquals(List.of("first", "second line\nand more", "日本語"), Prompts.fromFile(f));
    }

    @Test
    void emptyFileIsAnError(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("p.txt"), "\n \n");
        assertThrows(IOException.class, () -> Prompts.fromFile(f));
    }

    @Test
    void configRejectsNonsense() {
        List<Target> t = List.of(Target.parse("infer=http://h:1"));
        CompareConfig c = CompareConfig.defaults(t);
        assertThrows(IllegalArgumentException.class, () -> c.withConcurrency(List.of(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> c.withRuns(0));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxTokens(0));
        assertThrows(IllegalArgumentException.class, () -> c.withPrompts(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> CompareConfig.defaults(List.of(Target.parse("a=http://h:1"), Target.parse("a=http://h:2"))));
        assertEquals(512, c.maxTokens());
        assertEquals(0.8, c.temperature());
    }
}
