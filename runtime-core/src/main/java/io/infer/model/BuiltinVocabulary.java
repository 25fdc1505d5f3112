package io.infer.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * The Qwen3 tokenizer (vocabulary, merges, token types, chat template) as a vocabulary-only GGUF shipped inside
 * the jar, so synthetic and demo models can be made without any file from outside.
 */
public final class BuiltinVocabulary {

    private static final String RESOURCE = "qwen3-tokenizer.gguf.gz";

    private BuiltinVocabulary() {
    }

    /** The cache directory: $INFER_CACHE, else ~/.cache/infer. */
    public static Path cacheDir() {
        String env = System.getenv("INFER_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "infer");
    }

    /** Unpacks the vocabulary GGUF into the cache once and returns its path. */
    public static synchronized Path path() {
        Path target = cacheDir().resolve("qwen3-tokenizer.gguf");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (InputStream raw = BuiltinVocabulary.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("built-in vocabulary " + RESOURCE + " is missing from the class path");
            }
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
            try (InputStream in = new GZIPInputStream(raw)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the built-in vocabulary to " + target, e);
        }
    }
}
