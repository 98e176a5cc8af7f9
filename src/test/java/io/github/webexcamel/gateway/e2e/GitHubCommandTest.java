package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;

import io.github.webexcamel.gateway.fakes.FakeGitHub;
import io.github.webexcamel.gateway.fakes.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * /gh against the GitHub fake, reached as GitHub Enterprise ({@code /api/v3}):
 * through the github-action kamelet (camel-http for every operation).
 */
class GitHubCommandTest extends ConnectorTestSupport {

    private static FakeGitHub.Repo repo;
    private static FakeGitHub.Issue issue;
    private static FakeGitHub.Issue pull;

    @BeforeEach
    void seed() {
        GITHUB.clearFaults();
        if (repo == null) {
            repo = GITHUB.addRepo("acme", "app");
            issue = repo.addIssue("Disk full on db-1", "The disk is full");
            pull = repo.addPullRequest("Add caching", "caching", "main");
            repo.addCheckRun(pull.headSha(), "build", "completed", "success");
            repo.addCheckRun(pull.headSha(), "lint", "in_progress", null);
            repo.addWorkflow("deploy.yml", "Deploy").input("env", true, null).timings(Duration.ZERO, Duration.ofSeconds(30));
        }
    }

    private String ask(String text) {
        return say(newUser(), text).path("roomId").asText();
    }

    private String reply(String text) {
        return text(awaitBotMessages(ask(text), 1).get(0));
    }

    @Test
    void createsAnIssueWithAQuotedTitle() {
        String answer = reply("/gh issue acme/app “Rotate the TLS certs”");
        assertThat(answer).startsWith("Created acme/app#").contains("Rotate the TLS certs");
        assertThat(repo.issues()).anySatisfy(i -> assertThat(i.title()).isEqualTo("Rotate the TLS certs"));
        assertThat(last("POST", "/api/v3/repos/acme/app/issues").header("authorization")).isEqualTo("Bearer [redacted]");
    }

    @Test
    void listsOpenIssuesWithoutPullRequests() {
        String answer = reply("/gh issues acme/app");
        assertThat(answer).startsWith("Open issues in acme/app:").contains("#" + issue.number()).contains("Disk full on db-1")
                .doesNotContain("Add caching");
        assertThat(last("GET", "/api/v3/repos/acme/app/issues").header("authorization")).isEqualTo("Bearer [redacted]");
        assertThat(last("GET", "/api/v3/repos/acme/app/issues").header("x-github-api-version")).isEqualTo("2022-11-28");
    }

    @Test
    void showsAPullRequestWithItsChecks() {
        String answer = reply("/gh pr acme/app#" + pull.number());
        assertThat(answer).contains("#" + pull.number() + " Add caching").contains("open").contains("caching")
                .contains("build: ✅ success").contains("lint: ⏳ in_progress");
        assertThat(last("GET", "/api/v3/repos/acme/app/commits/" + pull.headSha() + "/check-runs")).isNotNull();
    }

    @Test
    void commentsOnAPullRequest() {
        String answer = reply("/gh comment acme/app#" + pull.number() + " looks good, merging after lunch");
        assertThat(answer).startsWith("Comment added to acme/app#" + pull.number());
        assertThat(pull.comments()).contains("looks good, merging after lunch");
    }

    @Test
    void dispatchesAWorkflowWithRefAndInputsAndLinksTheRuns() {
        int before = repo.runs().size();
        String answer = awaitBotMessages(ask("/gh run acme/app deploy.yml main env=staging"), 1).get(0).path("markdown").asText();
        assertThat(answer).startsWith("Dispatched **deploy.yml** on `main` in acme/app. [Recent runs](")
                .contains("/actions/workflows/deploy.yml").containsPattern("\\[#[0-9]+\\]\\([^)]*/actions/runs/[0-9]+\\) (queued|in_progress)");
        assertThat(repo.runs()).hasSize(before + 1);
        assertThat(repo.runs().get(repo.runs().size() - 1).inputs()).containsEntry("env", "staging");
        assertThat(GITHUB.requests("POST", "/api/v3/repos/acme/app/actions/workflows/deploy.yml/dispatches").get(0).json()
                .path("ref").asText()).isEqualTo("main");
    }

