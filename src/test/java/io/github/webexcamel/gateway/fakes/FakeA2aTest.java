package io.github.webexcamel.gateway.fakes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake speaks A2A 0.3 JSON-RPC the way a2a-sdk 0.3 and CAIPE's middleware do (backend-protocols.md, 5.7). */
class FakeA2aTest {

    static final FakeA2a AGENT = new FakeA2a().start();
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        AGENT.close();
    }

    @BeforeEach
    void reset() {
        AGENT.reset();
    }

    private HttpResponse<String> rpc(String body, String accept, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(AGENT.baseUrl()))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(AGENT.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + FakeA2a.CLIENT_ID
                        + "&client_secret=" + FakeA2a.CLIENT_SECRET + "&scope=" + FakeA2a.SCOPE + "&audience="
                        + FakeA2a.AUDIENCE)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.path("expires_in").asLong()).isPositive();
        return json.path("access_token").asText();
    }

    @Test
    void bothCardPathsArePublicAndSay03() throws Exception {
        for (String path : List.of("/.well-known/agent-card.json", "/.well-known/agent.json")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(AGENT.rootUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode card = JSON.readTree(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(card.path("protocolVersion").asText()).isEqualTo("0.3.0");
            assertThat(card.path("preferredTransport").asText()).isEqualTo("JSONRPC");
            assertThat(card.path("capabilities").path("streaming").asBoolean()).isTrue();
        }
    }

    @Test
    void withoutATokenAStreamRequestGetsCaipesBareTextRefusalAndAJsonRequestJson() throws Exception {
        HttpResponse<String> stream = rpc("{}", "text/event-stream", null);
        assertThat(stream.statusCode()).isEqualTo(401);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(stream.body()).startsWith("error unauthorized: ");
        HttpResponse<String> plain = rpc("{}", "application/json", "not-a-token");
        assertThat(plain.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(plain.body()).path("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void jsonRpcErrorsComeWithHttp200() throws Exception {
        String token = token();
        HttpResponse<String> unknown = rpc("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tasks/fly\",\"params\":{}}",
                "application/json", token);
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(unknown.body()).path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(JSON.readTree(unknown.body()).path("id").asInt()).isEqualTo(7);
        HttpResponse<String> noMessage = rpc("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"message/send\",\"params\":{}}",
                "application/json", token);
        assertThat(JSON.readTree(noMessage.body()).path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void aStreamIsJsonRpcResponsesInSseEndingWithAFinalStatusUpdate() throws Exception {
        AGENT.starletteFraming(true);
        HttpResponse<String> response = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/stream\",\"params\":{\"message\":"
                + "{\"role\":\"user\",\"kind\":\"message\",\"messageId\":\"m1\",\"parts\":[{\"kind\":\"text\",\"text\":\"hi\"}]}}}",
                "text/event-stream", token());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(response.body()).contains("\r\n\r\n").contains(": ping - ");
        List<JsonNode> results = response.body().lines().filter(l -> l.startsWith("data: "))
                .map(l -> {
                    try {
                        return JSON.readTree(l.substring(6));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertThat(results).allSatisfy(r -> assertThat(r.path("id").asInt()).isEqualTo(1));
        assertThat(results.get(0).path("result").path("kind").asText()).isEqualTo("task");
        assertThat(results.stream().map(r -> r.path("result").path("artifact").path("name").asText()).toList())
                .contains("tool_notification_start", "tool_notification_end", "streaming_result", "final_result");
        JsonNode last = results.get(results.size() - 1).path("result");
        assertThat(last.path("kind").asText()).isEqualTo("status-update");
        assertThat(last.path("final").asBoolean()).isTrue();
        assertThat(last.path("status").path("state").asText()).isEqualTo("completed");
    }
}
