package io.github.webexcamel.gateway.e2e;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands in a 1:1 space, end to end through the sandbox's Mercury socket and REST API. */
class DirectSpaceTest extends GatewayTestSupport {

    @Test
    void echoRepliesWithExactlyTheText() {
        String user = newUser();
        String typed = "“smart quotes” don't  break ü ✓ <b>not html</b> *not bold*";
        ObjectNode request = say(user, "/echo " + typed);
        ObjectNode reply = awaitBotMessages(request.path("roomId").asText(), 1).get(0);
        assertThat(text(reply)).isEqualTo(typed);
        assertThat(reply.has("markdown")).isFalse();
        assertThat(reply.has("parentId")).as("1:1 replies to top-level messages are not threaded").isFalse();
    }

    @Test
    void echoWithoutTextAnswersWithUsage() {
        ObjectNode request = say(newUser(), "/echo");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0))).isEqualTo("Usage: /echo <text>");
    }

    @Test
    void helpIsACardGeneratedFromTheRegisteredCommandsWithMarkdownFallback() {
        ObjectNode request = say(newUser(), "/help");
        ObjectNode reply = awaitBotMessages(request.path("roomId").asText(), 1).get(0);
        JsonNode attachment = reply.path("attachments").path(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("version").asText()).isEqualTo("1.3");
        List<String> keywords = card.path("body").findValues("title").stream().map(JsonNode::asText).toList();
        assertThat(keywords).contains("/help", "/echo", "/chat", "/deploy");
        assertThat(text(reply)).contains("/echo <text>", "/help");
        // the help lines' placeholders are shown, not swallowed as unknown HTML tags
        assertThat(reply.path("markdown").asText()).contains("/echo &lt;text>").doesNotContain("<text>");
    }

    @Test
    void plainTextInADirectSpaceGoesToTheDefaultRouteWhichIsHelp() {
        ObjectNode request = say(newUser(), "hello there");
        ObjectNode reply = awaitBotMessages(request.path("roomId").asText(), 1).get(0);
        assertThat(reply.path("attachments").path(0).path("content").path("body").toString()).contains("/echo");
    }

    @Test
    void unknownCommandPointsToHelp() {
        ObjectNode request = say(newUser(), "/frobnicate now");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0)))
                .contains("don't know that command").contains("/help");
    }

    @Test
    void keywordMatchIsExactByDefault() {
        ObjectNode request = say(newUser(), "/echoes hello");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0))).contains("don't know that command");
    }

    @Test
    void prefixCommandMatchesLongerKeywordsAndParsesArguments() {
        ObjectNode request = say(newUser(), "/deploy-api “eu west” env=prod note='a=b'");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0)))
                .isEqualTo("deploying [-api “eu west” env=prod note='a=b'] argv=-api,eu west options={env=prod, note=a=b}");
    }

    @Test
    void aFailingCommandGetsAnApologyWithAReferenceButNoInternals() {
        ObjectNode request = say(newUser(), "/boom");
        String reply = text(awaitBotMessages(request.path("roomId").asText(), 1).get(0));
        assertThat(reply).startsWith("Sorry, that did not work (ref ").doesNotContain("internal detail");
    }

    @Test
    void aReplyInAThreadStaysInThatThread() {
        String user = newUser();
        ObjectNode root = say(user, "/echo root");
        String room = root.path("roomId").asText();
        awaitBotMessages(room, 1);
        ObjectNode threaded = sandbox.userPost(user, room, "/echo in thread", root.path("id").asText(), false);
        ObjectNode reply = awaitBotMessage(room, m -> text(m).equals("in thread"));
        assertThat(reply.path("parentId").asText()).isEqualTo(threaded.path("parentId").asText());
    }

    @Test
    void aCommandThatNeverFinishesDoesNotBlockItsSpaceForGood() throws Exception {
        String user = newUser();
        long stuckBefore = webex.consumers().get(0).stuckEvents();
        ObjectNode hang = say(user, "/hang");
        try {
            say(user, "/echo after the hang");
            awaitBotMessage(hang.path("roomId").asText(), m -> text(m).equals("after the hang"));
            assertThat(webex.consumers().get(0).stuckEvents()).isGreaterThan(stuckBefore);
        } finally {
            releaseHangingCommands();
        }
    }

    @Test
    void theBotIgnoresItsOwnMessages() {
        String user = newUser();
        ObjectNode request = say(user, "/echo /echo loop");
        String room = request.path("roomId").asText();
        awaitBotMessage(room, m -> text(m).equals("/echo loop"));
        say(user, "/echo done");
        awaitBotMessage(room, m -> text(m).equals("done"));
        assertThat(botMessages(room)).extracting(DirectSpaceTest::text).containsExactly("/echo loop", "done");
    }
}
