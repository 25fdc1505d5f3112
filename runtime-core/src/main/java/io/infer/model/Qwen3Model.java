package io.infer.model;

import io.infer.gguf.GgufFile;
import io.infer.gguf.GgufTensor;
import io.infer.tensor.GgmlType;
import io.infer.tokenizer.Qwen2Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Qwen3 model: the mmapped GGUF, its hyperparameters and tensors, and its tokenizer. This class is the only
 * place that knows the GGUF key names of the architecture.
 */
public final class Qwen3Model implements AutoCloseable {

    private final GgufFile gguf;
    private final Qwen3Config config;
    private final Qwen3Weights weights;
    private final String name;
    private Qwen2Tokenizer tokenizer;

    private Qwen3Model(GgufFile gguf) {
        this.gguf = gguf;
        this.config = readConfig(gguf);
        this.weights = readWeights(gguf, config);
        this.name = gguf.has("general.name") ? gguf.getString("general.name") : stripExtension(gguf.path().getFileName().toString());
    }

    /**
     * Opens and validates a model. Architectures other than qwen3, missing tensors, wrong shapes and
     * unsupported quant types are refused here with a message naming the problem.
     */
    public static Qwen3Model load(Path path) throws IOException {
        GgufFile f = GgufFile.open(path);
        try {
            return new Qwen3Model(f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    public GgufFile gguf() {
        return gguf;
    }

    public Path path() {
        return gguf.path();
    }

    public Qwen3Config config() {
        return config;
    }

    public Qwen3Weights weights() {
        return weights;
    }

    public String name() {
        return name;
    }

    /** The tokenizer from the file's metadata, built on first use (a 150k vocabulary takes a moment). */
    public synchronized Qwen2Tokenizer tokenizer() {
        if (tokenizer == null) {
            tokenizer = Qwen2Tokenizer.fromGguf(gguf);
        }
        return tokenizer;
    }

    /** The Jinja chat template stored in the file, or null. */
    public String chatTemplate() {
        return gguf.has("tokenizer.chat_template") ? gguf.getString("tokenizer.chat_template") : null;
    }

    /** Parameter count: the elements of every tensor in the file. */
    public long parameterCount() {
        long n = 0;
        for (GgufTensor t : gguf.tensors()) {
            n += t.elementCount();
        }
        return n;
    }

    @Override
    public void close() {
        gguf.close();
    }

    static Qwen3Config readConfig(GgufFile f) {
        String arch = f.has("general.architecture") ? f.getString("general.architecture") : "(none)";
        if (!arch.equals("qwen3")) {
            throw new IllegalArgumentException("unsupported model architecture '" + arch + "' in " + f.path()
                    + ": infer runs qwen3 models");
        }
        String p = arch + ".";
        int nEmbd = f.getInt(p + "embedding_length");
        int nHead = f.getInt(p + "attention.head_count");
        int headDim = f.has(p + "attention.key_length") ? f.getInt(p + "attention.key_length") : nEmbd / nHead;
        int valueDim = f.has(p + "attention.value_length") ? f.getInt(p + "attention.value_length") : headDim;
        GgufTensor embd = f.tensor("token_embd.weight");
        if (embd == null) {
            throw new IllegalArgumentException("tensor 'token_embd.weight' is missing in " + f.path());
        }
        int vocab = embd.rows();
        return new Qwen3Config(
                arch,
                f.getInt(p + "block_count"),
                nEmbd,
                f.getInt(p + "feed_forward_length"),
                nHead,
                f.has(p + "attention.head_count_kv") ? f.getInt(p + "attention.head_count_kv") : nHead,
                headDim,
                valueDim,
                f.getFloat(p + "attention.layer_norm_rms_epsilon", 1e-6f),
                f.getFloat(p + "rope.freq_base", 1_000_000f),
                f.has(p + "context_length") ? f.getInt(p + "context_length") : 4096,
                vocab,
                f.tensor("output.weight") == null);
    }

    static Qwen3Weights readWeights(GgufFile f, Qwen3Config c) {
        int d = c.embeddingLength();
        GgufTensor embd = matrix(f, "token_embd.weight", d, c.vocabSize());
        GgufTensor output = c.tiedOutput() ? embd : matrix(f, "output.weight", d, c.vocabSize());
        Qwen3Weights.Layer[] layers = new Qwen3Weights.Layer[c.blockCount()];
        for (int i = 0; i < layers.length; i++) {
            String b = "blk." + i + ".";
            layers[i] = new Qwen3Weights.Layer(
                    vector(f, b + "attn_norm.weight", d),
                    matrix(f, b + "attn_q.weight", d, c.qDim()),
                    matrix(f, b + "attn_k.weight", d, c.kvDim()),
                    matrix(f, b + "attn_v.weight", d, c.vDim()),
                    vector(f, b + "attn_q_norm.weight", c.headDim()),
                    vector(f, b + "attn_k_norm.weight", c.headDim()),
                    matrix(f, b + "attn_output.weight", c.headCount() * c.valueDim(), d),
                    vector(f, b + "ffn_norm.weight", d),
                    matrix(f, b + "ffn_gate.weight", d, c.feedForwardLength()),
                    matrix(f, b + "ffn_up.weight", d, c.feedForwardLength()),
                    matrix(f, b + "ffn_down.weight", c.feedForwardLength(), d));
        }
        return new Qwen3Weights(embd, vector(f, "output_norm.weight", d), output, layers);
    }

    private static GgufTensor require(GgufFile f, String name) {
        GgufTensor t = f.tensor(name);
        if (t == null) {
            throw new IllegalArgumentException("tensor '" + name + "' is missing in " + f.path());
        }
        if (!t.type().supported()) {
            throw new IllegalArgumentException("tensor '" + name + "' has type " + t.type()
                    + ", which infer cannot compute with (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K)");
        }
        return t;
    }

    private static GgufTensor matrix(GgufFile f, String name, int cols, int rows) {
        GgufTensor t = require(f, name);
        if (t.shape().length != 2 || t.shape()[0] != cols || t.shape()[1] != rows) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected [" + cols + ", " + rows + "]");
        }
        return t;
    }

    private static GgufTensor vector(GgufFile f, String name, int n) {
        GgufTensor t = require(f, name);
        if (t.elementCount() != n || t.type() != GgmlType.F32) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + t.type() + " " + Arrays.toString(t.shape())
                    + ", expected F32 [" + n + "]");
        }
        return t;
    }

    private static String stripExtension(String file) {
        return file.endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
    }
}
