package io.github.webexcamel.gateway.e2e;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Card submits come back as cardAction activities, are fetched as attachment actions and answered. */
class CardActionTest extends GatewayTestSupport {

    @Test
    void chatSettingsCardSubmitIsStoredAndConfirmed() {
        String user = newUser();
        ObjectNode request = say(user, "/chat");
        String room = request.path("roomId").asText();
        ObjectNode card = awaitBotMessages(room, 1).get(0);
        JsonNode content = card.path("attachments").path(0).path("content");
        assertThat(content.path("body").findValuesAsText("id")).contains("model", "temperature", "systemPrompt");

        sandbox.userSubmit(user, card.path("id").asText(), Map.of("model", "llama3.1", "temperature", "0.7",
                "systemPrompt", "Be brief", "command", "/chat", "action", "save"));
        ObjectNode confirmation = awaitBotMessage(room, m -> text(m).startsWith("Chat settings saved"));
        assertThat(text(confirmation)).contains("llama3.1").contains("0.7");

        // the next /chat shows what was saved
        say(user, "/chat");
        ObjectNode again = awaitBotMessages(room, 3).get(2);
        assertThat(again.path("attachments").path(0).path("content").toString()).contains("llama3.1", "Be brief");
    }

    @Test
    void invalidCardInputGetsAClearMessage() {
        String user = newUser();
        String room = say(user, "/chat").path("roomId").asText();
        ObjectNode card = awaitBotMessages(room, 1).get(0);
        sandbox.userSubmit(user, card.path("id").asText(), Map.of("temperature", "hot", "command", "/chat", "action", "save"));
        assertThat(text(awaitBotMessages(room, 2).get(1))).isEqualTo("Temperature must be a number between 0 and 2.");
    }

    @Test
    void helpCardButtonRunsTheCommandInTheSameThread() {
        String user = newUser();
        String room = sandbox.createGroupRoom("cards", List.of(user)).path("id").asText();
        ObjectNode request = sandbox.userPost(user, room, "/help", null, true);
        ObjectNode help = awaitBotMessages(room, 1).get(0);
        sandbox.userSubmit(user, help.path("id").asText(), Map.of("command", "/chat"));
        ObjectNode settings = awaitBotMessages(room, 2).get(1);
        assertThat(settings.path("attachments").path(0).path("content").toString()).contains("Chat settings for this space");
        assertThat(settings.path("parentId").asText()).isEqualTo(request.path("id").asText());
    }

    @Test
    void aSubmitWithoutCommandIsAnsweredNotDropped() {
        String user = newUser();
        String room = say(user, "/help").path("roomId").asText();
        ObjectNode help = awaitBotMessages(room, 1).get(0);
        sandbox.userSubmit(user, help.path("id").asText(), Map.of("unexpected", "input"));
        assertThat(text(awaitBotMessages(room, 2).get(1))).contains("not connected to a command");
    }
}
