package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.fakes.Fault;
import io.github.webexcamel.gateway.fakes.FakeLlm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /ask and plain 1:1 text against the OpenAI-compatible fake: streaming edits, memory, thread context, /chat. */
class LlmAskTest extends ConnectorTestSupport {

    @BeforeEach
    void resetLlm() {
        LLM.clearFaults().clearRequests();
        LLM.respondWith(FakeLlm::echo).tokenDelay(Duration.ofMillis(5));
    }

    /** Waits until the bot's only message in the room is final (no trailing "…" and not the placeholder). */
    private ObjectNode awaitAnswer(String room, java.util.function.Predicate<String> done) {
        return awaitBotMessage(room, m -> !text(m).endsWith("…") && done.test(text(m)));
    }

    @Test
    void askStreamsTheAnswerIntoOneEditedReply() {
        String answer = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        LLM.respondWith(answer).tokenDelay(Duration.ofMillis(40));
        String user = newUser();
        String room = say(user, "/ask count to fifteen").path("roomId").asText();
        ObjectNode reply = awaitAnswer(room, answer::equals);
        assertThat(botMessages(room)).hasSize(1);
        assertThat(reply.has("updated")).as("the placeholder was edited").isTrue();
        FakeLlm.ChatRequest sent = LLM.lastChatRequest();
        assertThat(sent.stream()).isTrue();
        assertThat(sent.model()).isEqualTo(FakeLlm.DEFAULT_MODEL);
        assertThat(sent.roles()).containsExactly("system", "user");
        assertThat(sent.lastUserMessage()).isEqualTo("count to fifteen");
        assertThat(LLM.lastRequest().header("authorization")).startsWith("Bearer");
    }

    @Test
    void plainTextInADirectSpaceGoesToTheLlmAndTheSpaceRemembersEarlierTurns() {
        String user = newUser();
        String room = say(user, "my name is Bob").path("roomId").asText();
        awaitAnswer(room, t -> t.startsWith("Echo of 2 messages"));
        say(user, "what is my name?");
        ObjectNode second = awaitAnswer(room, t -> t.startsWith("Echo of 4 messages"));
        assertThat(text(second)).contains("[user] my name is Bob | [assistant] Echo of 2 messages")
                .endsWith("[user] what is my name?");
    }

    @Test
    void aQuestionInAThreadGetsTheThreadsEarlierMessagesAsContext() {
        String user = newUser();
        String room = sandbox.createGroupRoom("incident", List.of(user)).path("id").asText();
        // in a group space a bot sees (and may list) only the messages that mention it
        ObjectNode root = sandbox.userPost(user, room, "deploy of billing failed on eu-west", null, true);
        awaitBotMessages(room, 1);
        sandbox.userPost(user, room, "error was OOMKilled", root.path("id").asText(), true);
        awaitBotMessages(room, 2);
        sandbox.userPost(user, room, "not for the bot", root.path("id").asText(), false);
        sandbox.userPost(user, room, "/ask what failed?", root.path("id").asText(), true);
        ObjectNode reply = awaitAnswer(room, t -> t.startsWith("Echo of 3 messages"));
        assertThat(text(reply)).contains("Earlier messages in this Webex thread")
                .contains("deploy of billing failed on eu-west").contains("error was OOMKilled")
                .doesNotContain("not for the bot").doesNotContain("what failed?\n");
        assertThat(reply.path("parentId").asText()).isEqualTo(root.path("id").asText());
    }

    @Test
    void aQuestionInADirectThreadGetsTheWholeThread() {
        String user = newUser();
        ObjectNode root = say(user, "/echo the root message");
        String room = root.path("roomId").asText();
        awaitBotMessages(room, 1);
        sandbox.userPost(user, room, "/echo a reply", root.path("id").asText(), false);
        awaitBotMessages(room, 2);
        sandbox.userPost(user, room, "/ask summarise", root.path("id").asText(), false);
        ObjectNode reply = awaitAnswer(room, t -> t.startsWith("Echo of 3 messages"));
        assertThat(text(reply)).contains("/echo the root message").contains("/echo a reply")
                .contains(sandbox.botEmail() + ": a reply");
    }

    @Test
    void chatSettingsOfTheSpaceAreUsed() {
        String user = newUser();
        String room = say(user, "/chat").path("roomId").asText();
        ObjectNode card = awaitBotMessages(room, 1).get(0);
        sandbox.userSubmit(user, card.path("id").asText(), Map.of("model", "other-model", "temperature", "1.1",
                "systemPrompt", "Answer like a pirate", "command", "/chat", "action", "save"));
        awaitBotMessage(room, m -> text(m).startsWith("Chat settings saved"));
        say(user, "/ask hello");
        awaitAnswer(room, t -> t.startsWith("Echo of 2 messages"));
        FakeLlm.ChatRequest sent = LLM.lastChatRequest();
        assertThat(sent.model()).isEqualTo("other-model");
        assertThat(sent.parameter("temperature")).isEqualTo("1.1");
        assertThat(sent.messages().get(0).content()).isEqualTo("Answer like a pirate");
    }

