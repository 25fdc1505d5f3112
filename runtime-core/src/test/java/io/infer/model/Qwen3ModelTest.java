package io.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer.backend.ForwardPass;
import io.infer.backend.cpu.CpuBackend;
import io.infer.gguf.GgufFile;
import io.infer.gguf.GgufTensor;
import io.infer.gguf.GgufWriter;
import io.infer.tensor.GgmlType;
import io.infer.testing.Fixtures;
import io.infer.util.Progress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qwen3ModelTest {

    @TempDir
    Path dir;

    @Test
    void readsTheSmallFixture() throws Exception {
        try (Qwen3Model m = Qwen3Model.load(Fixtures.model("qwen3-small-q4km.gguf"))) {
            Qwen3Config c = m.config();
            assertEquals(4, c.blockCount());
            assertEquals(256, c.embeddingLength());
            assertEquals(4, c.headCount());
            assertEquals(2, c.headCountKv());
            assertEquals(64, c.headDim());
            assertEquals(768, c.feedForwardLength());
            assertEquals(1_000_000f, c.ropeFreqBase());
            assertEquals(151936, c.vocabSize());
            assertTrue(c.tiedOutput());
            assertSame(m.weights().tokenEmbd(), m.weights().output());
            assertTrue(m.chatTemplate().contains("<|im_start|>"));
        }
    }

    @Test
    void refusesOtherArchitecturesAndBrokenModels() throws Exception {
        Path llama = dir.resolve("llama.gguf");
        new GgufWriter().putString("general.architecture", "llama").write(llama);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qwen3Model.load(llama));
        assertTrue(e.getMessage().contains("unsupported model architecture 'llama'"), e.getMessage());

        Path noTensors = dir.resolve("empty.gguf");
        new GgufWriter().putString("general.architecture", "qwen3").putUInt32("qwen3.block_count", 1)
                .putUInt32("qwen3.embedding_length", 64).putUInt32("qwen3.attention.head_count", 2)
                .putUInt32("qwen3.feed_forward_length", 128).write(noTensors);
        e = assertThrows(IllegalArgumentException.class, () -> Qwen3Model.load(noTensors));
        assertTrue(e.getMessage().contains("'token_embd.weight' is missing"), e.getMessage());
    }

    @Test
    void unsupportedQuantTypeNamesTheTensor() throws Exception {
        Path tiny = dir.resolve("tiny.gguf");
        try (GgufFile vocab = GgufFile.open(BuiltinVocabulary.path())) {
            Qwen3Synth.write(Qwen3Synth.Preset.TINY, vocab, tiny, 1, Progress.NONE);
        }
        // rewrite one matrix as Q5_1, a type infer does not compute with
        Path bad = dir.resolve("bad.gguf");
        try (GgufFile f = GgufFile.open(tiny)) {
            GgufWriter w = new GgufWriter();
            for (var e : f.metadata().entrySet()) {
                w.put(e.getKey(), f.typeOf(e.getKey()), e.getValue());
            }
            for (GgufTensor t : f.tensors()) {
                GgmlType type = t.name().equals("blk.1.ffn_up.weight") ? GgmlType.Q5_1 : t.type();
                w.addTensor(t.name(), type, t.shape(), dst -> dst.fill((byte) 0));
            }
            w.write(bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qwen3Model.load(bad));
        assertTrue(e.getMessage().contains("blk.1.ffn_up.weight") && e.getMessage().contains("Q5_1"), e.getMessage());
    }

    @Test
    void synthesizedPresetsLoadAndRun() throws Exception {
        for (Qwen3Synth.Preset p : new Qwen3Synth.Preset[] {Qwen3Synth.Preset.TINY, Qwen3Synth.Preset.SMALL}) {
            Path out = dir.resolve(p.id + ".gguf");
            try (GgufFile vocab = GgufFile.open(BuiltinVocabulary.path())) {
                Qwen3Synth.write(p, vocab, out, 7, Progress.NONE);
            }
            try (Qwen3Model m = Qwen3Model.load(out); ForwardPass pass = new CpuBackend().open(m, 1, 64)) {
                assertEquals(p.layers, m.config().blockCount());
                assertEquals(p.embd, m.config().embeddingLength());
                assertEquals(151936, m.config().vocabSize());
                float[] logits = new float[m.config().vocabSize()];
                pass.prefill(0, m.tokenizer().encode("Hello world", true), 2, 0, logits, false);
                for (float v : logits) {
                    assertTrue(Float.isFinite(v), "logits of a synthesized " + p.id + " model are finite");
                }
            }
        }
    }

    @Test
    void eightBillionPresetHasTheQ4KMMix() {
        Qwen3Synth.Preset p = Qwen3Synth.Preset.QWEN3_8B_Q4_K_M;
        assertEquals(36, p.layers);
        assertEquals(GgmlType.Q6_K, p.typeOf("output", -1));
        assertEquals(GgmlType.Q4_K, p.typeOf("token_embd", -1));
        for (int l : new int[] {0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 31, 32, 33, 34, 35}) {
            assertEquals(GgmlType.Q6_K, p.typeOf("attn_v", l));
            assertEquals(GgmlType.Q6_K, p.typeOf("ffn_down", l));
        }
        for (int l : new int[] {4, 5, 7, 8, 10, 29}) {
            assertEquals(GgmlType.Q4_K, p.typeOf("attn_v", l));
            assertEquals(GgmlType.Q4_K, p.typeOf("ffn_down", l));
        }
        assertEquals(GgmlType.Q4_K, p.typeOf("attn_q", 0));
        assertEquals(GgmlType.Q4_K, p.typeOf("ffn_gate", 35));
    }
}
