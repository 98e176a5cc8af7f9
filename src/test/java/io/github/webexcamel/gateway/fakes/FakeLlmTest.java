package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.github.webexcamel.gateway.fakes.TestHttp.JSON;
import static io.github.webexcamel.gateway.fakes.TestHttp.json;
import static io.github.webexcamel.gateway.fakes.TestHttp.jsonBody;
import static io.github.webexcamel.gateway.fakes.TestHttp.request;
import static io.github.webexcamel.gateway.fakes.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeLlmTest {

    private static final String CONVERSATION = "{\"model\":\"fake-model\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are ChatOps.\"},"
            + "{\"role\":\"user\",\"content\":\"deploy failed\"},"
            + "{\"role\":\"assistant\",\"content\":\"Which job?\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"the api job\"}]}]";

    private FakeLlm llm;

    @BeforeEach
    void start() {
        llm = new FakeLlm().start();
    }

    @AfterEach
    void stop() {
        llm.close();
    }

    private HttpRequest.Builder chat(String body) {
        return request(llm.baseUrl() + "/chat/completions")
                .header("Authorization", "Bearer " + FakeLlm.DEFAULT_API_KEY)
                .header("Content-Type", "application/json")
                .POST(jsonBody(body));
    }

    private HttpResponse<String> post(String body) {
        return send(chat(body).build());
    }

    /** Reads an SSE response line by line, as a streaming client must. */
    private List<String> dataEvents(HttpResponse<Stream<String>> response, List<Long> arrivalNanos) {
        List<String> data = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                    arrivalNanos.add(System.nanoTime());
                }
            });
        }
        return data;
    }

    private HttpResponse<Stream<String>> stream(String body) throws Exception {
        return TestHttp.CLIENT.send(chat(body).build(), HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void listsModelsAndRejectsUnknownOnes() {
        llm.models("fake-model", "fake-large");
        JsonNode models = json(send(request(llm.baseUrl() + "/models").header("Authorization", "Bearer " + FakeLlm.DEFAULT_API_KEY).build()));
        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data")).extracting(m -> m.path("id").asText()).containsExactly("fake-model", "fake-large");
        assertThat(models.path("data").get(0).path("object").asText()).isEqualTo("model");

        HttpResponse<String> unknown = post("{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void echoesTheWholeConversationByDefault() {
        HttpResponse<String> response = post(CONVERSATION + ",\"temperature\":0.2}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode completion = json(response);
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asText()).startsWith("chatcmpl-");
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText())
                .isEqualTo("Echo of 4 messages: [system] You are ChatOps. | [user] deploy failed | [assistant] Which job? | [user] the api job");
        assertThat(completion.path("usage").path("total_tokens").asInt())
                .isEqualTo(completion.path("usage").path("prompt_tokens").asInt() + completion.path("usage").path("completion_tokens").asInt());

        FakeLlm.ChatRequest received = llm.lastChatRequest();
        assertThat(received.roles()).containsExactly("system", "user", "assistant", "user");
        assertThat(received.lastUserMessage()).isEqualTo("the api job");
        assertThat(received.parameter("temperature")).isEqualTo("0.2");
        assertThat(llm.lastRequest().header("Authorization")).isEqualTo("Bearer [redacted]");
    }

    @Test
    void scriptedRepliesAndMaxTokens() {
        llm.respondWith(r -> r.lastUserMessage().contains("status") ? "All systems nominal." : "I do not know.");
        JsonNode a = json(post("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"status?\"}]}"));
        assertThat(a.path("choices").get(0).path("message").path("content").asText()).isEqualTo("All systems nominal.");

        JsonNode cut = json(post("{\"model\":\"fake-model\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"status?\"}]}"));
        assertThat(cut.path("choices").get(0).path("message").path("content").asText()).isEqualTo("All systems");
        assertThat(cut.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void validatesRequestsWithOpenAiErrors() {
        HttpResponse<String> empty = post("{\"model\":\"fake-model\",\"messages\":[]}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).path("error").path("message").asText()).isEqualTo("[] is too short - 'messages'");
        assertThat(json(empty).path("error").path("type").asText()).isEqualTo("invalid_request_error");

        assertThat(json(post("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).path("error").path("message").asText())
                .isEqualTo("you must provide a model parameter");
        assertThat(post("not json").statusCode()).isEqualTo(400);
        assertThat(json(post("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"))
                .path("error").path("param").asText()).isEqualTo("messages[0].role");
    }

    @Test
    void authModes() {
        HttpResponse<String> missing = send(request(llm.baseUrl() + "/models").build());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).path("error").path("type").asText()).isEqualTo("auth_error");
        assertThat(json(missing).path("error").path("code").asText()).isEqualTo("401");

        llm.authMode(FakeLlm.AuthMode.VLLM);
        HttpResponse<String> vllm = send(request(llm.baseUrl() + "/models").header("Authorization", "Bearer wrong").build());
        assertThat(vllm.statusCode()).isEqualTo(401);
        assertThat(json(vllm).path("error").asText()).isEqualTo("Unauthorized");
        assertThat(send(request(llm.rootUrl() + "/health").build()).statusCode()).isEqualTo(200);

        llm.authMode(FakeLlm.AuthMode.NONE);
        assertThat(send(request(llm.baseUrl() + "/models").build()).statusCode()).isEqualTo(200);
        assertThat(send(request(llm.rootUrl() + "/chat/completions").header("Content-Type", "application/json")
                .POST(jsonBody("{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build())
                .statusCode()).as("LiteLLM-style path without /v1").isEqualTo(200);
    }

    @Test
    void streamsOneChunkPerTokenWithDelays() throws Exception {
        llm.respondWith("one two three four five").tokenDelay(Duration.ofMillis(40));
        HttpResponse<Stream<String>> response = stream(
                "{\"model\":\"fake-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");

        List<Long> arrivals = new ArrayList<>();
        List<String> events = dataEvents(response, arrivals);
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        JsonNode first = JSON.readTree(events.get(0));
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");

        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = JSON.readTree(event);
            if (chunk.path("choices").isEmpty()) {
                usage = chunk.path("usage");
                continue;
            }
            JsonNode choice = chunk.path("choices").get(0);
            text.append(choice.path("delta").path("content").asText(""));
            if (!choice.path("finish_reason").isNull()) {
                finish = choice.path("finish_reason").asText();
            }
        }
        assertThat(text.toString()).isEqualTo("one two three four five");
        assertThat(finish).isEqualTo("stop");
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(5);
        assertThat(Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(1)))
                .as("tokens trickle in rather than arrive at once").isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void midStreamErrorAndAbruptClose() throws Exception {
        llm.respondWith("a b c d e f").tokenDelay(Duration.ZERO).failNextStream(2, "upstream timed out");
        List<String> events = dataEvents(stream("{\"model\":\"fake-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                new ArrayList<>());
        assertThat(events).hasSize(5);
        JsonNode error = JSON.readTree(events.get(3));
        assertThat(error.path("error").path("message").asText()).isEqualTo("upstream timed out");
        assertThat(events.get(4)).isEqualTo("[DONE]");

        llm.dropNextStream(3);
        HttpResponse<Stream<String>> dropped = stream("{\"model\":\"fake-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (Stream<String> lines = dropped.body()) {
                lines.forEach(seen::add);
            }
        }).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(IOException.class);
        assertThat(seen).noneMatch(l -> l.contains("[DONE]"));
    }

    @Test
    void faultsCarryOpenAiShapesAndRetryAfterVariants() {
        String hello = "{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        llm.failNext(FakeLlm.rateLimited(Fault.retryAfterSeconds(7)));
        HttpResponse<String> limited = post(hello);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
        assertThat(json(limited).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");

        llm.failNext(FakeLlm.rateLimited(null));
        assertThat(post(hello).headers().firstValue("retry-after")).isEmpty();
        llm.failNext(FakeLlm.unauthorized());
        assertThat(post(hello).statusCode()).isEqualTo(401);
        llm.failNext(FakeLlm.modelNotFound("fake-model"));
        assertThat(post(hello).statusCode()).isEqualTo(404);
        llm.failNext(FakeLlm.serverError());
        assertThat(json(post(hello)).path("error").path("type").asText()).isEqualTo("server_error");
        llm.failNext(FakeLlm.legacyVllmError(400, "bad"));
        assertThat(json(post(hello)).path("object").asText()).isEqualTo("error");
        llm.failNext(1, "/v1/chat", FakeLlm.overloaded(Fault.MALFORMED_RETRY_AFTER));
        assertThat(post(hello).statusCode()).isEqualTo(503);

        llm.failNext(Fault.stall(Duration.ofSeconds(2)));
        assertThatThrownBy(() -> send(chat(hello).timeout(Duration.ofMillis(250)).build()))
                .hasRootCauseInstanceOf(HttpTimeoutException.class);
        assertThat(llm.chatRequests()).isEmpty();
    }
}
