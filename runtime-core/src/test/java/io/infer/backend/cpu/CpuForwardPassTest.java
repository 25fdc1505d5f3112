package io.infer.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer.backend.ForwardPass;
import io.infer.model.Qwen3Model;
import io.infer.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The ways of feeding tokens agree with each other: chunked prefill, last-row prefill, single and batched decode. */
class CpuForwardPassTest {

    static final int[] A = {785, 3974, 13876, 38835, 34208, 916, 279, 15678, 5562, 13, 220, 108386, 3837, 99489, 6313,
        785, 3974, 13876, 38835, 34208, 916, 279, 15678, 5562, 13, 220, 108386, 3837, 99489, 6313, 11, 12, 13, 14, 15};
    static final int[] B = {151644, 872, 198, 100, 200, 300};

    @Test
    void lastRowPrefillEqualsAllRowsAndDecodeSteps() throws Exception {
        try (Qwen3Model m = Qwen3Model.load(Fixtures.model("qwen3-small-q4km.gguf"));
             ForwardPass pass = new CpuBackend().open(m, 2, 128)) {
            int vocab = m.config().vocabSize();
            float[] all = new float[A.length * vocab];
            pass.prefill(0, A, A.length, 0, all, true); // 35 tokens: more than one micro-batch
            float[] last = new float[vocab];
            pass.prefill(1, A, A.length, 0, last, false);
            assertArrayEquals(Arrays.copyOfRange(all, (A.length - 1) * vocab, A.length * vocab), last, 1e-4f);

            // feeding the same tokens one decode step at a time gives the same logits
            float[] step = new float[vocab];
            for (int i = 0; i < 5; i++) {
                pass.decode(1, new int[] {1}, new int[] {A[i]}, new int[] {i}, step);
                assertArrayEquals(Arrays.copyOfRange(all, i * vocab, (i + 1) * vocab), step, 1e-3f, "position " + i);
            }
        }
    }

    @Test
    void batchedDecodeOfDifferentSequencesEqualsEachAlone() throws Exception {
        try (Qwen3Model m = Qwen3Model.load(Fixtures.model("qwen3-tiny-f16.gguf"));
             ForwardPass pass = new CpuBackend().open(m, 2, 64)) {
            int vocab = m.config().vocabSize();
            float[] tmp = new float[vocab];
            pass.prefill(0, A, 10, 0, tmp, false);
            pass.prefill(1, B, B.length, 0, tmp, false);
            float[] batched = new float[2 * vocab];
            pass.decode(2, new int[] {0, 1}, new int[] {42, 43}, new int[] {10, B.length}, batched);

            float[] alone0 = new float[vocab];
            float[] alone1 = new float[vocab];
            pass.decode(1, new int[] {0}, new int[] {42}, new int[] {10}, alone0); // rewrites the same cache entry
            pass.decode(1, new int[] {1}, new int[] {43}, new int[] {B.length}, alone1);
            assertArrayEquals(alone0, Arrays.copyOfRange(batched, 0, vocab), 1e-4f);
            assertArrayEquals(alone1, Arrays.copyOfRange(batched, vocab, 2 * vocab), 1e-4f);

            int greedy = pass.decodeGreedy(0, 42, 10);
            assertEquals(argmax(alone0), greedy);
            // the batched greedy step: each row's argmax, the token array reused for the answers
            int[] tokens = {42, 43};
            pass.decodeGreedy(2, new int[] {0, 1}, tokens, new int[] {10, B.length}, tokens);
            assertArrayEquals(new int[] {argmax(alone0), argmax(alone1)}, tokens);
        }
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void outOfRangeInputsAreRefused() throws Exception {
        try (Qwen3Model m = Qwen3Model.load(Fixtures.model("qwen3-tiny-f16.gguf"));
             ForwardPass pass = new CpuBackend().open(m, 1, 8)) {
            float[] out = new float[m.config().vocabSize()];
            assertThrows(IllegalArgumentException.class, () -> pass.prefill(0, A, 9, 0, out, false));
            assertThrows(IllegalArgumentException.class, () -> pass.prefill(1, A, 1, 0, out, false));
            assertThrows(IllegalArgumentException.class, () -> pass.decode(1, new int[] {0}, new int[] {-1}, new int[] {0}, out));
            assertThrows(IllegalArgumentException.class, () -> pass.decode(1, new int[] {0}, new int[] {1}, new int[] {8}, out));
        }
    }
}
