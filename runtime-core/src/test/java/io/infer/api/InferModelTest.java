package io.infer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infer.engine.FinishReason;
import io.infer.sampling.SamplingParams;
import io.infer.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedding API as an application uses it, on the tiny fixture and the CPU backend. */
class InferModelTest {

    @Test
    void greedyGenerationReproducesLlamaCppTokensAndStreamsTheSameText() throws Exception {
        JsonNode golden = Fixtures.golden("tiny-f16.p1");
        int[] expected = Fixtures.ints(golden.get("greedy"));
        try (InferModel model = InferModel.load(Fixtures.model("qwen3-tiny-f16.gguf"),
                InferModel.Options.defaults().backend("cpu").contextLength(256).log(s -> { }))) {
            assertEquals("cpu", model.backendName());
            StringBuilder streamed = new StringBuilder();
            Completion c = model.generate(Fixtures.prompt("p1"),
                    GenerateOptions.defaults().maxTokens(8).sampling(SamplingParams.greedy()), streamed::append);
            assertEquals(Fixtures.ints(golden.get("prompt_tokens")).length, c.promptTokens());
            int n = 0;
            while (n < 8 && !model.model().tokenizer().isEndOfGeneration(expected[n])) {
                n++;
            }
            String want = model.model().tokenizer().decode(Arrays.copyOf(expected, n));
            assertEquals(want, c.text());
            assertEquals(want, streamed.toString());
            assertEquals(n == 8 ? FinishReason.LENGTH : FinishReason.STOP, c.finishReason());
            assertTrue(c.decodeTokensPerSecond() >= 0);
        }
    }

    @Test
    void sessionKeepsTheConversation() throws Exception {
        try (InferModel model = InferModel.load(Fixtures.model("qwen3-tiny-f16.gguf"),
                InferModel.Options.defaults().backend("cpu").contextLength(512).log(s -> { }));
             Session s = model.newSession().system("Be brief.")
                     .options(GenerateOptions.defaults().maxTokens(4).sampling(SamplingParams.greedy()))) {
            Completion first = s.send("Hi", t -> { });
            Completion second = s.send("Again", t -> { });
            assertEquals(List.of("system", "user", "assistant", "user", "assistant"),
                    s.history().stream().map(m -> m.get("role")).toList());
            assertEquals("Again", s.history().get(3).get("content"));
            assertEquals(first.text(), s.history().get(2).get("content"));
            assertEquals(second.text(), s.history().get(4).get("content"));
            // the second turn's prompt holds the whole conversation, so it is longer than the first
            assertTrue(second.promptTokens() > first.promptTokens() + first.completionTokens(),
                    second.promptTokens() + " vs " + first.promptTokens());
        }
    }
}
