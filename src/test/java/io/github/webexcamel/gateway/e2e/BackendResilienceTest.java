package io.github.webexcamel.gateway.e2e;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.webexcamel.gateway.fakes.FakeGitHub;
import io.github.webexcamel.gateway.fakes.FakeJenkins;
import io.github.webexcamel.gateway.fakes.FakeJira;
import io.github.webexcamel.gateway.fakes.FakeLlm;
import io.github.webexcamel.gateway.fakes.Fault;
import io.github.webexcamel.gateway.jenkins.JenkinsWatches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The GitHub, Jira and Jenkins calls through their circuit breakers and retries (README, "Resilience"), against
 * the backend fakes: a 429 with {@code Retry-After: 1} is waited out, two 5xx are retried, a backend that keeps
 * failing opens its circuit (3 consecutive failures here) and the next command is answered at once without a
 * request, and a creating POST that timed out is not sent again. Budgets and timeouts are short
 * ({@link ConnectorTestSupport}: 3 s, 1.5 s).
 */
class BackendResilienceTest extends ConnectorTestSupport {

    private static FakeGitHub.Repo repo;
    private static FakeGitHub.Issue pull;
    private static FakeJira.Issue issue;

    @Autowired
    JenkinsWatches jenkinsWatches;

    @BeforeEach
    void seed() {
        GITHUB.clearFaults();
        JIRA.clearFaults();
        JENKINS.clearFaults().legacyCrumbsForApiTokens(false);
        if (repo == null) {
            repo = GITHUB.addRepo("acme", "resilient");
            repo.addIssue("Flaky disk", "It comes and goes");
            pull = repo.addPullRequest("Retry the disk", "retry", "main");
            JIRA.addProject("RES", "Resilience");
            issue = JIRA.addIssue("RES", "Flaky disk", "It comes and goes");
        }
    }

