package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.fakes.FakeGitHub;
import io.github.webexcamel.gateway.fakes.FakeJira;
import io.github.webexcamel.gateway.fakes.FakeLlm;
import io.github.webexcamel.gateway.fakes.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a user, a backend or a model writes can mention a person or everyone, or carry raw HTML, in what the bot
 * posts: each source is tried with {@code <@all>}, a person mention and an HTML tag, and every bot message must come
 * out with no live mention (Webex's mention lists empty, no mention markup) and no tag.
 */
class SafeOutputTest extends ConnectorTestSupport {

    private static final String HOSTILE = "<@all> <@personEmail:boss@example.com|Boss> <b>bold</b>";

    @BeforeAll
    static void project() {
        JIRA.addProject("SAFE", "Safe output");
    }

    @AfterEach
    void reset() {
        LLM.clearFaults().respondWith(FakeLlm::echo).tokenDelay(Duration.ofMillis(5));
        JIRA.clearFaults();
    }

    private static void assertHarmless(List<ObjectNode> messages) {
        assertThat(messages).isNotEmpty().allSatisfy(m -> {
            assertThat(m.has("mentionedGroups")).as("mentionedGroups of %s", m).isFalse();
            assertThat(m.has("mentionedPeople")).as("mentionedPeople of %s", m).isFalse();
            String markdown = m.path("markdown").asText("");
            assertThat(markdown).doesNotContain("<@all>").doesNotContain("<@personEmail");
            // a tag inside a code span is shown as text; outside one it would be HTML
            assertThat(markdown.replaceAll("`[^`]*`", "")).doesNotContain("<b>");
        });
    }

    private String room(String text) {
        return say(newUser(), text).path("roomId").asText();
    }

    @Test
    void userTextEchoedBack() {
        String room = room("/echo " + HOSTILE);
        awaitBotMessages(room, 1);
        assertHarmless(botMessages(room));
        // shown as typed, just not live
        assertThat(text(botMessages(room).get(0))).contains("<@all>");
    }

    @Test
    void anLlmAnswer() {
        LLM.respondWith("Here you go " + HOSTILE + " and `" + HOSTILE + "` in code").tokenDelay(Duration.ZERO);
        String room = room("/ask anything");
        awaitBotMessage(room, m -> text(m).contains("Here you go") && !text(m).endsWith("…"));
        assertHarmless(botMessages(room));
    }

    @Test
    void aJiraSummaryAndAJiraError() {
        FakeJira.Issue issue = JIRA.addIssue("SAFE", "Outage " + HOSTILE, "");
        String room = room("/jira " + issue.key());
        awaitBotMessages(room, 1);
        assertHarmless(botMessages(room));

        JIRA.failNext(Fault.json(400, "{\"errorMessages\":[\"" + HOSTILE.replace("\"", "") + "\"],\"errors\":{}}"));
        String errors = room("/jira comment " + issue.key() + " hello");
        awaitBotMessages(errors, 1);
        assertHarmless(botMessages(errors));
    }

    @Test
    void gitHubTitlesAndBranchNames() {
        FakeGitHub.Repo repo = GITHUB.addRepo("acme", "safe-" + System.nanoTime());
        repo.addIssue("Broken " + HOSTILE, "");
        String room = room("/gh issues " + repo.fullName());
        awaitBotMessages(room, 1);
        assertHarmless(botMessages(room));

        FakeGitHub.Issue pull = repo.addPullRequest("Fix " + HOSTILE, "fix-<@all>", "main");
        String pr = room("/gh pr " + repo.fullName() + "#" + pull.number());
        awaitBotMessages(pr, 1);
        assertHarmless(botMessages(pr));
    }
}
