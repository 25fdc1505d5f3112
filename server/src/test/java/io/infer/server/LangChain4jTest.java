package io.infer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LangChain4j's OpenAI and Ollama chat models against the real server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LangChain4jTest {

    private static String url;

    @BeforeAll
    static void start() {
        url = TestServers.shared().url();
    }

    private static ChatRequest request(String text) {
        return ChatRequest.builder().messages(SystemMessage.from("You are terse."), UserMessage.from(text)).build();
    }

    private static ChatResponse stream(StreamingChatModel model, ChatRequest request, StringBuilder partials) throws Exception {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done.get(60, TimeUnit.SECONDS);
    }

    @Test
    void openAiChatModel() {
        ChatModel model = OpenAiChatModel.builder().baseUrl(url + "/v1").apiKey(TestServers.API_KEY).modelName("qwen3-tiny")
                .maxTokens(12).temperature(0.0).maxRetries(0).timeout(Duration.ofSeconds(60)).build();
        ChatResponse r = model.chat(request("Say hello"));
        assertNotNull(r.aiMessage().text());
        assertEquals(12, r.tokenUsage().outputTokenCount());
        assertTrue(r.tokenUsage().inputTokenCount() > 10);
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals("qwen3-tiny", r.modelName());
    }

    @Test
    void openAiStreamingChatModelMatchesTheBlockingOne() throws Exception {
        ChatModel blocking = OpenAiChatModel.builder().baseUrl(url + "/v1").apiKey(TestServers.API_KEY).modelName("qwen3-tiny")
                .maxTokens(15).temperature(0.0).maxRetries(0).build();
        StreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(url + "/v1").apiKey(TestServers.API_KEY)
                .modelName("qwen3-tiny").maxTokens(15).temperature(0.0).build();
        String expected = blocking.chat(request("Count to five")).aiMessage().text();
        StringBuilder partials = new StringBuilder();
        ChatResponse r = stream(streaming, request("Count to five"), partials);
        assertEquals(expected, partials.toString());
        assertEquals(expected, r.aiMessage().text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
    }

    @Test
    void ollamaChatModel() {
        ChatModel model = OllamaChatModel.builder().baseUrl(url).modelName("qwen3-tiny").numPredict(10).temperature(0.0)
                .customHeaders(Map.of("Authorization", "Bearer " + TestServers.API_KEY)).timeout(Duration.ofSeconds(60)).build();
        ChatResponse r = model.chat(request("Say hello"));
        assertNotNull(r.aiMessage().text());
        assertEquals(10, r.tokenUsage().outputTokenCount());
        assertTrue(r.tokenUsage().inputTokenCount() > 10);
        assertEquals(FinishReason.LENGTH, r.finishReason());
    }

    @Test
    void ollamaStreamingChatModelMatchesTheBlockingOne() throws Exception {
        ChatModel blocking = OllamaChatModel.builder().baseUrl(url).modelName("qwen3-tiny").numPredict(14).temperature(0.0)
                .customHeaders(Map.of("Authorization", "Bearer " + TestServers.API_KEY)).build();
        StreamingChatModel streaming = OllamaStreamingChatModel.builder().baseUrl(url).modelName("qwen3-tiny").numPredict(14)
                .temperature(0.0).customHeaders(Map.of("Authorization", "Bearer " + TestServers.API_KEY)).build();
        String expected = blocking.chat(request("Count to five")).aiMessage().text();
        StringBuilder partials = new StringBuilder();
        ChatResponse r = stream(streaming, request("Count to five"), partials);
        assertEquals(expected, partials.toString());
        assertEquals(expected, r.aiMessage().text());
        assertEquals(14, r.tokenUsage().outputTokenCount());
        assertFalse(r.aiMessage().hasToolExecutionRequests());
        assertNull(r.aiMessage().thinking());
    }
}
