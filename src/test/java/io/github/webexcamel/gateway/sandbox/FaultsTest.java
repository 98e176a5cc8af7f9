package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FaultsTest extends SandboxTestBase {

    private String directRoomId() {
        return sandbox.directRoom("alice@example.com").path("id").asText();
    }

    @Test
    void nextPostsAreRateLimitedWithRetryAfter() {
        String roomId = directRoomId();
        sandbox.faults().rateLimitNextPosts(2, 3);
        String body = "{\"roomId\":\"" + roomId + "\",\"text\":\"hi\"}";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = bot.post("/v1/messages", body);
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(BotClient.json(r).path("trackingId").asText()).isNotEmpty();
        }
        // Only POST /v1/messages is limited, and only N times.
        assertThat(bot.get("/v1/people/me").statusCode()).isEqualTo(200);
        assertThat(bot.post("/v1/messages", body).statusCode()).isEqualTo(200);
        assertThat(sandbox.messages(roomId)).hasSize(1);
    }

    @Test
    void faultsCanBeSetOverTheOperatorApi() {
        String roomId = directRoomId();
        BotClient operator = new BotClient(sandbox, null);
        HttpResponse<String> set = operator.post("/sandbox/api/faults",
                "{\"rateLimitPosts\":{\"count\":1,\"retryAfter\":7},\"duplicateDelivery\":false}");
        assertThat(set.statusCode()).isEqualTo(204);
        String body = "{\"roomId\":\"" + roomId + "\",\"text\":\"hi\"}";
        HttpResponse<String> limited = bot.post("/v1/messages", body);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(bot.post("/v1/messages", body).statusCode()).isEqualTo(200);
        assertThat(operator.post("/sandbox/api/faults", "{\"noSuchFault\":1}").statusCode()).isEqualTo(400);
    }

    @Test
    void restCallsCanBeDelayed() {
        String roomId = directRoomId();
        sandbox.faults().delayRest(Duration.ofMillis(300));
        long start = System.nanoTime();
        // A POST: the delayed request must still have its body.
        assertThat(bot.post("/v1/messages", "{\"roomId\":\"" + roomId + "\",\"text\":\"late\"}").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        sandbox.faults().reset();
    }

    @Test
    void nextRequestsFailWithAGivenStatus() {
        sandbox.faults().failNextRequests(1, 503, 2);
        HttpResponse<String> r = bot.get("/v1/people/me");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(bot.get("/v1/people/me").statusCode()).isEqualTo(200);
    }

    @Test
    void allSocketsCanBeClosedWithACode() {
        MercuryConnection a = connect("a");
        MercuryConnection b = connect("b");
        sandbox.closeAllSockets(4000, "replaced");
        assertThat(a.awaitClose()).isEqualTo(4000);
        assertThat(b.awaitClose()).isEqualTo(4000);
        assertThat(a.closeReason.join()).isEqualTo("replaced");
    }

    @Test
    void code1006DropsTheConnectionWithoutACloseFrame() {
        MercuryConnection c = connect("d");
        sandbox.closeAllSockets(1006, "ignored");
        assertThat(c.awaitClose()).isEqualTo(1006);
        await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.status().path("openSockets").asInt() == 0);
    }

    @Test
    void pingsCanGoUnanswered() {
        MercuryConnection c = connect("js");
        sandbox.faults().answerPings(false);
        c.send("{\"id\":\"lost\",\"type\":\"ping\"}");
        // An ack is processed after the ping, so once it is counted the ping has been ignored.
        c.send("{\"type\":\"ack\",\"messageId\":\"x\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.status().path("acks").asInt() == 1);
        sandbox.faults().answerPings(true);
        c.send("{\"id\":\"found\",\"type\":\"ping\"}");
        JsonNode pong = c.awaitFrame(f -> "pong".equals(f.path("type").asText()));
        assertThat(pong.path("id").asText()).isEqualTo("found");
    }

    @Test
    void activitiesCanBeDeliveredTwice() {
        MercuryConnection c = connect("d");
        sandbox.faults().duplicateDelivery(true);
        sandbox.userPost("alice@example.com", null, "twice", null, false);
        JsonNode first = c.awaitActivity("post");
        JsonNode second = c.awaitActivity("post");
        assertThat(second.path("data").path("activity").path("id").asText())
                .isEqualTo(first.path("data").path("activity").path("id").asText());
        assertThat(second.path("sequenceNumber").asLong()).isEqualTo(first.path("sequenceNumber").asLong() + 1);
        sandbox.faults().duplicateDelivery(false);
        sandbox.userPost("alice@example.com", null, "once", null, false);
        assertThat(c.awaitActivity("post").path("data").path("activity").path("object").path("displayName").asText())
                .isEqualTo("once");
    }

    @Test
    void upgradesCanBeRefused() {
        JsonNode device = bot.registerDevice("d");
        sandbox.faults().failNextUpgrades(1, 429);
        assertThatThrownBy(() -> MercuryConnection.open(bot.http, device.path("webSocketUrl").asText(), null))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(429));
        track(MercuryConnection.open(bot.http, device.path("webSocketUrl").asText(), null)).authorize(sandbox.botToken());
    }
}
