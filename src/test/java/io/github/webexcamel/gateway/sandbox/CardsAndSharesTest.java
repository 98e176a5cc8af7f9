package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardsAndSharesTest extends SandboxTestBase {

    static ObjectNode card() {
        ObjectNode att = BotClient.JSON.createObjectNode();
        att.put("contentType", "application/vnd.microsoft.card.adaptive");
        ObjectNode content = att.putObject("content");
        content.put("type", "AdaptiveCard").put("version", "1.3");
        content.putArray("body").addObject().put("type", "Input.Text").put("id", "reason");
        content.putArray("actions").addObject().put("type", "Action.Submit").put("title", "Go")
                .putObject("data").put("callback_keyword", "approve");
        return att;
    }

    @Test
    void cardSubmitRoundTrip() {
        MercuryConnection c = connect("d");
        String roomId = sandbox.createGroupRoom("Ops", List.of("alice@example.com")).path("id").asText();
        ObjectNode body = BotClient.JSON.createObjectNode().put("roomId", roomId)
                .put("text", "This bot requires a client which can render cards.");
        body.putArray("attachments").add(card());
        JsonNode cardMessage = bot.postOk("/v1/messages", body);
        assertThat(cardMessage.path("attachments").get(0).path("content").path("type").asText()).isEqualTo("AdaptiveCard");
        c.awaitActivity("post");

        // No mention needed: submissions go to the app that posted the card.
        ObjectNode action = sandbox.userSubmit("alice@example.com", cardMessage.path("id").asText(),
                Map.of("reason", "because", "callback_keyword", "approve"));
        JsonNode activity = c.awaitActivity("cardAction").path("data").path("activity");
        String cardUuid = WebexIds.uuidOf(cardMessage.path("id").asText(), WebexIds.MESSAGE);
        assertThat(activity.path("parent").path("type").asText()).isEqualTo("cardAction");
        assertThat(activity.path("parent").path("id").asText()).isEqualTo(cardUuid);
        assertThat(activity.path("object").path("objectType").asText()).isEqualTo("submit");
        assertThat(activity.path("object").path("inputs").path("reason").asText()).isEqualTo("because");
        assertThat(activity.path("actor").path("emailAddress").asText()).isEqualTo("alice@example.com");

        String activityUuid = activity.path("id").asText();
        String roomUuid = activity.path("target").path("id").asText();
        String resolver = activity.path("target").path("url").asText()
                .replace("conversations/" + roomUuid, "attachment/actions/" + activityUuid);
        String actionId = bot.getOk(resolver).path("id").asText();
        assertThat(actionId).isEqualTo(action.path("id").asText());
        assertThat(WebexIds.uuidOf(actionId, WebexIds.ATTACHMENT_ACTION)).isEqualTo(activityUuid);

        JsonNode fetched = bot.getOk("/v1/attachment/actions/" + actionId);
        assertThat(fetched.path("type").asText()).isEqualTo("submit");
        assertThat(fetched.path("messageId").asText()).isEqualTo(cardMessage.path("id").asText());
        assertThat(fetched.path("roomId").asText()).isEqualTo(roomId);
        assertThat(fetched.path("personId").asText())
                .isEqualTo(sandbox.createPerson("alice@example.com", null).path("id").asText());
        assertThat(fetched.path("inputs").path("callback_keyword").asText()).isEqualTo("approve");
        assertThat(fetched.path("created").asText()).endsWith("Z");
    }

    @Test
    void botCanCreateAnAttachmentAction() {
        String roomId = sandbox.directRoom("alice@example.com").path("id").asText();
        ObjectNode body = BotClient.JSON.createObjectNode().put("roomId", roomId);
        body.putArray("attachments").add(card());
        JsonNode cardMessage = bot.postOk("/v1/messages", body);
        ObjectNode submit = BotClient.JSON.createObjectNode().put("type", "submit")
                .put("messageId", cardMessage.path("id").asText());
        submit.putObject("inputs").put("x", "1");
        JsonNode action = bot.postOk("/v1/attachment/actions", submit);
        assertThat(action.path("inputs").path("x").asText()).isEqualTo("1");
        assertThat(bot.getOk("/v1/attachment/actions/" + action.path("id").asText()).path("messageId").asText())
                .isEqualTo(cardMessage.path("id").asText());
    }

    @Test
    void shareIsFollowedByASafeUpdateAndTheFileIsDownloadable() {
        MercuryConnection c = connect("d");
        byte[] content = "id,status\n1,ok\n".getBytes(StandardCharsets.UTF_8);
        ObjectNode message = sandbox.userShare("alice@example.com", null, "the report",
                List.of(new SandboxFile("report.csv", "text/csv", content)));
        String uuid = WebexIds.uuidOf(message.path("id").asText(), WebexIds.MESSAGE);

        JsonNode share = c.awaitActivity("share").path("data").path("activity");
        assertThat(share.path("id").asText()).isEqualTo(uuid);
        assertThat(share.path("object").path("objectType").asText()).isEqualTo("content");
        JsonNode update = c.awaitActivity("update").path("data").path("activity");
        assertThat(update.path("object").path("objectType").asText()).isEqualTo("content");
        assertThat(update.path("object").path("contentCategory").asText()).isEqualTo("documents");
        assertThat(update.path("object").path("files").path("items")).isNotEmpty()
                .allSatisfy(item -> assertThat(item.path("malwareQuarantineState").asText()).isEqualTo("safe"));

        // webex_bot resolves the remembered share activity id.
        JsonNode resolved = bot.getOk("/conversation/api/v1/messages/" + share.path("id").asText());
        JsonNode fetched = bot.getOk("/v1/messages/" + resolved.path("id").asText());
        assertThat(fetched.path("text").asText()).isEqualTo("the report");
        String fileUrl = fetched.path("files").get(0).asText();
        assertThat(fileUrl).startsWith(sandbox.apiUrl() + "/contents/");
        String contentId = fileUrl.substring(fileUrl.lastIndexOf('/') + 1);
        assertThat(WebexIds.decode(contentId).local()).isEqualTo(uuid + "/0");

        HttpResponse<byte[]> file = bot.getBytes(fileUrl);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(content);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("text/csv");
        assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"report.csv\"");

        HttpResponse<String> head = bot.head(fileUrl);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(content.length));
        assertThat(head.body()).isEmpty();

        assertThat(new BotClient(sandbox, null).get(fileUrl).statusCode()).isEqualTo(401);
    }
}