    @AfterEach
    void heal() {
        GITHUB.clearFaults();
        JIRA.clearFaults();
        JENKINS.clearFaults();
        // the notification poll and the build watch go on with GitHub and Jenkins after this test
        backendCircuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    private String reply(String user, String text) {
        String room = say(user, text).path("roomId").asText();
        return text(awaitBotMessages(room, 1).get(0));
    }

    private String reply(String text) {
        return reply(newUser(), text);
    }

    // ------------------------------------------------------------------ GitHub

    @Test
    void gitHubSecondaryRateLimitWithRetryAfterOneIsWaitedOut() {
        int before = GITHUB.requests("GET", "/api/v3/repos/acme/resilient/issues").size();
        GITHUB.failNext(1, "/api/v3/repos/acme/resilient/issues", FakeGitHub.secondaryRateLimit(429, Fault.retryAfterSeconds(1)));
        assertThat(reply("/gh issues acme/resilient")).startsWith("Open issues in acme/resilient").contains("Flaky disk");
        assertThat(GITHUB.requests("GET", "/api/v3/repos/acme/resilient/issues")).hasSize(before + 2);
    }

    @Test
    void gitHubRateLimitOfACommentIsWaitedOutAndTheCommentMadeOnce() {
        // a 429 is refused before processing, so even a creating call is sent again
        String comments = "/api/v3/repos/acme/resilient/issues/" + pull.number() + "/comments";
        int before = GITHUB.requests("POST", comments).size();
        GITHUB.failNext(1, comments, FakeGitHub.secondaryRateLimit(429, Fault.retryAfterSeconds(1)));
        assertThat(reply("/gh comment acme/resilient#" + pull.number() + " retried once"))
                .startsWith("Comment added to acme/resilient#" + pull.number());
        assertThat(GITHUB.requests("POST", comments)).hasSize(before + 2);
        assertThat(pull.comments()).containsOnlyOnce("retried once");
    }

    @Test
    void gitHubServerErrorsTwiceThenTheAnswer() {
        int before = GITHUB.requests("GET", "/api/v3/repos/acme/resilient/issues").size();
        GITHUB.failNext(2, "/api/v3/repos/acme/resilient/issues", FakeGitHub.serverError(502));
        assertThat(reply("/gh issues acme/resilient")).startsWith("Open issues in acme/resilient");
        assertThat(GITHUB.requests("GET", "/api/v3/repos/acme/resilient/issues")).hasSize(before + 3);
    }

    @Test
    void gitHubDownOpensTheCircuitAndTheNextCommandIsAnsweredWithoutAsking() {
        // all of GitHub fails, the notification poll included (it shares the circuit breaker)
        GITHUB.failNext(10_000, "/api/v3", FakeGitHub.serverError(503));
        reply("/gh issues acme/resilient");
        awaitOpen("github");
        assertAnsweredAtOnceWithoutARequest(GITHUB, "/api/v3/repos/acme/resilient", "/gh issues acme/resilient",
                "GitHub is not answering; I stopped asking for 30 s. Try again later.");
    }

    @Test
    void gitHubCreateThatTimedOutIsNotSentAgain() {
        int before = GITHUB.requests("POST", "/api/v3/repos/acme/resilient/issues").size();
        GITHUB.failNext(1, "/api/v3/repos/acme/resilient/issues", Fault.stall(Duration.ofSeconds(4)));
        assertThat(reply("/gh issue acme/resilient Sent once")).contains("GitHub did not answer in time");
        assertThat(GITHUB.requests("POST", "/api/v3/repos/acme/resilient/issues")).hasSize(before + 1);
    }

    // ------------------------------------------------------------------ Jira

    @Test
    void jiraRateLimitWithRetryAfterOneIsWaitedOut() {
        int before = JIRA.requests("GET", "/rest/api/3/issue/" + issue.key()).size();
        JIRA.failNext(1, "/rest/api/3/issue/" + issue.key(), FakeJira.rateLimited(Fault.retryAfterSeconds(1)));
        String room = say(newUser(), "/jira " + issue.key()).path("roomId").asText();
        assertThat(awaitBotMessages(room, 1).get(0).path("attachments").path(0).path("content").toString())
                .contains(issue.key() + ": Flaky disk");
        assertThat(JIRA.requests("GET", "/rest/api/3/issue/" + issue.key())).hasSize(before + 2)
                // the timeouts are camel-http endpoint options, not query parameters sent to Jira
                .allSatisfy(r -> assertThat(r.pathAndQuery()).doesNotContain("Timeout"));
    }

    @Test
    void jiraServerErrorsTwiceThenTheAnswer() {
        int before = JIRA.requests("GET", "/rest/api/3/search").size();
        JIRA.failNext(2, "/rest/api/3/search", FakeJira.serverError());
        assertThat(reply("/jira search project = RES")).contains(issue.key()).contains("Flaky disk");
        assertThat(JIRA.requests("GET", "/rest/api/3/search")).hasSize(before + 3);
    }

    @Test
    void jiraDownOpensTheCircuitAndTheNextCommandIsAnsweredWithoutAsking() {
        JIRA.failNext(10_000, FakeJira.serverError());
        assertThat(reply("/jira " + issue.key())).isIn("Jira is failing or down (HTTP 500); try again later.",
                "Jira is not answering; I stopped asking for 30 s. Try again later.");
        awaitOpen("jira");
        assertAnsweredAtOnceWithoutARequest(JIRA, "/rest/api", "/jira " + issue.key(),
                "Jira is not answering; I stopped asking for 30 s. Try again later.");
    }

    @Test
    void jiraCreateThatTimedOutIsNotSentAgain() {
        int before = JIRA.requests("POST", "/rest/api/3/issue").size();
        JIRA.failNext(1, "/rest/api/3/issue", Fault.stall(Duration.ofSeconds(4)));
        assertThat(reply("/jira create RES Sent once")).contains("Jira did not answer in time");
        assertThat(JIRA.requests("POST", "/rest/api/3/issue")).hasSize(before + 1);
    }

    // ------------------------------------------------------------------ Jenkins

    @Test
    void jenkinsRateLimitWithRetryAfterOneIsWaitedOut() {
        int before = JENKINS.requests("POST", "/job/plain/build").size();
        JENKINS.failNext(1, "/job/plain/build", FakeJenkins.tooManyRequests(Fault.retryAfterSeconds(1)));
        assertThat(reply("/build plain")).startsWith("Queued plain");
        assertThat(JENKINS.requests("POST", "/job/plain/build")).hasSize(before + 2);
    }

    @Test
    void jenkinsUnavailableTwiceThenTheBuildIsQueued() {
        // a 503 is answered before Jenkins does anything, so even the trigger (a POST) is sent again
        int before = JENKINS.requests("POST", "/job/plain/build").size();
        JENKINS.failNext(2, "/job/plain/build", FakeJenkins.serviceUnavailable(null));
        assertThat(reply("/build plain")).startsWith("Queued plain");
        assertThat(JENKINS.requests("POST", "/job/plain/build")).hasSize(before + 3);
    }

    @Test
    void jenkinsDownOpensTheCircuitAndTheNextCommandIsAnsweredWithoutAsking() {
        // no build being watched: the watch's polls would go through the same circuit breaker
        await().atMost(TIMEOUT).until(() -> jenkinsWatches.size() == 0);
        JENKINS.failNext(10_000, FakeJenkins.serviceUnavailable(null));
        assertThat(reply("/build plain")).isIn("Jenkins is failing or down (HTTP 503); try again later.",
                "Jenkins is not answering; I stopped asking for 30 s. Try again later.");
        awaitOpen("jenkins");
        assertAnsweredAtOnceWithoutARequest(JENKINS, "/job/plain", "/build plain",
                "Jenkins is not answering; I stopped asking for 30 s. Try again later.");
    }

    @Test
    void jenkinsTriggerThatTimedOutIsNotSentAgain() {
        int before = JENKINS.requests("POST", "/job/plain/build").size();
        JENKINS.failNext(1, "/job/plain/build", Fault.stall(Duration.ofSeconds(4)));
        assertThat(reply("/build plain")).contains("Jenkins did not answer in time");
        assertThat(JENKINS.requests("POST", "/job/plain/build")).hasSize(before + 1);
    }

    // ------------------------------------------------------------------ LLM

    @Test
    void llmFailingOpensTheCircuitAndTheNextAskIsAnsweredAtOnceWithoutARequest() {
        LLM.clearFaults();
        LLM.failNext(10_000, "/v1/chat/completions", FakeLlm.serverError());
        try {
            CircuitBreaker breaker = backendCircuitBreakers.circuitBreaker("llm");
            // each /ask asks again within its time (2 s here): 3 consecutive 5xx open the circuit
            for (int i = 0; i < 3 && breaker.getState() != CircuitBreaker.State.OPEN; i++) {
                String room = say(newUser(), "/ask are you there?").path("roomId").asText();
                awaitBotMessage(room, m -> text(m).startsWith("The LLM backend is failing"));
            }
            awaitOpen("llm");
            int before = LLM.requests("POST", "/v1/chat/completions").size();
            String user = newUser();
            String room = say(user, "/ask still there?").path("roomId").asText();
            assertThat(text(awaitBotMessages(room, 1).get(0)))
                    .isEqualTo("The LLM is not answering; I stopped asking for 30 s. Try again later.");
            assertThat(botMessages(room)).as("no placeholder before the line").hasSize(1);
            assertThat(LLM.requests("POST", "/v1/chat/completions")).as("requests while the circuit is open").hasSize(before);
            await().atMost(TIMEOUT).untilAsserted(() ->
                    assertThat(management("/api/audit?person=" + user).path(0).path("outcome").asText()).isEqualTo("error"));
        } finally {
            LLM.clearFaults();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void awaitOpen(String backend) {
        CircuitBreaker breaker = backendCircuitBreakers.circuitBreaker(backend);
        await().atMost(TIMEOUT).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
    }

    private void assertAnsweredAtOnceWithoutARequest(io.github.webexcamel.gateway.fakes.FakeServer<?> fake, String pathPrefix,
                                                     String command, String line) {
        int before = fake.requests(null, pathPrefix).size();
        String user = newUser();
        assertThat(reply(user, command)).isEqualTo(line);
        assertThat(fake.requests(null, pathPrefix)).as("requests while the circuit is open").hasSize(before);
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(management("/api/audit?person=" + user).path(0).path("outcome").asText()).isEqualTo("error"));
    }
}
