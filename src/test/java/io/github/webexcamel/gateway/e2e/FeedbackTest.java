package io.github.webexcamel.gateway.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.fakes.FakeLangfuse;
import io.github.webexcamel.gateway.fakes.FakeLlm;
import io.github.webexcamel.gateway.fakes.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Helpful / Not helpful under /ask answers, end to end: the card in the answer's thread, a press stored with the
 * question, answer, model, person and space, listed at GET /api/feedback, and sent to the Langfuse fake as a score.
 */
class FeedbackTest extends SkillAndFeedbackTestSupport {

    @BeforeEach
    void reset() {
        LLM.clearFaults().clearRequests();
        LLM.respondWith("All **good**.");
        LANGFUSE.clearFaults().clearRequests().clearScores();
    }

    private record Asked(String room, ObjectNode answer, ObjectNode card) {
    }

    private Asked ask(String user, String question) {
        String room = say(user, "/ask " + question).path("roomId").asText();
        ObjectNode card = awaitBotMessage(room, m -> m.path("attachments").size() > 0);
        ObjectNode answer = awaitBotMessage(room, m -> "All good.".equals(text(m)));
        return new Asked(room, answer, card);
    }

    /** What a Webex client submits for a button: the inputs plus the pressed Action.Submit's data. */
    private void press(String user, ObjectNode card, String title, String comment) {
        JsonNode content = card.path("attachments").path(0).path("content");
        Map<String, Object> inputs = new HashMap<>();
        content.path("actions").forEach(a -> {
            if (title.equals(a.path("title").asText())) {
                a.path("data").fields().forEachRemaining(f -> inputs.put(f.getKey(), f.getValue().asText()));
            }
        });
        inputs.put("comment", comment);
        sandbox.userSubmit(user, card.path("id").asText(), inputs);
    }

    private JsonNode feedbackFor(String user) {
        for (JsonNode row : management("/api/feedback?limit=1000")) {
            if (user.equals(row.path("personEmail").asText())) {
                return row;
            }
        }
        return null;
    }

    @Test
    void anAnswerCarriesTheButtonsAndAPressIsStoredListedAndScored() {
        String user = newUser();
        Asked asked = ask(user, "is the build green?");
        JsonNode content = asked.card().path("attachments").path(0).path("content");
        assertThat(content.path("actions").findValuesAsText("title")).containsExactly("Helpful", "Not helpful");
        assertThat(content.path("actions").findValuesAsText("type")).containsOnly("Action.Submit");
        assertThat(content.toString()).contains("Input.Text").contains(FakeLlm.DEFAULT_MODEL);
        // a question in a 1:1 space is answered outside a thread: the card starts one under the answer
        assertThat(asked.answer().has("parentId")).isFalse();
        assertThat(asked.card().path("parentId").asText()).isEqualTo(asked.answer().path("id").asText());

        press(user, asked.card(), "Helpful", "spot on");
        awaitBotMessage(asked.room(), m -> "Thanks for the feedback.".equals(text(m)));

        JsonNode row = await().atMost(TIMEOUT).until(() -> feedbackFor(user), r -> r != null);
        assertThat(row.path("rating").asText()).isEqualTo("helpful");
        assertThat(row.path("comment").asText()).isEqualTo("spot on");
        assertThat(row.path("question").asText()).isEqualTo("is the build green?");
        assertThat(row.path("source").asText()).isEqualTo(FakeLlm.DEFAULT_MODEL);
        assertThat(row.path("answerMessageId").asText()).isEqualTo(asked.answer().path("id").asText());
        assertThat(row.path("roomId").asText()).isEqualTo(asked.room());
        assertThat(row.path("at").asLong()).isPositive();

        JsonNode score = await().atMost(TIMEOUT).until(() -> LANGFUSE.scores().stream().findFirst().orElse(null), s -> s != null);
        assertThat(score.path("traceId").asText()).isEqualTo(asked.answer().path("id").asText());
        assertThat(score.path("name").asText()).isEqualTo("user-feedback");
        assertThat(score.path("dataType").asText()).isEqualTo("BOOLEAN");
        assertThat(score.path("value").asInt()).isEqualTo(1);
        assertThat(score.path("comment").asText()).isEqualTo("spot on");
        assertThat(LANGFUSE.lastRequest().header("authorization")).startsWith("Basic ");
        assertThat(LANGFUSE.lastRequest().body()).doesNotContain(user);
    }

