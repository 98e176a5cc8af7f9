package io.github.webexcamel.gateway.e2e;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Group spaces: the bot hears only messages that mention it, strips the mention, replies in the thread. */
class GroupSpaceTest extends GatewayTestSupport {

    @Test
    void mentionIsStrippedAndTheReplyGoesIntoTheRequestsThread() {
        String user = newUser();
        String room = sandbox.createGroupRoom("ops", List.of(user)).path("id").asText();
        ObjectNode request = sandbox.userPost(user, room, "/echo deploy done", null, true);
        assertThat(text(request)).as("the sandbox puts the bot's name in front, as Webex does").startsWith("Gateway Bot");
        ObjectNode reply = awaitBotMessages(room, 1).get(0);
        assertThat(text(reply)).isEqualTo("deploy done");
        assertThat(reply.path("parentId").asText()).isEqualTo(request.path("id").asText());
    }

    @Test
    void messagesWithoutMentionAreNotSeen() {
        String user = newUser();
        String room = sandbox.createGroupRoom("chatter", List.of(user)).path("id").asText();
        sandbox.userPost(user, room, "/echo not for the bot", null, false);
        sandbox.userPost(user, room, "/echo for the bot", null, true);
        awaitBotMessage(room, m -> text(m).equals("for the bot"));
        assertThat(botMessages(room)).hasSize(1);
    }

    @Test
    void unknownCommandInAGroupIsAnsweredInTheThread() {
        String user = newUser();
        String room = sandbox.createGroupRoom("ops2", List.of(user)).path("id").asText();
        ObjectNode request = sandbox.userPost(user, room, "/nope", null, true);
        ObjectNode reply = awaitBotMessages(room, 1).get(0);
        assertThat(text(reply)).contains("/help");
        assertThat(reply.path("parentId").asText()).isEqualTo(request.path("id").asText());
    }

    @Test
    void aMentionWithoutCommandGetsAPointer() {
        String user = newUser();
        String room = sandbox.createGroupRoom("hi", List.of(user)).path("id").asText();
        sandbox.userPost(user, room, "are you there?", null, true);
        assertThat(text(awaitBotMessages(room, 1).get(0))).contains("/help");
    }
}
