package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class HydraApiTest extends SandboxTestBase {

    private ObjectNode msg(String roomId) {
        return BotClient.JSON.createObjectNode().put("roomId", roomId);
    }

    private static void assertWebexError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = BotClient.json(r);
        assertThat(body.path("message").asText()).isNotEmpty();
        assertThat(body.path("errors").get(0).path("description").asText()).isNotEmpty();
        assertThat(body.path("trackingId").asText()).isEqualTo(r.headers().firstValue("TrackingID").orElseThrow());
    }

    @Test
    void everyCallNeedsTheBearerToken() {
        assertWebexError(new BotClient(sandbox, null).get("/v1/people/me"), 401);
        assertWebexError(new BotClient(sandbox, "x_y_z").get("/v1/rooms"), 401);
        assertWebexError(new BotClient(sandbox, "x").post("/v1/messages", "{}"), 401);
    }

    @Test
    void groupMessageWithoutMentionIsInvisibleToTheBot() {
        MercuryConnection c = connect("d");
        ObjectNode room = sandbox.createGroupRoom("Ops", List.of("alice@example.com", "bob@example.com"));
        String roomId = room.path("id").asText();
        ObjectNode unseen = sandbox.userPost("alice@example.com", roomId, "just chatting", null, false);
        ObjectNode seen = sandbox.userPost("bob@example.com", roomId, "deploy please", null, true);

        // Activities are pushed in order, so the first one the socket gets proves the first was skipped.
        JsonNode activity = c.awaitActivity("post").path("data").path("activity");
        assertThat(activity.path("id").asText()).isEqualTo(WebexIds.uuidOf(seen.path("id").asText(), WebexIds.MESSAGE));
        assertThat(activity.path("target").path("tags")).isEmpty();
        assertThat(activity.path("object").path("mentions").path("items").get(0).path("id").asText())
                .isEqualTo(WebexIds.uuidOf(sandbox.botPersonId(), WebexIds.PEOPLE));

        assertWebexError(bot.get("/v1/messages/" + unseen.path("id").asText()), 404);
        String unseenUuid = WebexIds.uuidOf(unseen.path("id").asText(), WebexIds.MESSAGE);
        assertThat(bot.get("/conversation/api/v1/messages/" + unseenUuid).statusCode()).isEqualTo(404);

        JsonNode fetched = bot.getOk("/v1/messages/" + seen.path("id").asText());
        assertThat(fetched.path("text").asText()).isEqualTo("Gateway Bot deploy please");
        assertThat(fetched.path("html").asText()).contains("<spark-mention data-object-type=\"person\" data-object-id=\""
                + sandbox.botPersonId() + "\">Gateway Bot</spark-mention>");
        assertThat(fetched.path("mentionedPeople").get(0).asText()).isEqualTo(sandbox.botPersonId());
        assertThat(fetched.path("roomType").asText()).isEqualTo("group");

        // The operator view still has both.
        assertThat(sandbox.messages(roomId)).hasSize(2);
    }

    @Test
    void postReturns200WithTheFullMessage() {
        ObjectNode room = sandbox.directRoom("alice@example.com");
        JsonNode m = bot.postOk("/v1/messages", msg(room.path("id").asText()).put("text", "hi"));
        assertThat(m.path("id").asText()).isNotEmpty();
        assertThat(m.path("roomId").asText()).isEqualTo(room.path("id").asText());
        assertThat(m.path("roomType").asText()).isEqualTo("direct");
        assertThat(m.path("personId").asText()).isEqualTo(sandbox.botPersonId());
        assertThat(m.path("personEmail").asText()).isEqualTo("gateway-bot@webex.bot");
        assertThat(m.has("updated")).isFalse();
        assertThat(bot.getOk("/v1/messages/" + m.path("id").asText())).isEqualTo(m);
    }

    @Test
    void toPersonEmailAndToPersonIdTargetTheDirectRoom() {
        ObjectNode alice = sandbox.createPerson("alice@example.com", "Alice A");
        JsonNode byEmail = bot.postOk("/v1/messages", BotClient.JSON.createObjectNode()
                .put("toPersonEmail", "alice@example.com").put("text", "a"));
        JsonNode byId = bot.postOk("/v1/messages", BotClient.JSON.createObjectNode()
                .put("toPersonId", alice.path("id").asText()).put("text", "b"));
        assertThat(byEmail.path("roomId").asText()).isEqualTo(byId.path("roomId").asText())
                .isEqualTo(sandbox.directRoom("alice@example.com").path("id").asText());
        JsonNode direct = bot.getOk("/v1/messages/direct?personEmail=alice@example.com");
        assertThat(direct.path("items")).hasSize(2);
        assertThat(direct.path("items").get(0).path("text").asText()).isEqualTo("b");
    }

    @Test
    void markdownIsStoredWithAPlainTextRendering() {
        String roomId = sandbox.directRoom("alice@example.com").path("id").asText();
        JsonNode m = bot.postOk("/v1/messages", msg(roomId)
                .put("markdown", "# Status\n**all** _green_, see [the board](http://x) <@personEmail:alice@example.com|Alice>"));
        assertThat(m.path("markdown").asText()).startsWith("# Status");
        assertThat(m.path("text").asText()).isEqualTo("Status\nall green, see the board Alice");
        assertThat(m.path("mentionedPeople").get(0).asText())
                .isEqualTo(sandbox.createPerson("alice@example.com", null).path("id").asText());
    }

    @Test
    void messageSizeLimitIs7439Utf8Bytes() {
        String roomId = sandbox.directRoom("alice@example.com").path("id").asText();
        assertThat(bot.post("/v1/messages", msg(roomId).put("text", "a".repeat(7439))).statusCode()).isEqualTo(200);
        assertWebexError(bot.post("/v1/messages", msg(roomId).put("text", "a".repeat(7440))), 400);
        assertWebexError(bot.post("/v1/messages", msg(roomId).put("markdown", "a".repeat(7440))), 400);
        // 2,480 three-byte characters = 7,440 bytes although only 2,480 chars.
        assertWebexError(bot.post("/v1/messages", msg(roomId).put("text", "€".repeat(2480))), 400);
        assertThat(bot.post("/v1/messages", msg(roomId).put("text", "€".repeat(2479))).statusCode()).isEqualTo(200);
    }

    @Test
    void invalidMessagesAre400() {
        String roomId = sandbox.directRoom("alice@example.com").path("id").asText();
        assertWebexError(bot.post("/v1/messages", msg(roomId)), 400);
        assertWebexError(bot.post("/v1/messages", msg(roomId).put("text", "")), 400);
        assertWebexError(bot.post("/v1/messages", msg(WebexIds.encode("us", WebexIds.ROOM, WebexIds.randomUuid())).put("text", "x")), 400);
        assertWebexError(bot.post("/v1/messages", BotClient.JSON.createObjectNode().put("text", "no target")), 400);
        assertWebexError(bot.post("/v1/messages", "{not json"), 400);
        ObjectNode twoCards = msg(roomId).put("text", "cards");
        twoCards.putArray("attachments").add(CardsAndSharesTest.card()).add(CardsAndSharesTest.card());
        assertWebexError(bot.post("/v1/messages", twoCards), 400);
        ObjectNode twoFiles = msg(roomId).put("text", "files");
        twoFiles.putArray("files").add("http://example.com/a").add("http://example.com/b");
        assertWebexError(bot.post("/v1/messages", twoFiles), 400);
        ObjectNode wrongCard = msg(roomId).put("text", "x");
        wrongCard.putArray("attachments").addObject().put("contentType", "text/html").putObject("content");
        assertWebexError(bot.post("/v1/messages", wrongCard), 400);
    }

    @Test
    void repliesAcceptRawOrPublicParentIdsAndStayOneLevelDeep() {
        MercuryConnection c = connect("d");
        ObjectNode root = sandbox.userPost("alice@example.com", null, "question", null, false);
        String rootUuid = WebexIds.uuidOf(root.path("id").asText(), WebexIds.MESSAGE);
        String roomId = root.path("roomId").asText();

        JsonNode rawReply = bot.postOk("/v1/messages", msg(roomId).put("text", "raw").put("parentId", rootUuid));
        JsonNode publicReply = bot.postOk("/v1/messages", msg(roomId).put("text", "pub").put("parentId", root.path("id").asText()));
        assertThat(rawReply.path("parentId").asText()).isEqualTo(root.path("id").asText());
        assertThat(publicReply.path("parentId").asText()).isEqualTo(root.path("id").asText());

        assertWebexError(bot.post("/v1/messages", msg(roomId).put("text", "x").put("parentId", rawReply.path("id").asText())), 400);
        ObjectNode other = sandbox.directRoom("bob@example.com");
        assertWebexError(bot.post("/v1/messages", msg(other.path("id").asText()).put("text", "x").put("parentId", rootUuid)), 400);
        assertWebexError(bot.post("/v1/messages", msg(roomId).put("text", "x").put("parentId", WebexIds.randomUuid())), 400);

        // A user's thread reply carries parent {type: reply, id: root activity}.
        sandbox.userPost("alice@example.com", null, "follow-up", root.path("id").asText(), false);
        JsonNode userReply = c.awaitFrame(f -> "follow-up".equals(
                f.path("data").path("activity").path("object").path("displayName").asText()));
        JsonNode parent = userReply.path("data").path("activity").path("parent");
        assertThat(parent.path("type").asText()).isEqualTo("reply");
        assertThat(parent.path("id").asText()).isEqualTo(rootUuid);

        JsonNode thread = bot.getOk("/v1/messages?roomId=" + roomId + "&parentId=" + root.path("id").asText());
        assertThat(thread.path("items")).extracting(n -> n.path("text").asText()).containsExactly("follow-up", "pub", "raw");
    }

    @Test
    void listingInGroupRoomsNeedsMentionedPeopleAndPages() {
        String roomId = sandbox.createGroupRoom("Ops", List.of("alice@example.com")).path("id").asText();
        for (int i = 0; i < 5; i++) {
            sandbox.userPost("alice@example.com", roomId, "cmd " + i, null, true);
            sandbox.userPost("alice@example.com", roomId, "chatter " + i, null, false);
        }
        bot.postOk("/v1/messages", msg(roomId).put("text", "bot says"));

        assertWebexError(bot.get("/v1/messages?roomId=" + roomId), 403);
        assertWebexError(bot.get("/v1/messages?roomId=" + roomId + "&mentionedPeople=somebody"), 400);

        HttpResponse<String> page1 = bot.get("/v1/messages?roomId=" + roomId + "&mentionedPeople=me&max=3");
        assertThat(page1.statusCode()).isEqualTo(200);
        assertThat(BotClient.json(page1).path("items")).extracting(n -> n.path("text").asText())
                .containsExactly("Gateway Bot cmd 4", "Gateway Bot cmd 3", "Gateway Bot cmd 2");
        String link = page1.headers().firstValue("Link").orElseThrow();
        assertThat(link).startsWith("<" + sandbox.apiUrl() + "/messages?").endsWith(">; rel=\"next\"");
        String next = link.substring(1, link.indexOf('>'));

        HttpResponse<String> page2 = bot.get(next);
        assertThat(BotClient.json(page2).path("items")).extracting(n -> n.path("text").asText())
                .containsExactly("Gateway Bot cmd 1", "Gateway Bot cmd 0");
        assertThat(page2.headers().firstValue("Link")).isEmpty();

        JsonNode byId = bot.getOk("/v1/messages?roomId=" + roomId + "&mentionedPeople=" + sandbox.botPersonId());
        assertThat(byId.path("items")).hasSize(5);
    }

    @Test
    void directRoomListingReturnsEverythingNewestFirstWithBeforeMessage() {
        ObjectNode first = sandbox.userPost("alice@example.com", null, "first", null, false);
        String roomId = first.path("roomId").asText();
        JsonNode second = bot.postOk("/v1/messages", msg(roomId).put("text", "second"));
        sandbox.userPost("alice@example.com", null, "third", null, false);
        JsonNode all = bot.getOk("/v1/messages?roomId=" + roomId);
        assertThat(all.path("items")).extracting(n -> n.path("text").asText()).containsExactly("third", "second", "first");
        JsonNode before = bot.getOk("/v1/messages?roomId=" + roomId + "&beforeMessage=" + second.path("id").asText());
        assertThat(before.path("items")).extracting(n -> n.path("text").asText()).containsExactly("first");
        JsonNode beforeTime = bot.getOk("/v1/messages?roomId=" + roomId + "&before=2000-01-01T00:00:00.000Z");
        assertThat(beforeTime.path("items")).isEmpty();
    }

    @Test
    void editOwnMessagesUpToTenTimes() {
        String roomId = sandbox.directRoom("alice@example.com").path("id").asText();
        JsonNode m = bot.postOk("/v1/messages", msg(roomId).put("text", "v0"));
        String url = "/v1/messages/" + m.path("id").asText();
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> r = bot.put(url, msg(roomId).put("text", "v" + i));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(BotClient.json(r).path("text").asText()).isEqualTo("v" + i);
            assertThat(BotClient.json(r).path("updated").asText()).isNotEmpty();
        }
        assertWebexError(bot.put(url, msg(roomId).put("text", "v11")), 400);
        assertWebexError(bot.put(url, BotClient.JSON.createObjectNode().put("text", "no room")), 400);

        ObjectNode users = sandbox.userPost("alice@example.com", null, "mine", null, false);
        assertWebexError(bot.put("/v1/messages/" + users.path("id").asText(), msg(roomId).put("text", "hijack")), 403);

        ObjectNode withCard = msg(roomId).put("text", "card");
        withCard.putArray("attachments").add(CardsAndSharesTest.card());
        JsonNode card = bot.postOk("/v1/messages", withCard);
        assertWebexError(bot.put("/v1/messages/" + card.path("id").asText(), msg(roomId).put("text", "edit")), 400);
    }

    @Test
    void deleteOwnMessage() {
        MercuryConnection c = connect("d");
        String roomId = sandbox.directRoom("alice@example.com").path("id").asText();
        JsonNode m = bot.postOk("/v1/messages", msg(roomId).put("text", "oops"));
        assertThat(bot.delete("/v1/messages/" + m.path("id").asText()).statusCode()).isEqualTo(204);
        assertWebexError(bot.get("/v1/messages/" + m.path("id").asText()), 404);
        JsonNode deleted = c.awaitActivity("delete").path("data").path("activity");
        assertThat(deleted.path("object").path("id").asText()).isEqualTo(WebexIds.uuidOf(m.path("id").asText(), WebexIds.MESSAGE));
        assertThat(sandbox.messages(roomId)).isEmpty();
    }

    @Test
    void roomsPeopleAndMemberships() {
        String roomId = sandbox.createGroupRoom("Ops", List.of("alice@example.com", "bob@example.com")).path("id").asText();
        JsonNode room = bot.getOk("/v1/rooms/" + roomId);
        assertThat(room.path("title").asText()).isEqualTo("Ops");
        assertThat(room.path("type").asText()).isEqualTo("group");
        assertThat(room.path("isLocked").asBoolean(true)).isFalse();
        assertThat(room.path("creatorId").asText()).isNotEmpty();
        assertThat(room.path("lastActivity").asText()).isNotEmpty();
        sandbox.directRoom("carol@example.com");
        assertThat(bot.getOk("/v1/rooms").path("items")).hasSize(2);
        assertThat(bot.getOk("/v1/rooms?type=direct").path("items")).hasSize(1);

        JsonNode members = bot.getOk("/v1/memberships?roomId=" + roomId);
        assertThat(members.path("items")).hasSize(3);
        JsonNode alice = bot.getOk("/v1/memberships?roomId=" + roomId + "&personEmail=alice@example.com");
        assertThat(alice.path("items")).hasSize(1);
        assertThat(alice.path("items").get(0).path("personEmail").asText()).isEqualTo("alice@example.com");
        assertThat(bot.getOk("/v1/memberships?roomId=" + roomId + "&personEmail=zed@example.com").path("items")).isEmpty();

        String alicePersonId = alice.path("items").get(0).path("personId").asText();
        assertThat(bot.getOk("/v1/people/" + alicePersonId).path("emails").get(0).asText()).isEqualTo("alice@example.com");
        assertWebexError(bot.get("/v1/people/" + WebexIds.encode("us", WebexIds.PEOPLE, WebexIds.randomUuid())), 404);
        assertWebexError(bot.get("/v1/rooms/" + WebexIds.encode("us", WebexIds.ROOM, WebexIds.randomUuid())), 404);
    }

    @Test
    void botRequestsAreReported() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        sandbox.addListener(new SandboxListener() {
            @Override
            public void onBotRequest(String method, String path, int status) {
                seen.add(method + " " + path + " " + status);
            }
        });
        bot.getOk("/v1/people/me");
        new BotClient(sandbox, "bad").get("/v1/people/me");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("GET /v1/people/me 200", "GET /v1/people/me 401");
    }
}
