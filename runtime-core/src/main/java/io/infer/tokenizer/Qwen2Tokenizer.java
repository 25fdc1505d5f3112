package io.infer.tokenizer;

import io.infer.gguf.GgufFile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Qwen2/Qwen3 byte-level BPE tokenizer, bit-compatible with llama.cpp's {@code gpt2} vocabulary with the
 * {@code qwen2} pre-tokenizer.
 *
 * <p>Encoding: (1) special-token partition: every control / user-defined token is cut out of the text, longest
 * token first, as llama.cpp does; control tokens only when {@code parseSpecial}, user-defined tokens
 * ({@code <think>}, {@code <tool_call>}, ...) always, because llama.cpp (like Hugging Face for non-special added
 * tokens) matches them even without special parsing. (2) {@link Qwen2PreTokenizer} splits the rest into words.
 * (3) Each word's UTF-8 bytes become byte symbols that are merged by rank, lowest rank then leftmost first.
 * Results are cached per word.
 *
 * <p>Instances are immutable apart from the word cache (concurrent) and safe to share between threads.
 */
public final class Qwen2Tokenizer {

    /** Words kept in the BPE cache before it is emptied and refilled. */
    private static final int CACHE_LIMIT = 1 << 16;

    private final String[] tokens;
    private final byte[] types;
    private final Map<String, Integer> idOf;
    private final byte[][] bytesOf;
    /** Token id of each single byte, -1 where the vocabulary lacks it. */
    private final int[] byteToken = new int[256];
    private final MergeTable merges;
    private final int unresolvedMerges;
    /** Control and user-defined tokens, longest text first: the order the partition tries them. */
    private final int[] specials;
    private final int eosId;
    private final int imEndId;
    private final int endOfTextId;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param tokens     vocabulary in id order, in byte-level spelling ({@code "Ġthe"}); specials as plain text
     * @param merges     BPE merges {@code "left right"}, rank = index
     * @param tokenTypes GGUF token types per id (1 normal, 3 control, 4 user-defined, 5 unused...), or null for
     *                   all normal
     * @param eosId      end-of-sequence id, or -1 if none
     */
    public Qwen2Tokenizer(String[] tokens, String[] merges, int[] tokenTypes, int eosId) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("empty vocabulary");
        }
        if (tokenTypes != null && tokenTypes.length != tokens.length) {
            throw new IllegalArgumentException(
                    "token_type has " + tokenTypes.length + " entries for " + tokens.length + " tokens");
        }
        if (eosId < -1 || eosId >= tokens.length) {
            throw new IllegalArgumentException("eos id " + eosId + " outside the vocabulary of " + tokens.length);
        }
        this.tokens = tokens.clone();
        this.types = new byte[tokens.length];
        this.idOf = HashMap.newHashMap(tokens.length);
        this.bytesOf = new byte[tokens.length][];
        int specialCount = 0;
        for (int id = 0; id < tokens.length; id++) {
            TokenType type = tokenTypes == null ? TokenType.NORMAL : TokenType.of(tokenTypes[id]);
            types[id] = (byte) type.code();
            idOf.put(tokens[id], id); // duplicates: the last id wins, as in llama.cpp
            bytesOf[id] = bytesOf(tokens[id], type);
            if (isSpecialType(type) && !tokens[id].isEmpty()) {
                specialCount++;
            }
        }
        for (int b = 0; b < 256; b++) {
            byteToken[b] = tokenId(String.valueOf(ByteLevel.charOf(b)));
        }

        this.merges = new MergeTable(merges.length);
        int unresolved = 0;
        for (int rank = 0; rank < merges.length; rank++) {
            String m = merges[rank];
            int sp = m.indexOf(' ', 1);
            if (sp < 0) {
                unresolved++;
                continue;
            }
            String left = m.substring(0, sp);
            String right = m.substring(sp + 1);
            int l = tokenId(left);
            int r = tokenId(right);
            int merged = tokenId(left + right);
            // Symbols are tracked by id, so a merge whose parts or result are not tokens cannot take part.
            // Qwen's merges all resolve (checked by the tests).
            if (l < 0 || r < 0 || merged < 0) {
                unresolved++;
                continue;
            }
            this.merges.put(l, r, rank, merged);
        }
        this.unresolvedMerges = unresolved;

        Integer[] sp = new Integer[specialCount];
        int k = 0;
        for (int id = 0; id < tokens.length; id++) {
            if (isSpecialType(TokenType.of(types[id])) && !tokens[id].isEmpty()) {
                sp[k++] = id;
            }
        }
        Arrays.sort(sp, (a, b) -> bytesOf[a].length != bytesOf[b].length
                ? Integer.compare(bytesOf[b].length, bytesOf[a].length) : Integer.compare(a, b));
        this.specials = Arrays.stream(sp).mapToInt(Integer::intValue).toArray();

        this.eosId = eosId;
        this.imEndId = tokenId("<|im_end|>");
        this.endOfTextId = tokenId("<|endoftext|>");
    }

    /**
     * Builds the tokenizer from {@code tokenizer.ggml.*} metadata. Requires model {@code gpt2} (when given) and a
     * pre-tokenizer llama.cpp runs with the Qwen2 regex ({@code qwen2}, {@code deepseek-r1-qwen}; absent is taken
     * as qwen2).
     */
    public static Qwen2Tokenizer fromGguf(GgufFile gguf) {
        if (gguf.has("tokenizer.ggml.model") && !"gpt2".equals(gguf.getString("tokenizer.ggml.model"))) {
            throw new IllegalArgumentException("tokenizer.ggml.model is '" + gguf.getString("tokenizer.ggml.model")
                    + "', Qwen2Tokenizer needs a byte-level BPE ('gpt2') vocabulary");
        }
        if (gguf.has("tokenizer.ggml.pre")) {
            String pre = gguf.getString("tokenizer.ggml.pre");
            if (!pre.equals("qwen2") && !pre.equals("deepseek-r1-qwen")) {
                throw new IllegalArgumentException("tokenizer.ggml.pre is '" + pre
                        + "', Qwen2Tokenizer implements only the qwen2 pre-tokenizer");
            }
        }
        String[] tokens = gguf.getStringArray("tokenizer.ggml.tokens");
        String[] merges = gguf.has("tokenizer.ggml.merges") ? gguf.getStringArray("tokenizer.ggml.merges")
                : new String[0];
        int[] types = gguf.has("tokenizer.ggml.token_type") ? gguf.getIntArray("tokenizer.ggml.token_type") : null;
        int eos = gguf.has("tokenizer.ggml.eos_token_id") ? (int) gguf.getLong("tokenizer.ggml.eos_token_id") : -1;
        return new Qwen2Tokenizer(tokens, merges, types, eos);
    }

    private static boolean isSpecialType(TokenType type) {
        return type == TokenType.CONTROL || type == TokenType.USER_DEFINED;
    }

    /** What {@link #tokenBytes} returns, following llama.cpp's token_to_piece (with special tokens rendered). */
    private static byte[] bytesOf(String text, TokenType type) {
        return switch (type) {
            case CONTROL, USER_DEFINED, UNKNOWN -> text.getBytes(StandardCharsets.UTF_8);
            case UNUSED -> new byte[0];
            case BYTE -> parseByteToken(text);
            case NORMAL, UNDEFINED -> ByteLevel.decode(text);
        };
    }

    private static byte[] parseByteToken(String text) {
        if (text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            try {
                return new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
            } catch (NumberFormatException ignored) {
                // not a byte token after all: fall through to its text
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- vocabulary

    public int vocabSize() {
        return tokens.length;
    }

    /** The end-of-sequence id from the metadata, or -1. */
    public int eosId() {
        return eosId;
    }

    /** The id of {@code <|im_end|>} (end of a chat turn), or -1. */
    public int imEndId() {
        return imEndId;
    }

    /** True for ids that end generation: EOS, {@code <|im_end|>} and {@code <|endoftext|>}. */
    public boolean isEndOfGeneration(int id) {
        return id >= 0 && (id == eosId || id == imEndId || id == endOfTextId);
    }

    /** Control ({@code <|im_start|>}) and user-defined ({@code <think>}) tokens. */
    public boolean isSpecial(int id) {
        return isSpecialType(tokenType(id));
    }

    /** Control tokens only: the ones chat renderers hide and {@code parseSpecial=false} never produces. */
    public boolean isControl(int id) {
        return tokenType(id) == TokenType.CONTROL;
    }

    public TokenType tokenType(int id) {
        checkId(id);
        return TokenType.of(types[id]);
    }

    /** The vocabulary entry as stored: byte-level spelling for normal tokens ({@code "Ġthe"}). */
    public String tokenText(int id) {
        checkId(id);
        return tokens[id];
    }

    /** The id of an exact vocabulary entry (byte-level spelling for normal tokens), or -1 if absent. */
    public int tokenId(String text) {
        Integer id = idOf.get(text);
        return id == null ? -1 : id;
    }

    /**
     * The raw bytes this token stands for: byte-level unmapped for normal tokens, the UTF-8 text for control and
     * user-defined tokens, nothing for unused padding entries. A fresh copy.
     */
    public byte[] tokenBytes(int id) {
        checkId(id);
        return bytesOf[id].clone();
    }

    /** The internal bytes of a token; callers must not modify them. */
    byte[] bytesView(int id) {
        checkId(id);
        return bytesOf[id];
    }

    int unresolvedMerges() {
        return unresolvedMerges;
    }

    int mergeCount() {
        return merges.size();
    }

    private void checkId(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + tokens.length);
        }
    }

    // ---------------------------------------------------------------- decoding

    /** Concatenates the tokens' bytes and decodes them as UTF-8 (malformed sequences become U+FFFD). */
    public String decode(int[] ids) {
        return decode(ids, 0, ids.length);
    }

    public String decode(int[] ids, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += bytesView(ids[i]).length;
        }
        byte[] all = new byte[n];
        n = 0;
        for (int i = from; i < to; i++) {
            byte[] b = bytesOf[ids[i]];
            System.arraycopy(b, 0, all, n, b.length);
            n += b.length;
        }
        return new String(all, StandardCharsets.UTF_8);
    }

    /** A decoder for one generation stream that only ever returns whole characters. Not thread-safe. */
    public StreamingDecoder newStreamingDecoder() {
        return new StreamingDecoder(this);
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Token ids for {@code text}. With {@code parseSpecial}, control-token texts such as {@code <|im_start|>}
     * become their ids; without it they are tokenized as plain text. User-defined tokens ({@code <think>}) are
     * matched either way, as llama.cpp does. No BOS is added.
     */
    public int[] encode(String text, boolean parseSpecial) {
        Encoding enc = new Encoding(text);
        int[] frags = partition(text, parseSpecial);
        for (int i = 0; i < frags.length; i += 3) {
            if (frags[i + 2] >= 0) {
                enc.add(frags[i + 2]);
            } else {
                Qwen2PreTokenizer.split(text, frags[i], frags[i + 1], enc);
            }
        }
        return Arrays.copyOf(enc.out, enc.n);
    }

    /**
     * Cuts special tokens out of the text: (start, end, id) triples in text order, id -1 for plain text. Like
     * llama.cpp, each special token in turn (longest first) splits every plain fragment left by the previous ones.
     */
    private int[] partition(String text, boolean parseSpecial) {
        int[] frags = text.isEmpty() ? new int[0] : new int[] {0, text.length(), -1};
        for (int sid : specials) {
            if (!parseSpecial && types[sid] != TokenType.USER_DEFINED.code()) {
                continue;
            }
            String st = tokens[sid];
            int[] out = null;
            int n = 0;
            for (int f = 0; f < frags.length; f += 3) {
                int start = frags[f];
                int end = frags[f + 1];
                int at = frags[f + 2] < 0 ? text.indexOf(st, start, end) : -1;
                if (at < 0) {
                    if (out != null) {
                        out = put(out, n, start, end, frags[f + 2]);
                        n += 3;
                    }
                    continue;
                }
                if (out == null) {
                    out = Arrays.copyOf(frags, frags.length + 12);
                    n = f;
                }
                int from = start;
                for (; at >= 0; at = text.indexOf(st, from, end)) {
                    if (at > from) {
                        out = put(out, n, from, at, -1);
                        n += 3;
                    }
                    out = put(out, n, at, at + st.length(), sid);
                    n += 3;
                    from = at + st.length();
                }
                if (from < end) {
                    out = put(out, n, from, end, -1);
                    n += 3;
                }
            }
            if (out != null) {
                frags = Arrays.copyOf(out, n);
            }
        }
        return frags;
    }

    private static int[] put(int[] a, int n, int start, int end, int id) {
        if (n + 3 > a.length) {
            a = Arrays.copyOf(a, a.length * 2 + 3);
        }
        a[n] = start;
        a[n + 1] = end;
        a[n + 2] = id;
        return a;
    }

    /** Per-call scratch: the output and the BPE working arrays, grown as words need. */
    private final class Encoding implements Qwen2PreTokenizer.Sink {
        private final String text;
        int[] out = new int[64];
        int n;
        private byte[] utf8 = new byte[64];
        private int[] sym = new int[64];
        private int[] prev = new int[64];
        private int[] next = new int[64];
        private long[] heap = new long[192];
        private int heapSize;

        Encoding(String text) {
            this.text = text;
        }

        void add(int id) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = id;
        }

        @Override
        public void word(int start, int end) {
            char c = text.charAt(start);
            if (end - start == 1 && c < 128) {
                if (byteToken[c] >= 0) {
                    add(byteToken[c]);
                }
                return;
            }
            String word = text.substring(start, end);
            int[] ids = cache.get(word);
            if (ids == null) {
                ids = bpe(word);
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(word, ids);
            }
            for (int id : ids) {
                add(id);
            }
        }

        private int[] bpe(String word) {
            int len = toUtf8(word);
            if (sym.length < len) {
                int cap = Math.max(len, sym.length * 2);
                sym = new int[cap];
                prev = new int[cap];
                next = new int[cap];
                heap = new long[cap * 3];
            }
            for (int i = 0; i < len; i++) {
                sym[i] = byteToken[utf8[i] & 0xff];
                prev[i] = i - 1;
                next[i] = i + 1 < len ? i + 1 : -1;
            }
            heapSize = 0;
            for (int i = 0; i + 1 < len; i++) {
                offer(i);
            }
            while (heapSize > 0) {
                long top = poll();
                int rank = (int) (top >>> 32);
                int left = (int) top;
                int right = next[left];
                // Entries go stale when a neighbour merges; the pair's current rank tells whether this is still
                // the same merge (a rank names exactly one pair).
                if (prev[left] == -2 || right < 0 || pairValue(left, right) >>> 32 != rank) {
                    continue;
                }
                sym[left] = (int) pairValue(left, right);
                int after = next[right];
                next[left] = after;
                if (after >= 0) {
                    prev[after] = left;
                }
                prev[right] = -2; // dead
                if (prev[left] >= 0) {
                    offer(prev[left]);
                }
                offer(left);
            }
            int count = 0;
            for (int i = 0; i >= 0; i = next[i]) {
                if (sym[i] >= 0) {
                    count++;
                }
            }
            int[] ids = new int[count];
            count = 0;
            for (int i = 0; i >= 0; i = next[i]) {
                if (sym[i] >= 0) {
                    ids[count++] = sym[i];
                }
            }
            return ids;
        }

        private long pairValue(int left, int right) {
            int l = sym[left];
            int r = sym[right];
            return l < 0 || r < 0 ? -1L : merges.get(l, r);
        }

        /** Queues the pair starting at symbol {@code left} if it merges. Heap order: rank, then position. */
        private void offer(int left) {
            int right = next[left];
            if (right < 0) {
                return;
            }
            long v = pairValue(left, right);
            if (v < 0) {
                return;
            }
            long key = (v & 0xffffffff00000000L) | left;
            int i = heapSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= key) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = key;
        }

        private long poll() {
            long top = heap[0];
            long last = heap[--heapSize];
            int i = 0;
            int half = heapSize >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < heapSize && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (last <= heap[child]) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }

        /** UTF-8 of the word into {@code utf8}; an unpaired surrogate becomes U+FFFD. Returns the length. */
        private int toUtf8(String s) {
            int max = s.length() * 3;
            if (utf8.length < max) {
                utf8 = new byte[Math.max(max, utf8.length * 2)];
            }
            byte[] b = utf8;
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[n++] = (byte) c;
                } else if (c < 0x800) {
                    b[n++] = (byte) (0xC0 | (c >> 6));
                    b[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[n++] = (byte) (0xF0 | (cp >> 18));
                    b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[n++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                    b[n++] = (byte) (0xE0 | (cp >> 12));
                    b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[n++] = (byte) (0x80 | (cp & 0x3F));
                }
            }
            return n;
        }
    }
}
