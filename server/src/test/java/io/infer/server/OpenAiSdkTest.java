package io.infer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official OpenAI Java SDK against the real server and the tiny fixture model. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenAiSdkTest {

    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        InferServer server = TestServers.shared();
        client = OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey(TestServers.API_KEY).maxRetries(0).build();
    }

    private static CompletionCreateParams.Builder completion(String prompt, long maxTokens) {
        return CompletionCreateParams.builder().model("qwen3-tiny").prompt(prompt).maxTokens(maxTokens).temperature(0.0);
    }

    private static ChatCompletionCreateParams.Builder chat(String user, long maxTokens) {
        return ChatCompletionCreateParams.builder().model("qwen3-tiny").addUserMessage(user).maxCompletionTokens(maxTokens).temperature(0.0);
    }

    @Test
    void completionReportsUsageAndLength() {
        Completion c = client.completions().create(completion("The capital of France is", 12).build());
        assertEquals(1, c.choices().size());
        CompletionChoice choice = c.choices().getFirst();
        assertEquals(CompletionChoice.FinishReason.LENGTH, choice.finishReason());
        assertFalse(choice.text().isEmpty());
        assertEquals(12, c.usage().orElseThrow().completionTokens());
        int promptTokens = TestServers.sharedModel().tokenizer().encode("The capital of France is", true).length;
        assertEquals(promptTokens, c.usage().orElseThrow().promptTokens());
        assertEquals("qwen3-tiny", c.model());
    }

    @Test
    void streamedCompletionEqualsTheNonStreamedOne() {
        String full = client.completions().create(completion("Once upon a time", 20).build()).choices().getFirst().text();
        StringBuilder streamed = new StringBuilder();
        List<Long> usage = new ArrayList<>();
        try (StreamResponse<Completion> s = client.completions().createStreaming(completion("Once upon a time", 20)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(chunk -> {
                chunk.choices().forEach(ch -> streamed.append(ch.text()));
                chunk.usage().ifPresent(u -> usage.add(u.completionTokens()));
            });
        }
        assertEquals(full, streamed.toString());
        assertEquals(List.of(20L), usage);
    }

    @Test
    void echoAndSeveralChoices() {
        Completion c = client.completions().create(completion("Hello", 4).n(2).echo(true).build());
        assertEquals(2, c.choices().size());
        for (CompletionChoice ch : c.choices()) {
            assertTrue(ch.text().startsWith("Hello"), ch.text());
        }
        assertEquals(c.choices().get(0).text(), c.choices().get(1).text(), "greedy choices agree");
        assertEquals(8, c.usage().orElseThrow().completionTokens());
    }

    @Test
    void completionLogprobs() {
        Completion c = client.completions().create(completion("Hello", 5).logprobs(3).build());
        var lp = c.choices().getFirst().logprobs().orElseThrow();
        assertEquals(5, lp.tokens().orElseThrow().size());
        assertEquals(5, lp.tokenLogprobs().orElseThrow().size());
        for (double v : lp.tokenLogprobs().orElseThrow()) {
            assertTrue(v <= 0, "log-probabilities are <= 0: " + v);
        }
        assertEquals(String.join("", lp.tokens().orElseThrow()), c.choices().getFirst().text());
    }

    @Test
    void chatCompletion() {
        ChatCompletion cc = client.chat().completions().create(chat("Hi there", 10).build());
        assertEquals(1, cc.choices().size());
        var choice = cc.choices().getFirst();
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, choice.finishReason());
        assertNotNull(choice.message().content().orElse(null));
        assertEquals(10, cc.usage().orElseThrow().completionTokens());
        String rendered = TestServers.sharedModel().chatTemplate().render(
                List.of(Map.of("role", "user", "content", "Hi there")), null, true, Map.of());
        assertEquals(TestServers.sharedModel().tokenizer().encode(rendered, true).length, cc.usage().orElseThrow().promptTokens());
    }

    @Test
    void streamedChatEqualsTheNonStreamedOne() {
        ChatCompletion full = client.chat().completions().create(chat("Tell me a story", 16).build());
        String expected = full.choices().getFirst().message().content().orElse("");
        StringBuilder streamed = new StringBuilder();
        List<String> finish = new ArrayList<>();
        List<Long> usage = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(chat("Tell me a story", 16)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(chunk -> {
                for (var ch : chunk.choices()) {
                    ch.delta().content().ifPresent(streamed::append);
                    ch.finishReason().ifPresent(r -> finish.add(r.asString()));
                }
                chunk.usage().ifPresent(u -> usage.add(u.completionTokens()));
            });
        }
        assertEquals(expected, streamed.toString());
        assertEquals(List.of("length"), finish);
        assertEquals(List.of(16L), usage);
    }

    @Test
    void toolsAndThinkingSwitchReachTheTemplate() {
        long plain = client.chat().completions().create(chat("Weather in Paris?", 1).build()).usage().orElseThrow().promptTokens();
        ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Get the weather for a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build()).build();
        long withTools = client.chat().completions().create(chat("Weather in Paris?", 1).addTool(tool).build())
                .usage().orElseThrow().promptTokens();
        assertTrue(withTools > plain + 50, "the tool list is rendered into the prompt: " + plain + " vs " + withTools);
        long noThinking = client.chat().completions().create(chat("Weather in Paris?", 1)
                .putAdditionalBodyProperty("chat_template_kwargs", JsonValue.from(Map.of("enable_thinking", false))).build())
                .usage().orElseThrow().promptTokens();
        int emptyThink = TestServers.sharedModel().tokenizer().encode("<think>\n\n</think>\n\n", true).length;
        assertEquals(plain + emptyThink, noThinking);
    }

    @Test
    void modelsList() {
        List<Model> models = client.models().list().data();
        assertEquals(1, models.size());
        assertEquals("qwen3-tiny", models.getFirst().id());
    }

    @Test
    void errorsMapToTheSdksExceptions() {
        NotFoundException nf = assertThrows(NotFoundException.class, () -> client.completions().create(
                CompletionCreateParams.builder().model("gpt-9").prompt("x").maxTokens(1).build()));
        assertEquals("model_not_found", nf.code().orElse(null));
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(TestServers.shared().url() + "/v1").apiKey("sk-wrong-key-123")
                .maxRetries(0).build();
        assertThrows(UnauthorizedException.class, () -> wrongKey.models().list());
        BadRequestException tooLong = assertThrows(BadRequestException.class, () -> client.completions().create(
                completion("word ".repeat(600), TestServers.CONTEXT).build()));
        assertEquals("context_length_exceeded", tooLong.code().orElse(null));
    }
}