    @Test
    void aSecondVoteOfTheSamePersonOnTheSameAnswerIsIgnored() {
        String user = newUser();
        Asked asked = ask(user, "second vote?");
        press(user, asked.card(), "Not helpful", "");
        awaitBotMessage(asked.room(), m -> "Thanks for the feedback.".equals(text(m)));
        press(user, asked.card(), "Helpful", "changed my mind");
        awaitBotMessage(asked.room(), m -> text(m).startsWith("You already rated this answer"));
        JsonNode row = feedbackFor(user);
        assertThat(row.path("rating").asText()).isEqualTo("not-helpful");
        assertThat(row.path("comment").isNull()).isTrue();
        long rows = 0;
        for (JsonNode r : management("/api/feedback?limit=1000")) {
            rows += user.equals(r.path("personEmail").asText()) ? 1 : 0;
        }
        assertThat(rows).isEqualTo(1);
        JsonNode score = await().atMost(TIMEOUT).until(() -> LANGFUSE.scores().stream().findFirst().orElse(null), s -> s != null);
        assertThat(score.path("value").asInt()).isZero();
        assertThat(score.has("comment")).isFalse();
    }

    @Test
    void aBusyLangfuseIsAskedAgainUntilItTakesTheScore() {
        LANGFUSE.failNext(2, "/api/public/scores", Fault.json(503, "{\"message\":\"Service Unavailable\"}"));
        String user = newUser();
        Asked asked = ask(user, "retry?");
        press(user, asked.card(), "Helpful", "");
        await().atMost(TIMEOUT).until(() -> LANGFUSE.scores().size() == 1);
        assertThat(LANGFUSE.requests("POST", "/api/public/scores")).hasSize(3);
        assertThat(LANGFUSE.scores().get(0).path("traceId").asText()).isEqualTo(asked.answer().path("id").asText());
    }

    @Test
    void theFeedbackListIsPaged() {
        String user = newUser();
        Asked asked = ask(user, "paging?");
        press(user, asked.card(), "Helpful", "");
        await().atMost(TIMEOUT).until(() -> feedbackFor(user) != null);
        JsonNode first = management("/api/feedback?limit=1");
        assertThat(first.size()).isEqualTo(1);
        assertThat(first.path(0).path("personEmail").asText()).isEqualTo(user);
        assertThat(management("/api/feedback?source=" + FakeLlm.DEFAULT_MODEL + "&limit=1000").size()).isPositive();
        assertThat(management("/api/feedback?source=no-such-model").size()).isZero();
    }

    @Test
    void aFailedAnswerCarriesNoButtons() {
        LLM.failNext(Fault.json(400, "{\"error\":{\"message\":\"bad request\",\"type\":\"invalid_request_error\"}}"));
        String user = newUser();
        String room = say(user, "/ask will this fail?").path("roomId").asText();
        awaitBotMessage(room, m -> !text(m).startsWith("_Thinking") && !text(m).startsWith("Thinking"));
        say(user, "/echo after");
        awaitBotMessage(room, m -> "after".equals(text(m)));
        assertThat(botMessages(room)).noneMatch(m -> m.path("attachments").size() > 0);
    }

    @Test
    void inAThreadTheCardFollowsTheAnswerInThatThread() {
        String user = newUser();
        String room = sandbox.createGroupRoom("feedback", List.of(user)).path("id").asText();
        ObjectNode root = sandbox.userPost(user, room, "/echo root", null, true);
        awaitBotMessage(room, m -> "root".equals(text(m)));
        sandbox.userPost(user, room, "/ask in a thread?", root.path("id").asText(), true);
        ObjectNode card = awaitBotMessage(room, m -> m.path("attachments").size() > 0);
        ObjectNode answer = awaitBotMessage(room, m -> "All good.".equals(text(m)));
        assertThat(answer.path("parentId").asText()).isEqualTo(root.path("id").asText());
        assertThat(card.path("parentId").asText()).isEqualTo(root.path("id").asText());
    }
}
