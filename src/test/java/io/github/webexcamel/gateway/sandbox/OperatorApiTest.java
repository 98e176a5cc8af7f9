package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OperatorApiTest extends SandboxTestBase {

    /** The operator API needs no token. */
    private BotClient operator() {
        return new BotClient(sandbox, null);
    }

    @Test
    void postsSubmitsAndSharesOverHttp() {
        MercuryConnection c = connect("d");
        BotClient op = operator();
        JsonNode dm = op.postOk("/sandbox/api/messages", "{\"personEmail\":\"alice@example.com\",\"text\":\"hi\"}");
        assertThat(dm.path("roomType").asText()).isEqualTo("direct");
        c.awaitActivity("post");

        JsonNode room = op.postOk("/sandbox/api/rooms", "{\"title\":\"Ops\",\"memberEmails\":[\"alice@example.com\"]}");
        String roomId = room.path("id").asText();
        JsonNode mention = op.postOk("/sandbox/api/messages", BotClient.JSON.createObjectNode()
                .put("personEmail", "alice@example.com").put("roomId", roomId).put("text", "status").put("mentionBot", true));
        assertThat(mention.path("mentionedPeople").get(0).asText()).isEqualTo(sandbox.botPersonId());

        ObjectNode cardBody = BotClient.JSON.createObjectNode().put("roomId", roomId);
        cardBody.putArray("attachments").add(CardsAndSharesTest.card());
        JsonNode card = bot.postOk("/v1/messages", cardBody);
        JsonNode action = op.postOk("/sandbox/api/attachment-actions", "{\"personEmail\":\"alice@example.com\",\"messageId\":\""
                + card.path("id").asText() + "\",\"inputs\":{\"reason\":\"ok\"}}");
        assertThat(action.path("inputs").path("reason").asText()).isEqualTo("ok");

        String b64 = Base64.getEncoder().encodeToString("hello".getBytes());
        JsonNode share = op.postOk("/sandbox/api/shares", "{\"personEmail\":\"alice@example.com\",\"text\":\"file\",\"files\":"
                + "[{\"name\":\"a.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\"" + b64 + "\"}]}");
        assertThat(share.path("files")).hasSize(1);
        assertThat(bot.getBytes(share.path("files").get(0).asText()).body()).isEqualTo("hello".getBytes());

        assertThat(op.getOk("/sandbox/api/rooms").path("items")).hasSize(2);
        assertThat(op.getOk("/sandbox/api/rooms/" + roomId + "/messages").path("items")).hasSize(2);
        assertThat(op.getOk("/sandbox/api/people").path("items")).hasSize(2);
        assertThat(op.getOk("/sandbox/api/bot").path("id").asText()).isEqualTo(sandbox.botPersonId());
        JsonNode status = op.getOk("/sandbox/api/status");
        assertThat(status.path("devices").asInt()).isEqualTo(1);
        assertThat(status.path("connectedSockets").asInt()).isEqualTo(1);
        assertThat(status.path("messages").asInt()).isEqualTo(4);
    }

    @Test
    void operatorErrorsUseTheWebexErrorShape() {
        HttpResponse<String> r = operator().post("/sandbox/api/messages", "{\"text\":\"who am i\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(BotClient.json(r).path("message").asText()).contains("personEmail");
        HttpResponse<String> notMember = operator().post("/sandbox/api/messages", "{\"personEmail\":\"x@example.com\",\"roomId\":\""
                + sandbox.createGroupRoom("Closed", List.of()).path("id").asText() + "\",\"text\":\"let me in\"}");
        assertThat(notMember.statusCode()).isEqualTo(400);
    }

    @Test
    void rawFramesOverHttpReachTheSocket() throws InterruptedException {
        MercuryConnection c = connect("d");
        HttpResponse<String> r = operator().post("/sandbox/api/raw-frames", "{\"not\":\"an envelope\"}");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(c.frames.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"not\":\"an envelope\"}");
    }

    @Test
    void corsIsAllowedForLocalhostOrigins() {
        BotClient op = operator();
        HttpRequest preflight = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/api/messages"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build();
        HttpResponse<String> ok = op.http.sendAsync(preflight, HttpResponse.BodyHandlers.ofString()).orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");

        HttpRequest foreign = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/api/status"))
                .header("Origin", "http://evil.example.com").build();
        HttpResponse<String> denied = op.http.sendAsync(foreign, HttpResponse.BodyHandlers.ofString()).orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void serverSentEventsCarryMessagesAndActivities() {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/api/events")).build();
        operator().http.sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.complete(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                lines.add(line);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        }));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains(": connected"));
            connect("d");
            sandbox.userPost("alice@example.com", null, "live", null, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: message") && lines.contains("event: activity"));
            String data = lines.stream().filter(l -> l.startsWith("data: ") && l.contains("\"event\":\"created\""))
                    .findFirst().orElseThrow();
            JsonNode payload = BotClient.parse(data.substring(6));
            assertThat(payload.path("message").path("text").asText()).isEqualTo("live");
        } finally {
            subscription.join().cancel();
        }
    }

    @Test
    void listenersSeeMessagesAndActivities() {
        List<String> events = new CopyOnWriteArrayList<>();
        sandbox.addListener(new SandboxListener() {
            @Override
            public void onMessage(String event, ObjectNode message) {
                events.add(event + ":" + message.path("text").asText());
            }

            @Override
            public void onActivity(ObjectNode envelope) {
                events.add("activity:" + envelope.path("data").path("activity").path("verb").asText());
            }
        });
        String roomId = sandbox.directRoom("alice@example.com").path("id").asText();
        sandbox.userPost("alice@example.com", null, "hello", null, false);
        JsonNode reply = bot.postOk("/v1/messages", BotClient.JSON.createObjectNode().put("roomId", roomId).put("text", "hi"));
        bot.delete("/v1/messages/" + reply.path("id").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 6);
        assertThat(events).containsExactly("created:hello", "activity:post", "created:hi", "activity:post",
                "deleted:hi", "activity:delete");
    }
}
