package io.infer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infer.backend.ForwardPass;
import io.infer.eval.LogitsReport;

/**
 * Compares a backend with a golden file the way the fixtures README prescribes: teacher forcing over the golden
 * prompt and greedy tokens; every golden top-32 logit and the logsumexp within {@code tol}; the argmax equal
 * wherever the golden top-2 gap exceeds twice the tolerance; then free-running greedy tokens equal until the
 * first step where the golden gap is too small to decide.
 */
public final class GoldenCheck {

    private GoldenCheck() {
    }

    /** Returns the largest absolute difference seen, for reporting. */
    public static double check(ForwardPass pass, JsonNode golden, double tol, String label) {
        int vocab = pass.config().vocabSize();
        assertEquals(golden.get("n_vocab").asInt(), vocab, label + ": n_vocab");
        int[] prompt = Fixtures.ints(golden.get("prompt_tokens"));
        int[] greedy = Fixtures.ints(golden.get("greedy"));
        float[] all = new float[prompt.length * vocab];
        pass.prefill(0, prompt, prompt.length, 0, all, true);
        double worst = 0;
        for (int i = 0; i < prompt.length; i++) {
            worst = Math.max(worst, compare(all, i * vocab, vocab, golden.get("prompt_logits").get(i), tol, label + " prompt position " + i));
        }
        float[] row = new float[vocab];
        for (int k = 0; k < greedy.length; k++) {
            pass.decode(1, new int[] {0}, new int[] {greedy[k]}, new int[] {prompt.length + k}, row);
            worst = Math.max(worst, compare(row, 0, vocab, golden.get("greedy_logits").get(k), tol, label + " greedy step " + k));
        }
        // free-running greedy decode from a fresh sequence must reproduce the golden tokens
        LogitsReport report = LogitsReport.compute(pass, prompt, 2, greedy.length);
        for (int k = 0; k < greedy.length; k++) {
            JsonNode dist = k == 0 ? golden.get("prompt_logits").get(prompt.length - 1) : golden.get("greedy_logits").get(k - 1);
            double gap = dist.get("top").get(0).get(1).asDouble() - dist.get("top").get(1).get(1).asDouble();
            if (gap <= 2 * tol) {
                break; // a near tie: the tokens may legitimately differ from here on
            }
            assertEquals(greedy[k], report.greedy()[k], label + ": greedy token " + k);
        }
        return worst;
    }

    private static double compare(float[] logits, int off, int vocab, JsonNode expected, double tol, String where) {
        double max = Double.NEGATIVE_INFINITY;
        int argmax = 0;
        for (int i = 0; i < vocab; i++) {
            if (logits[off + i] > max) {
                max = logits[off + i];
                argmax = i;
            }
        }
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            sum += Math.exp(logits[off + i] - max);
        }
        double lse = max + Math.log(sum);
        double worst = Math.abs(lse - expected.get("logsumexp").asDouble());
        assertTrue(worst <= tol, where + ": logsumexp " + lse + " vs golden " + expected.get("logsumexp").asDouble());
        JsonNode top = expected.get("top");
        for (JsonNode pair : top) {
            int id = pair.get(0).asInt();
            double diff = Math.abs(logits[off + id] - pair.get(1).asDouble());
            worst = Math.max(worst, diff);
            assertTrue(diff <= tol, where + ": logit of token " + id + " is " + logits[off + id] + ", golden " + pair.get(1).asDouble());
        }
        double gap = top.get(0).get(1).asDouble() - top.get(1).get(1).asDouble();
        if (gap > 2 * tol) {
            assertEquals(top.get(0).get(0).asInt(), argmax, where + ": argmax");
        }
        return worst;
    }
}
