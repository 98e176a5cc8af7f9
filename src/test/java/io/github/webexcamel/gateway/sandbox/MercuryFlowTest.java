package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MercuryFlowTest extends SandboxTestBase {

    @Override
    SandboxOptions options() {
        return new SandboxOptions().setAuthTimeout(Duration.ofMillis(300));
    }

    @Test
    void discoveryRegistrationAndAuthorizationLeadToBufferState() {
        JsonNode catalog = bot.getOk(sandbox.u2cUrl() + "/catalog?format=hostmap");
        assertThat(catalog.path("serviceLinks").path("wdm").asText()).isEqualTo(sandbox.baseUrl() + "/wdm/api/v1");
        assertThat(catalog.path("serviceLinks").path("hydra").asText()).isEqualTo(sandbox.apiUrl());
        assertThat(catalog.path("serviceLinks").path("conversation").asText())
                .isEqualTo(sandbox.baseUrl() + "/conversation/api/v1");
        JsonNode hosts = catalog.path("hostCatalog").elements().next();
        assertThat(hosts.get(0).path("id").asText()).startsWith("urn:TEAM:us-east-2_a:");

        JsonNode device = bot.registerDevice("python-spark-client");
        assertThat(device.path("url").asText()).startsWith(sandbox.baseUrl() + "/wdm/api/v1/devices/");
        assertThat(device.path("webSocketUrl").asText())
                .matches("ws://127\\.0\\.0\\.1:\\d+/mercury/registrations/[0-9a-f-]{36}/messages");
        assertThat(device.path("name").asText()).isEqualTo("python-spark-client");
        assertThat(device.path("modificationTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        JsonNode list = bot.getOk("/wdm/api/v1/devices");
        assertThat(list.path("devices")).hasSize(1);

        // Extra query parameters (JS and Go SDKs) are ignored.
        MercuryConnection c = track(MercuryConnection.open(bot.http,
                device.path("webSocketUrl").asText() + "?outboundWireFormat=text&bufferStates=true&aliasHttpStatus=true",
                null));
        c.authorize("Bearer " + sandbox.botToken());
        JsonNode ready = c.awaitFrame(f -> true);
        assertThat(ready.path("data").path("eventType").asText()).isEqualTo("mercury.buffer_state");
        assertThat(ready.has("type")).isFalse();
        assertThat(sandbox.connectedSockets()).isEqualTo(1);
    }

    @Test
    void limitedCatalogNeedsNoTokenButTheFullCatalogDoes() {
        BotClient anonymous = new BotClient(sandbox, null);
        assertThat(anonymous.get(sandbox.u2cUrl() + "/limited/catalog?orgId=x&format=hostmap").statusCode()).isEqualTo(200);
        var denied = new BotClient(sandbox, "wrong").get(sandbox.u2cUrl() + "/catalog?format=hostmap");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(BotClient.json(denied).path("trackingId").asText()).isNotEmpty();
        assertThat(denied.headers().firstValue("TrackingID")).isPresent();
    }

    @Test
    void mintedTokenHasTheThreePartShapeTheJsSdkNeeds() {
        String[] parts = sandbox.botToken().split("_");
        assertThat(parts).hasSize(3);
        assertThat(WebexIds.isUuid(parts[2])).isTrue();
        JsonNode me = bot.getOk("/v1/people/me");
        assertThat(WebexIds.uuidOf(me.path("orgId").asText(), WebexIds.ORGANIZATION)).isEqualTo(parts[2]);
        assertThat(me.path("type").asText()).isEqualTo("bot");
        assertThat(me.path("id").asText()).isEqualTo(sandbox.botPersonId());
        assertThat(me.path("emails").get(0).asText()).isEqualTo("gateway-bot@webex.bot");
    }

    @Test
    void directMessageIsPushedAndFetchableByItsPublicId() {
        MercuryConnection c = connect("python-spark-client");
        ObjectNode posted = sandbox.userPost("alice@example.com", null, "hello bot", null, false);

        JsonNode frame = c.awaitActivity("post");
        MercuryConnection.assertEnvelope(frame);
        JsonNode activity = frame.path("data").path("activity");
        assertThat(activity.path("objectType").asText()).isEqualTo("activity");
        assertThat(activity.has("encryptionKeyUrl")).isFalse();
        assertThat(activity.path("object").path("objectType").asText()).isEqualTo("comment");
        assertThat(activity.path("object").path("displayName").asText()).isEqualTo("hello bot");
        JsonNode actor = activity.path("actor");
        assertThat(actor.path("type").asText()).isEqualTo("PERSON");
        assertThat(actor.path("emailAddress").asText()).isEqualTo("alice@example.com");
        assertThat(actor.path("entryUUID").asText()).isEqualTo(WebexIds.uuidOf(posted.path("personId").asText(), WebexIds.PEOPLE));
        JsonNode target = activity.path("target");
        String roomUuid = WebexIds.uuidOf(posted.path("roomId").asText(), WebexIds.ROOM);
        assertThat(target.path("id").asText()).isEqualTo(roomUuid);
        assertThat(target.path("url").asText()).isEqualTo(sandbox.baseUrl() + "/conversation/api/v1/conversations/" + roomUuid);
        assertThat(target.path("tags").toString()).contains("ONE_ON_ONE");
        assertThat(activity.has("parent")).isFalse();

        // webex_bot: rewrite target.url to the conversation resolver, then fetch the message from Hydra.
        String resolver = target.path("url").asText().replace("conversations/" + roomUuid, "messages/" + activity.path("id").asText());
        String publicId = bot.getOk(resolver).path("id").asText();
        assertThat(publicId).isEqualTo(posted.path("id").asText());
        assertThat(WebexIds.uuidOf(publicId, WebexIds.MESSAGE)).isEqualTo(activity.path("id").asText());

        JsonNode message = bot.getOk("/v1/messages/" + publicId);
        assertThat(message.path("text").asText()).isEqualTo("hello bot");
        assertThat(message.path("roomType").asText()).isEqualTo("direct");
        assertThat(message.path("personEmail").asText()).isEqualTo("alice@example.com");
        assertThat(message.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        // Raw uuids are not REST ids.
        assertThat(bot.get("/v1/messages/" + activity.path("id").asText()).statusCode()).isEqualTo(404);
    }

    @Test
    void sequenceNumbersIncreasePerSocket() {
        MercuryConnection c = connect("d");
        sandbox.userPost("alice@example.com", null, "one", null, false);
        sandbox.userPost("alice@example.com", null, "two", null, false);
        long first = c.awaitActivity("post").path("sequenceNumber").asLong();
        long second = c.awaitActivity("post").path("sequenceNumber").asLong();
        assertThat(second).isEqualTo(first + 1);
    }

    @Test
    void botOwnPostsArePushedWithBotActor() {
        MercuryConnection c = connect("d");
        ObjectNode room = sandbox.directRoom("alice@example.com");
        bot.postOk("/v1/messages", BotClient.JSON.createObjectNode().put("roomId", room.path("id").asText()).put("text", "pong"));
        JsonNode actor = c.awaitActivity("post").path("data").path("activity").path("actor");
        assertThat(actor.path("type").asText()).isEqualTo("BOT");
        assertThat(actor.path("emailAddress").asText()).isEqualTo("gateway-bot@webex.bot");
    }

    @Test
    void readReceiptsArriveAsAcknowledgeActivities() {
        MercuryConnection c = connect("d");
        ObjectNode room = sandbox.directRoom("alice@example.com");
        JsonNode sent = bot.postOk("/v1/messages", BotClient.JSON.createObjectNode().put("roomId", room.path("id").asText()).put("text", "hi"));
        sandbox.userAcknowledge("alice@example.com", sent.path("id").asText());
        JsonNode ack = c.awaitActivity("acknowledge").path("data").path("activity");
        assertThat(ack.path("object").path("id").asText()).isEqualTo(WebexIds.uuidOf(sent.path("id").asText(), WebexIds.MESSAGE));
        assertThat(ack.path("actor").path("emailAddress").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void fanOutReachesEveryRegisteredDevice() {
        MercuryConnection a = connect("device-a");
        MercuryConnection b = connect("device-b");
        ObjectNode posted = sandbox.userPost("alice@example.com", null, "to everyone", null, false);
        String uuid = WebexIds.uuidOf(posted.path("id").asText(), WebexIds.MESSAGE);
        assertThat(a.awaitActivity("post").path("data").path("activity").path("id").asText()).isEqualTo(uuid);
        assertThat(b.awaitActivity("post").path("data").path("activity").path("id").asText()).isEqualTo(uuid);
        assertThat(sandbox.devices()).hasSize(2);
        assertThat(sandbox.connectedSockets()).isEqualTo(2);
    }

    @Test
    void deletedDeviceIsA404OnTheUpgrade() {
        JsonNode device = bot.registerDevice("stale");
        assertThat(bot.delete(device.path("url").asText()).statusCode()).isEqualTo(204);
        assertThat(bot.put(device.path("url").asText(), "{}").statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> MercuryConnection.open(bot.http, device.path("webSocketUrl").asText(), null))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void deleteAllDevicesAndRefresh() {
        JsonNode d1 = bot.registerDevice("one");
        bot.registerDevice("two");
        var refreshed = bot.put(d1.path("url").asText(), d1.toString());
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(BotClient.json(refreshed).path("url").asText()).isEqualTo(d1.path("url").asText());
        assertThat(bot.delete("/wdm/api/v1/devices").statusCode()).isEqualTo(204);
        assertThat(bot.getOk("/wdm/api/v1/devices").path("devices")).isEmpty();
    }

    @Test
    void deviceCapAnswersExcessiveRegistrations() {
        sandbox.close();
        sandbox = new WebexSandbox(vertx, new SandboxOptions().setMaxDevices(1));
        sandbox.start();
        bot = new BotClient(sandbox);
        bot.registerDevice("first");
        var refused = bot.post("/wdm/api/v1/devices", "{\"name\":\"second\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(BotClient.json(refused).path("message").asText()).isEqualTo("User has excessive device registrations");
    }

    @Test
    void wrongTokenInTheAuthorizationFrameClosesWith4401() {
        JsonNode device = bot.registerDevice("d");
        MercuryConnection c = track(MercuryConnection.open(bot.http, device.path("webSocketUrl").asText(), null));
        c.authorize("Bearer nope");
        assertThat(c.awaitClose()).isEqualTo(4401);
    }

    @Test
    void rawTokenWithoutBearerPrefixIsAccepted() {
        JsonNode device = bot.registerDevice("go-sdk");
        MercuryConnection c = track(MercuryConnection.open(bot.http, device.path("webSocketUrl").asText(), null));
        c.authorize(sandbox.botToken());
        c.awaitFrame(f -> "mercury.buffer_state".equals(f.path("data").path("eventType").asText()));
    }

    @Test
    void headerOnlyAuthorizationWorks() {
        JsonNode device = bot.registerDevice("android");
        MercuryConnection c = track(MercuryConnection.open(bot.http, device.path("webSocketUrl").asText(),
                "Bearer " + sandbox.botToken()));
        c.awaitFrame(f -> "mercury.buffer_state".equals(f.path("data").path("eventType").asText()));
        sandbox.userPost("alice@example.com", null, "hi", null, false);
        c.awaitActivity("post");
    }

    @Test
    void socketWithoutAuthorizationIsClosedAfterTheTimeout() {
        JsonNode device = bot.registerDevice("silent");
        MercuryConnection c = track(MercuryConnection.open(bot.http, device.path("webSocketUrl").asText(), null));
        assertThat(c.awaitClose()).isEqualTo(1008);
        assertThat(sandbox.connectedSockets()).isZero();
    }

    @Test
    void jsonPingGetsPongWithSameIdAndControlPingsAreAnswered() {
        MercuryConnection c = connect("js");
        c.send("{\"id\":\"ping-1\",\"type\":\"ping\"}");
        JsonNode pong = c.awaitFrame(f -> "pong".equals(f.path("type").asText()));
        assertThat(pong.path("id").asText()).isEqualTo("ping-1");
        assertThat(pong.path("sequenceNumber").isNumber()).isTrue();

        c.ping("rfc6455");
        await().atMost(Duration.ofSeconds(5)).until(() -> !c.pongs.isEmpty());
        assertThat(StandardCharsets.UTF_8.decode(c.pongs.peek()).toString()).isEqualTo("rfc6455");
    }

    @Test
    void acksAreAcceptedAndCounted() {
        MercuryConnection c = connect("d");
        c.send("{\"type\":\"ack\",\"messageId\":\"whatever\"}");
        c.send("not json at all");
        c.send("{\"type\":\"ack\",\"messageId\":\"" + WebexIds.randomUuid() + "\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.status().path("acks").asInt() == 2);
        // The socket survives garbage.
        c.send("{\"id\":\"p\",\"type\":\"ping\"}");
        c.awaitFrame(f -> "pong".equals(f.path("type").asText()));
    }

    @Test
    void rawFramesAndCustomActivitiesReachTheSocket() throws InterruptedException {
        MercuryConnection c = connect("d");
        sandbox.pushRawFrame("{\"broken\":");
        ObjectNode custom = BotClient.JSON.createObjectNode().put("id", WebexIds.randomUuid()).put("verb", "tombstone");
        sandbox.pushActivity(custom);
        assertThat(c.frames.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"broken\":");
        JsonNode frame = c.awaitActivity("tombstone");
        MercuryConnection.assertEnvelope(frame);
    }
}