    @Test
    void anAnswerLongerThanOneMessageFinishesTheEditedOneAndContinuesInNewMessages() {
        String longAnswer = "abcdefghijklmnopqrstuvwxyz ".repeat(320).strip();
        LLM.respondWith(longAnswer).tokenDelay(Duration.ofMillis(1));
        String room = say(newUser(), "/ask write a lot").path("roomId").asText();
        awaitBotMessages(room, 2);
        // the splitter may cut inside a word when the text has no line breaks: compare without whitespace
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(String.join("", botMessages(room).stream()
                .map(GatewayTestSupport::text).toList()).replaceAll("\\s+", "")).isEqualTo(longAnswer.replace(" ", "")));
        assertThat(botMessages(room)).hasSizeGreaterThan(1)
                .allSatisfy(m -> assertThat(text(m).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(7439));
    }

    @Test
    void askWithoutAQuestionAnswersWithUsageAndCallsNothing() {
        int before = LLM.chatRequests().size();
        String room = say(newUser(), "/ask   ").path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).isEqualTo("Usage: /ask <question>");
        assertThat(LLM.chatRequests()).hasSize(before);
    }

    @Test
    void rejectedCredentialsAreOneClearLine() {
        assertFailure(FakeLlm.unauthorized(), "refused the gateway's credentials (HTTP 401): check the API key");
    }

    @Test
    void unknownModelIsOneClearLine() {
        assertFailure(FakeLlm.modelNotFound(FakeLlm.DEFAULT_MODEL), "does not know model fake-model");
    }

    @Test
    void aRateLimitLongerThanTheAnswerMayTakeTellsTheWait() {
        // llm.timeout-seconds is 2 here: a Retry-After of 7 s cannot be waited out
        assertFailure(FakeLlm.rateLimited(Fault.retryAfterSeconds(7)), "rate limited; try again in 7 seconds");
    }

    @Test
    void aShortRateLimitIsWaitedOutAndThePersonGetsTheAnswer() {
        LLM.respondWith("patience pays");
        int before = LLM.chatRequests().size();
        int posts = completions();
        LLM.failNext(FakeLlm.rateLimited(Fault.retryAfterSeconds(1)));
        String room = say(newUser(), "/ask are you there").path("roomId").asText();
        ObjectNode reply = awaitAnswer(room, t -> t.equals("patience pays"));
        assertThat(text(reply)).doesNotContain("rate limited");
        // one refused, one answered
        assertThat(completions()).isEqualTo(posts + 2);
        assertThat(LLM.chatRequests()).hasSize(before + 1);
    }

    private static int completions() {
        return (int) LLM.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/chat/completions")).count();
    }

    @Test
    void aServerErrorIsAskedAgainOnce() {
        LLM.respondWith("second time lucky");
        LLM.failNext(FakeLlm.serverError());
        String room = say(newUser(), "/ask again").path("roomId").asText();
        assertThat(text(awaitAnswer(room, t -> t.equals("second time lucky")))).isEqualTo("second time lucky");
    }

    @Test
    void serverErrorsBeyondTheTimeAreOneClearLine() {
        // the second attempt comes 1 s after the first, a third would be 2 s later: past the 2 s the answer may take
        LLM.failNext(2, FakeLlm.serverError());
        String room = say(newUser(), "/ask anything").path("roomId").asText();
        ObjectNode reply = awaitAnswer(room, t -> t.contains("is failing (HTTP 500)"));
        assertThat(botMessages(room)).hasSize(1);
        assertThat(text(reply)).doesNotContain(FakeLlm.DEFAULT_API_KEY);
    }

    @Test
    void aBackendThatDoesNotAnswerTimesOut() {
        assertFailure(Fault.stall(Duration.ofSeconds(5)), "did not");
    }

    @Test
    void anErrorInsideTheStreamKeepsThePartialAnswerAndSaysSo() {
        LLM.respondWith("alpha beta gamma delta").failNextStream(2, "upstream timed out");
        String room = say(newUser(), "/ask greek").path("roomId").asText();
        ObjectNode reply = awaitAnswer(room, t -> t.contains("cut short"));
        assertThat(text(reply)).startsWith("alpha");
    }

    private void assertFailure(Fault fault, String expected) {
        LLM.failNext(fault);
        String user = newUser();
        String room = say(user, "/ask anything").path("roomId").asText();
        ObjectNode reply = awaitAnswer(room, t -> t.contains(expected));
        assertThat(botMessages(room)).hasSize(1);
        assertThat(text(reply)).doesNotContain(FakeLlm.DEFAULT_API_KEY);
        // the gateway keeps serving
        say(user, "/echo still here");
        awaitBotMessage(room, m -> text(m).equals("still here"));
    }

    @Test
    void atMostFourQuestionsAreAtTheModelAtOnceAndEachAnswerIsBounded() {
        LLM.respondWith("one two three four five six seven eight nine ten").tokenDelay(Duration.ofMillis(100));
        long since = System.nanoTime();
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rooms.add(say(newUser(), "/ask question " + i).path("roomId").asText());
        }
        for (String room : rooms) {
            awaitBotMessage(room, m -> text(m).contains("ten"));
        }
        assertThat(LLM.maxConcurrentStreams(since)).isBetween(1, 4);
        assertThat(LLM.lastChatRequest().parameter("max_tokens")).isEqualTo("1024");
    }
}