    @Test
    void dispatchWithoutRefUsesTheDefaultBranch() {
        String answer = reply("/gh run acme/app deploy.yml env=dev");
        assertThat(answer).startsWith("Dispatched deploy.yml on main in acme/app.");
    }

    @Test
    void unknownWorkflowInputIsGitHubsValidationMessage() {
        String answer = reply("/gh run acme/app deploy.yml main env=dev colour=blue");
        assertThat(answer).startsWith("GitHub rejected that:").contains("colour");
    }

    @Test
    void badArgumentsGetTheUsageAndCallNothing() {
        int before = GITHUB.requests("GET", "/api/v3/repos/acme/app").size() + GITHUB.requests("POST", "/api/v3/repos/acme/app").size();
        assertThat(reply("/gh frob")).startsWith("Usage: /gh issue");
        assertThat(reply("/gh pr acme/app")).contains("not a pull request");
        assertThat(reply("/gh issues ../etc/passwd")).contains("not a repository");
        assertThat(reply("/gh run acme/app deploy.yml ../main")).contains("not a branch or tag");
        assertThat(GITHUB.requests("GET", "/api/v3/repos/acme/app").size() + GITHUB.requests("POST", "/api/v3/repos/acme/app").size())
                .isEqualTo(before);
    }

    @Test
    void badCredentialsIsOneLine() {
        assertFailure("/gh issues acme/app", FakeGitHub.badCredentials(), "GitHub refused the gateway's token (HTTP 401");
    }

    @Test
    void badCredentialsOnACreateIsOneLine() {
        assertFailure("/gh issue acme/app Broken", FakeGitHub.badCredentials(), "GitHub refused the gateway's token (HTTP 401");
    }

    @Test
    void notFoundIsOneLine() {
        assertThat(reply("/gh pr acme/app#9999")).startsWith("GitHub: not found (HTTP 404)");
        assertThat(reply("/gh issue acme/nope Title")).startsWith("GitHub: not found (HTTP 404)");
    }

    @Test
    void forbiddenIsOneLine() {
        assertFailure("/gh issues acme/app", FakeGitHub.forbidden(), "does not allow the gateway's token");
    }

    @Test
    void primaryRateLimitTellsTheWaitFromTheReset() {
        assertFailure("/gh issues acme/app", FakeGitHub.primaryRateLimit(403), "rate limiting the gateway; try again in");
    }

    @Test
    void secondaryRateLimitTellsTheRetryAfter() {
        assertFailure("/gh pr acme/app#" + pull.number(), FakeGitHub.secondaryRateLimit(429, "30"),
                "(secondary limit); try again in 30 seconds");
    }

    @Test
    void rateLimitOfACommentTellsTheWait() {
        assertFailure("/gh comment acme/app#" + pull.number() + " hi", FakeGitHub.secondaryRateLimit(403, "42"),
                "try again in 42 seconds");
    }

    @Test
    void serverErrorIsOneLine() {
        assertFailure("/gh run acme/app deploy.yml main env=dev", FakeGitHub.serverError(502), "GitHub is failing or down (HTTP 502)");
    }

    @Test
    void slowGitHubTimesOut() {
        // a read is tried again while github.retry-budget lasts (3 s here), so it stalls every time; a create is not
        assertFailure("/gh issues acme/app", 5, Fault.stall(Duration.ofSeconds(4)), "GitHub did not answer in time");
        assertFailure("/gh issue acme/app Slow", Fault.stall(Duration.ofSeconds(4)), "GitHub did not answer in time");
    }

    private static io.github.webexcamel.gateway.fakes.RecordedRequest last(String method, String pathPrefix) {
        List<io.github.webexcamel.gateway.fakes.RecordedRequest> requests = GITHUB.requests(method, pathPrefix);
        assertThat(requests).as(method + " " + pathPrefix).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    private void assertFailure(String command, Fault fault, String expected) {
        assertFailure(command, 1, fault, expected);
    }

    private void assertFailure(String command, int times, Fault fault, String expected) {
        GITHUB.failNext(times, "/api/v3/repos/acme/app", fault);
        String answer = reply(command);
        assertThat(answer).contains(expected).doesNotContain(FakeGitHub.DEFAULT_TOKEN);
        assertThat(answer.lines()).hasSize(1);
        GITHUB.clearFaults();
    }
}
