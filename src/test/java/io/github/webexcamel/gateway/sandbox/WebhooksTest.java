package io.github.webexcamel.gateway.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sandbox's webhooks: CRUD as Webex, deliveries shaped and signed as Webex's, retried on 5xx. */
class WebhooksTest extends SandboxTestBase {

    private record Delivery(String body, String signature) {
    }

    private HttpServer receiver;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** Answers this many deliveries with 503 before answering 200. */
    private final AtomicInteger failFirst = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(body, exchange.getRequestHeaders().getFirst("X-Spark-Signature")));
            int status = failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String target() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private JsonNode register(String resource, String secret) {
        JsonNode hook = bot.postOk("/v1/webhooks", Map.of("name", "test " + resource, "targetUrl", target(),
                "resource", resource, "event", "created", "secret", secret));
        assertThat(hook.path("id").asText()).isNotEmpty();
        return hook;
    }

    @Test
    void crudAsWebex() {
        JsonNode hook = register("messages", "s3cret");
        assertThat(hook.path("status").asText()).isEqualTo("active");
        assertThat(hook.path("ownedBy").asText()).isEqualTo("creator");
        assertThat(hook.has("orgId") && hook.has("createdBy") && hook.has("appId") && hook.has("created")).isTrue();
        String id = hook.path("id").asText();
        assertThat(BotClient.json(bot.get("/v1/webhooks")).path("items")).hasSize(1);
        assertThat(BotClient.json(bot.put("/v1/webhooks/" + id, Map.of("name", "renamed", "targetUrl", target(),
                "status", "inactive"))).path("status").asText()).isEqualTo("inactive");
        assertThat(bot.delete("/v1/webhooks/" + id).statusCode()).isEqualTo(204);
        assertThat(bot.get("/v1/webhooks/" + id).statusCode()).isEqualTo(404);
        assertThat(bot.post("/v1/webhooks", Map.of("name", "no target")).statusCode()).isEqualTo(400);
    }

    @Test
    void aMessageIsDeliveredSignedWithIdsOnly() throws Exception {
        JsonNode hook = register("messages", "s3cret");
        String user = "carol@example.com";
        String room = sandbox.directRoom(user).path("id").asText();
        String messageId = sandbox.userPost(user, room, "secret text", null, false).path("id").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() == 1);
        Delivery d = deliveries.get(0);
        assertThat(d.signature()).isEqualTo(WebhookHub.sign("s3cret", d.body()));
        assertThat(d.signature()).matches("[0-9a-f]{40}");
        JsonNode payload = BotClient.parse(d.body());
        assertThat(payload.path("id").asText()).isEqualTo(hook.path("id").asText());
        assertThat(payload.path("resource").asText()).isEqualTo("messages");
        assertThat(payload.path("event").asText()).isEqualTo("created");
        assertThat(payload.has("secret")).isFalse();
        assertThat(payload.path("actorId").asText()).isNotEmpty();
        assertThat(payload.path("data").path("id").asText()).isEqualTo(messageId);
        assertThat(payload.path("data").path("roomId").asText()).isEqualTo(room);
        assertThat(payload.path("data").path("personEmail").asText()).isEqualTo(user);
        assertThat(d.body()).doesNotContain("secret text").doesNotContain(": ");
    }

    @Test
    void groupMessagesReachTheBotOnlyWhenTheyMentionIt() {
        register("messages", "s3cret");
        String user = "dave@example.com";
        String room = sandbox.createGroupRoom("g", List.of(user)).path("id").asText();
        sandbox.userPost(user, room, "chatter", null, false);
        String mention = sandbox.userPost(user, room, "hello bot", null, true).path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> !deliveries.isEmpty());
        assertThat(deliveries).hasSize(1);
        assertThat(BotClient.parse(deliveries.get(0).body()).path("data").path("id").asText()).isEqualTo(mention);
    }

    @Test
    void a5xxIsRetriedWithTheSameBody() {
        register("messages", "s3cret");
        failFirst.set(2);
        String user = "erin@example.com";
        String room = sandbox.directRoom(user).path("id").asText();
        sandbox.userPost(user, room, "hi", null, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() == 3);
        assertThat(deliveries.stream().map(Delivery::body).distinct()).hasSize(1);
    }

    @Test
    void aCardSubmitIsDeliveredToTheCardsAppAndTheDuplicateFaultSendsEachTwice() {
        register("attachmentActions", "s3cret");
        String user = "frank@example.com";
        String room = sandbox.directRoom(user).path("id").asText();
        JsonNode card = BotClient.json(bot.post("/v1/messages", Map.of("roomId", room, "text", "card", "attachments",
                List.of(Map.of("contentType", "application/vnd.microsoft.card.adaptive", "content",
                        Map.of("type", "AdaptiveCard", "version", "1.3", "body", List.of()))))));
        sandbox.faults().duplicateWebhooks(true);
        String action = sandbox.userSubmit(user, card.path("id").asText(), Map.of("a", "b")).path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.size() == 2);
        JsonNode payload = BotClient.parse(deliveries.get(0).body());
        assertThat(payload.path("resource").asText()).isEqualTo("attachmentActions");
        assertThat(payload.path("data").path("id").asText()).isEqualTo(action);
        assertThat(payload.path("data").path("messageId").asText()).isEqualTo(card.path("id").asText());
        assertThat(payload.path("data").has("inputs")).isFalse();
        assertThat(deliveries.get(1).body()).isEqualTo(deliveries.get(0).body());
    }
}
