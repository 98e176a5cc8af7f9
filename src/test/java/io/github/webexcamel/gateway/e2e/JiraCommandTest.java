package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.fakes.FakeJira;
import io.github.webexcamel.gateway.fakes.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** /jira against the Jira Cloud fake (REST v3, ADF, search/jql, Basic email:token). */
class JiraCommandTest extends ConnectorTestSupport {

    private static FakeJira.Issue issue;

    @BeforeEach
    void seed() {
        JIRA.clearFaults();
        if (issue == null) {
            JIRA.addProject("OPS", "Operations");
            issue = JIRA.addIssue("OPS", "Disk full on db-1", "The disk is full");
        }
    }

    private String ask(String text) {
        return say(newUser(), text).path("roomId").asText();
    }

    @Test
    void showsAnIssueAsACard() {
        String room = ask("/jira " + issue.key());
        ObjectNode reply = awaitBotMessages(room, 1).get(0);
        JsonNode card = reply.path("attachments").path(0).path("content");
        assertThat(card.toString()).contains(issue.key() + ": Disk full on db-1").contains("To Do").contains("Unassigned")
                .contains(JIRA.browseUrl(issue.key()));
        assertThat(JIRA.lastRequest().path()).startsWith("/rest/api/3/issue/" + issue.key());
        assertThat(JIRA.lastRequest().header("authorization")).startsWith("Basic");
    }

    @Test
    void createsAnIssueWithAQuotedSummary() {
        String room = ask("/jira create OPS “Rotate the TLS certs”");
        String reply = text(awaitBotMessages(room, 1).get(0));
        assertThat(reply).startsWith("Created OPS-");
        assertThat(JIRA.issues()).anySatisfy(i -> assertThat(i.summary()).isEqualTo("Rotate the TLS certs"));
    }

    @Test
    void createWithoutSummaryOpensAFormWhoseSubmitCreatesTheIssue() {
        String user = newUser();
        String room = say(user, "/jira create OPS").path("roomId").asText();
        ObjectNode form = awaitBotMessages(room, 1).get(0);
        assertThat(form.path("attachments").path(0).path("content").toString()).contains("New Jira issue");
        // what a client submits: the inputs and the data of the card's button
        Map<String, Object> submit = new java.util.HashMap<>(Map.of("project", "OPS", "summary", "From the form",
                "description", "line one\nline two"));
        form.path("attachments").path(0).path("content").path("actions").path(0).path("data").fields()
                .forEachRemaining(f -> submit.put(f.getKey(), f.getValue().asText()));
        assertThat(submit).containsEntry("command", "/jira create");
        sandbox.userSubmit(user, form.path("id").asText(), submit);
        assertThat(text(awaitBotMessages(room, 2).get(1))).startsWith("Created OPS-");
        FakeJira.Issue created = JIRA.issues().stream().filter(i -> i.summary().equals("From the form")).findFirst().orElseThrow();
        assertThat(created.description()).contains("line one").contains("line two");
    }

    @Test
    void searchesWithJql() {
        String room = ask("/jira search project = OPS AND summary ~ \"Disk\"");
        assertThat(text(awaitBotMessages(room, 1).get(0))).contains(issue.key()).contains("Disk full on db-1");
        assertThat(JIRA.lastRequest().path()).startsWith("/rest/api/3/search/jql");
    }

    @Test
    void commentsInAdf() {
        String room = ask("/jira comment " + issue.key() + " looking into it");
        assertThat(text(awaitBotMessages(room, 1).get(0))).startsWith("Comment added to " + issue.key());
        assertThat(issue.comments()).contains("looking into it");
    }

    @Test
    void movesByTransitionName() {
        FakeJira.Issue other = JIRA.addIssue("OPS", "Move me", "");
        String room = ask("/jira move " + other.key() + " \"In Progress\"");
        assertThat(text(awaitBotMessages(room, 1).get(0))).contains("Moved " + other.key()).contains("In Progress");
        assertThat(other.status()).isEqualTo("In Progress");
    }

    @Test
    void badArgumentsGetTheUsageAndCallNothing() {
        int before = JIRA.requests().size();
        String room = ask("/jira frob");
        assertThat(text(awaitBotMessages(room, 1).get(0))).startsWith("Usage: /jira <KEY>");
        String room2 = ask("/jira comment not-a-key hello");
        assertThat(text(awaitBotMessages(room2, 1).get(0))).contains("not a Jira issue key");
        assertThat(JIRA.requests()).hasSize(before);
    }

    @Test
    void unauthorizedIsOneLine() {
        assertFailure(FakeJira.unauthorized(), "Jira refused the gateway's credentials (HTTP 401)");
    }

    @Test
    void forbiddenIsOneLine() {
        assertFailure(FakeJira.forbidden(), "does not allow");
    }

    @Test
    void notFoundIsOneLine() {
        String room = ask("/jira OPS-99999");
        assertThat(text(awaitBotMessages(room, 1).get(0))).startsWith("Jira: not found");
    }

    @Test
    void rateLimitTellsTheWait() {
        assertFailure(FakeJira.rateLimited(Fault.retryAfterSeconds(12)), "try again in 12 seconds");
    }

    @Test
    void serverErrorIsOneLine() {
        // a read is tried again while jira.retry-budget lasts (3 s here): Jira keeps failing
        assertFailure(10, FakeJira.serverError(), "Jira is failing or down (HTTP 500)");
    }

    @Test
    void slowJiraTimesOut() {
        assertFailure(5, Fault.stall(Duration.ofSeconds(4)), "Jira did not answer in time");
    }

    private void assertFailure(Fault fault, String expected) {
        assertFailure(1, fault, expected);
    }

    private void assertFailure(int times, Fault fault, String expected) {
        JIRA.failNext(times, fault);
        String room = ask("/jira " + issue.key());
        String reply = text(awaitBotMessages(room, 1).get(0));
        assertThat(reply).contains(expected).doesNotContain(FakeJira.DEFAULT_API_TOKEN);
    }
}
