package io.infer.model;

import io.infer.gguf.GgufFile;
import io.infer.gguf.GgufValueType;
import io.infer.gguf.GgufWriter;
import io.infer.tensor.GgmlType;
import io.infer.tensor.QuantSynth;
import io.infer.util.Progress;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Writes random-weight Qwen3 GGUFs with the exact shapes and quant mix of a preset. Valid random quant blocks are
 * written straight into the output mapping (no float weights are quantized), so the 4.7 GB 8B file takes
 * seconds. The tokenizer (and chat template) come from another GGUF, by default the built-in Qwen3 vocabulary.
 */
public final class Qwen3Synth {

    /** The shapes and quant mix of a synthetic model. */
    public enum Preset {
        /** Like the tiny fixture: 2 layers, n_embd 64, F16 weights, tied output. */
        TINY("tiny", 2, 64, 4, 2, 32, 192, true, 4096) {
            @Override
            GgmlType typeOf(String tensor, int layer) {
                return GgmlType.F16;
            }
        },
        /** Like the small fixture: 4 layers, n_embd 256, Q4_K_M mix, tied output. */
        SMALL("small", 4, 256, 4, 2, 64, 768, true, 4096) {
            @Override
            GgmlType typeOf(String tensor, int layer) {
                boolean six = (tensor.equals("attn_v") || tensor.equals("ffn_down")) && layer % 2 == 0;
                return six || tensor.equals("token_embd") ? GgmlType.Q6_K : GgmlType.Q4_K;
            }
        },
        /** Qwen3-8B Q4_K_M exactly: 36 layers, 4096 wide, 32/8 heads, ffn 12288, untied Q6_K output. */
        QWEN3_8B_Q4_K_M("qwen3-8b-q4_k_m", 36, 4096, 32, 8, 128, 12288, false, 40960) {
            private static final Set<Integer> Q6_LAYERS = Set.of(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 31, 32, 33, 34, 35);

            @Override
            GgmlType typeOf(String tensor, int layer) {
                if (tensor.equals("output")) {
                    return GgmlType.Q6_K;
                }
                boolean six = (tensor.equals("attn_v") || tensor.equals("ffn_down")) && Q6_LAYERS.contains(layer);
                return six ? GgmlType.Q6_K : GgmlType.Q4_K;
            }
        };

        public final String id;
        final int layers, embd, heads, kvHeads, headDim, ffn, contextLength;
        final boolean tied;

        Preset(String id, int layers, int embd, int heads, int kvHeads, int headDim, int ffn, boolean tied, int contextLength) {
            this.id = id;
            this.layers = layers;
            this.embd = embd;
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.headDim = headDim;
            this.ffn = ffn;
            this.tied = tied;
            this.contextLength = contextLength;
        }

        /** The type of a matrix by its short name ({@code attn_q}, {@code ffn_down}, {@code output}...); layer -1 for global tensors. */
        abstract GgmlType typeOf(String tensor, int layer);

        public static Preset byId(String id) {
            for (Preset p : values()) {
                if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown preset '" + id + "' (known: tiny, small, qwen3-8b-q4_k_m)");
        }
    }

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Qwen3Synth() {
    }

    /**
     * Writes {@code preset} to {@code out} with the tokenizer of {@code vocab}; {@code seed} makes the weights
     * reproducible.
     */
    public static void write(Preset preset, GgufFile vocab, Path out, long seed, Progress progress) throws IOException {
        int vocabSize = vocab.getStringArray("tokenizer.ggml.tokens").length;
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "qwen3");
        w.putString("general.name", "infer synthetic " + preset.id + " (random weights)");
        w.putUInt32("general.quantization_version", 2);
        w.putUInt32("qwen3.block_count", preset.layers);
        w.putUInt32("qwen3.context_length", preset.contextLength);
        w.putUInt32("qwen3.embedding_length", preset.embd);
        w.putUInt32("qwen3.feed_forward_length", preset.ffn);
        w.putUInt32("qwen3.attention.head_count", preset.heads);
        w.putUInt32("qwen3.attention.head_count_kv", preset.kvHeads);
        w.putUInt32("qwen3.attention.key_length", preset.headDim);
        w.putUInt32("qwen3.attention.value_length", preset.headDim);
        w.putFloat32("qwen3.rope.freq_base", 1_000_000f);
        w.putFloat32("qwen3.attention.layer_norm_rms_epsilon", 1e-6f);
        w.copyMetadata(vocab, "tokenizer.");
        if (!vocab.has("tokenizer.ggml.pre")) {
            w.put("tokenizer.ggml.pre", GgufValueType.STRING, "qwen2");
        }

        long[] counter = {seed};
        int d = preset.embd;
        matrix(w, "token_embd.weight", preset.typeOf("token_embd", -1), d, vocabSize, counter);
        for (int l = 0; l < preset.layers; l++) {
            String b = "blk." + l + ".";
            norm(w, b + "attn_norm.weight", d);
            matrix(w, b + "attn_q.weight", preset.typeOf("attn_q", l), d, preset.heads * preset.headDim, counter);
            matrix(w, b + "attn_k.weight", preset.typeOf("attn_k", l), d, preset.kvHeads * preset.headDim, counter);
            matrix(w, b + "attn_v.weight", preset.typeOf("attn_v", l), d, preset.kvHeads * preset.headDim, counter);
            norm(w, b + "attn_q_norm.weight", preset.headDim);
            norm(w, b + "attn_k_norm.weight", preset.headDim);
            matrix(w, b + "attn_output.weight", preset.typeOf("attn_output", l), preset.heads * preset.headDim, d, counter);
            norm(w, b + "ffn_norm.weight", d);
            matrix(w, b + "ffn_gate.weight", preset.typeOf("ffn_gate", l), d, preset.ffn, counter);
            matrix(w, b + "ffn_up.weight", preset.typeOf("ffn_up", l), d, preset.ffn, counter);
            matrix(w, b + "ffn_down.weight", preset.typeOf("ffn_down", l), preset.ffn, d, counter);
        }
        norm(w, "output_norm.weight", d);
        if (!preset.tied) {
            matrix(w, "output.weight", preset.typeOf("output", -1), d, vocabSize, counter);
        }
        w.write(out, progress);
    }

    private static void matrix(GgufWriter w, String name, GgmlType type, int cols, int rows, long[] seed) {
        long s = seed[0]++;
        // ~1/sqrt(fan-in) keeps activations of a random network in a sane range through many layers
        float scale = (float) (1.0 / Math.sqrt(cols));
        w.addTensor(name, type, new long[] {cols, rows}, dst -> QuantSynth.fillRandom(type, dst, (long) cols * rows, s, scale));
    }

    private static void norm(GgufWriter w, String name, int n) {
        w.addTensor(name, GgmlType.F32, new long[] {n}, dst -> {
            // norm weights near 1, deterministic and slightly varied
            for (int i = 0; i < n; i++) {
                dst.setAtIndex(F32, i, 1.0f + 0.01f * ((i * 37) % 11 - 5));
            }
        });
    }
}
