package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.webexcamel.gateway.fakes.TestHttp.json;
import static io.github.webexcamel.gateway.fakes.TestHttp.jsonBody;
import static io.github.webexcamel.gateway.fakes.TestHttp.request;
import static io.github.webexcamel.gateway.fakes.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FakeGitHubTest {

    private FakeGitHub github;
    private FakeGitHub.Repo repo;

    @BeforeEach
    void start() {
        github = new FakeGitHub().start();
        repo = github.addRepo("acme", "app");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private HttpRequest.Builder api(String path) {
        return request(github.baseUrl() + path)
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + FakeGitHub.DEFAULT_TOKEN)
                .header("X-GitHub-Api-Version", "2022-11-28");
    }

    private HttpResponse<String> get(String path) {
        return send(api(path).GET().build());
    }

    private HttpResponse<String> post(String path, String body) {
        return send(api(path).header("Content-Type", "application/json").POST(jsonBody(body)).build());
    }

    @Test
    void acceptsBearerAndTokenSchemesAndSetsRateLimitHeaders() {
        HttpResponse<String> bearer = get("/repos/acme/app");
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(json(bearer).path("full_name").asText()).isEqualTo("acme/app");
        assertThat(json(bearer).path("default_branch").asText()).isEqualTo("main");
        assertThat(bearer.headers().firstValue("x-ratelimit-limit")).hasValue("5000");
        assertThat(bearer.headers().firstValue("x-ratelimit-remaining")).hasValue("4999");
        assertThat(bearer.headers().firstValue("x-ratelimit-used")).hasValue("1");
        assertThat(bearer.headers().firstValue("x-ratelimit-resource")).hasValue("core");
        assertThat(bearer.headers().firstValue("x-ratelimit-reset")).isPresent();

        HttpResponse<String> egitStyle = send(request(github.baseUrl() + "/repos/acme/app")
                .header("Authorization", "token " + FakeGitHub.DEFAULT_TOKEN).build());
        assertThat(egitStyle.statusCode()).isEqualTo(200);
        assertThat(egitStyle.headers().firstValue("x-ratelimit-remaining")).hasValue("4998");

        RecordedRequest recorded = github.requests().get(0);
        assertThat(recorded.header("Authorization")).isEqualTo("Bearer [redacted]");
        assertThat(recorded.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(recorded.principal()).isEqualTo("chatops-bot");
        assertThat(recorded.toString()).doesNotContain(FakeGitHub.DEFAULT_TOKEN);
    }

    @Test
    void rejectsBadAndMissingCredentialsTheWayGitHubDoes() {
        HttpResponse<String> bad = send(request(github.baseUrl() + "/repos/acme/app").header("Authorization", "Bearer nope").build());
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(json(bad).path("message").asText()).isEqualTo("Bad credentials");
        assertThat(json(bad).path("status").asText()).isEqualTo("401");

        HttpResponse<String> anonymousRead = send(request(github.baseUrl() + "/repos/acme/app").build());
        assertThat(anonymousRead.statusCode()).as("private repositories are hidden").isEqualTo(404);
        assertThat(anonymousRead.headers().firstValue("x-ratelimit-limit")).hasValue("60");

        HttpResponse<String> anonymousWrite = send(request(github.baseUrl() + "/repos/acme/app/issues")
                .POST(jsonBody("{\"title\":\"x\"}")).build());
        assertThat(anonymousWrite.statusCode()).isEqualTo(401);
        assertThat(json(anonymousWrite).path("message").asText()).isEqualTo("Requires authentication");
    }

    @Test
    void rejectsUnsupportedApiVersion() {
        HttpResponse<String> response = send(api("/repos/acme/app").setHeader("X-GitHub-Api-Version", "v3").build());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("message").asText()).contains("\"v3\", is not a supported version");
    }

    @Test
    void createsIssueAndCommentsWithRealShapes() {
        HttpResponse<String> created = post("/repos/acme/app/issues",
                "{\"title\":\"Deploy failed\",\"body\":\"see logs\",\"labels\":[\"ops\"],\"assignees\":[\"alice\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode issue = json(created);
        assertThat(issue.path("number").asInt()).isEqualTo(1);
        assertThat(issue.path("html_url").asText()).isEqualTo("https://github.com/acme/app/issues/1");
        assertThat(issue.path("url").asText()).isEqualTo(github.baseUrl() + "/repos/acme/app/issues/1");
        assertThat(issue.path("user").path("login").asText()).isEqualTo("chatops-bot");
        assertThat(issue.path("labels").get(0).path("name").asText()).isEqualTo("ops");
        assertThat(issue.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        HttpResponse<String> comment = post("/repos/acme/app/issues/1/comments", "{\"body\":\"on it\"}");
        assertThat(comment.statusCode()).isEqualTo(201);
        assertThat(json(comment).path("html_url").asText()).startsWith("https://github.com/acme/app/issues/1#issuecomment-");
        assertThat(repo.issue(1).comments()).containsExactly("on it");
        assertThat(github.lastRequest().json().path("body").asText()).isEqualTo("on it");

        HttpResponse<String> missingTitle = post("/repos/acme/app/issues", "{\"body\":\"no title\"}");
        assertThat(missingTitle.statusCode()).isEqualTo(422);
        assertThat(json(missingTitle).path("message").asText()).isEqualTo("Validation Failed");
        assertThat(json(missingTitle).path("errors").get(0).path("code").asText()).isEqualTo("missing_field");
        assertThat(json(missingTitle).path("errors").get(0).path("field").asText()).isEqualTo("title");

        assertThat(post("/repos/acme/app/issues", "{not json").statusCode()).isEqualTo(400);
        assertThat(post("/repos/acme/app/issues/99/comments", "{\"body\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(post("/repos/acme/nope/issues", "{\"title\":\"x\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void listIssuesIncludesPullRequestsAndPaginatesViaOpaqueLinks() {
        for (int i = 1; i <= 4; i++) {
            repo.addIssue("issue " + i, "", "bug");
        }
        repo.addPullRequest("feature", "feature-x", "main");

        HttpResponse<String> first = get("/repos/acme/app/issues?state=open&per_page=2");
        assertThat(first.statusCode()).isEqualTo(200);
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link).contains("rel=\"next\"").contains("rel=\"last\"")
                .contains(github.baseUrl() + "/repositories/" + repo.id() + "/issues?");

        List<JsonNode> all = new ArrayList<>();
        json(first).forEach(all::add);
        String next = nextLink(link);
        while (next != null) {
            HttpResponse<String> page = send(api("").uri(java.net.URI.create(next)).build());
            assertThat(page.statusCode()).isEqualTo(200);
            json(page).forEach(all::add);
            next = page.headers().firstValue("Link").map(FakeGitHubTest::nextLink).orElse(null);
        }
        assertThat(all).extracting(n -> n.path("number").asInt()).containsExactly(5, 4, 3, 2, 1);
        assertThat(all.get(0).has("pull_request")).isTrue();
        assertThat(all.get(1).has("pull_request")).isFalse();

        HttpResponse<String> labelled = get("/repos/acme/app/issues?labels=bug&state=all");
        assertThat(json(labelled)).hasSize(4);
        assertThat(labelled.headers().firstValue("Link")).isEmpty();
    }

    private static String nextLink(String linkHeader) {
        Matcher m = Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(linkHeader);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void pullRequestsListGetAndNotFound() {
        FakeGitHub.Issue pr = repo.addPullRequest("Add feature", "feature-x", "main");
        repo.addPullRequest("Old", "old", "main").close();

        JsonNode open = json(get("/repos/acme/app/pulls"));
        assertThat(open).hasSize(1);
        assertThat(open.get(0).path("head").path("ref").asText()).isEqualTo("feature-x");
        assertThat(json(get("/repos/acme/app/pulls?state=all"))).hasSize(2);
        assertThat(json(get("/repos/acme/app/pulls?state=closed")).get(0).path("title").asText()).isEqualTo("Old");

        JsonNode full = json(get("/repos/acme/app/pulls/" + pr.number()));
        assertThat(full.path("merged").asBoolean()).isFalse();
        assertThat(full.path("mergeable").asBoolean()).isTrue();
        assertThat(full.path("head").path("sha").asText()).isEqualTo(pr.headSha());
        assertThat(full.path("base").path("ref").asText()).isEqualTo("main");
        assertThat(full.path("html_url").asText()).isEqualTo("https://github.com/acme/app/pull/" + pr.number());

        HttpResponse<String> issueAsPull = get("/repos/acme/app/pulls/999");
        assertThat(issueAsPull.statusCode()).isEqualTo(404);
        assertThat(json(issueAsPull).path("message").asText()).isEqualTo("Not Found");
    }

    @Test
    void commitsTagsAndCheckRuns() {
        String sha = repo.addCommit("main", "Fix the thing");
        repo.addTag("v1.0.0");
        repo.addCheckRun("main", "build", "completed", "success");
        repo.addCheckRun("main", "lint", "in_progress", null);

        JsonNode commits = json(get("/repos/acme/app/commits?sha=main"));
        assertThat(commits.get(0).path("sha").asText()).isEqualTo(sha);
        assertThat(commits.get(0).path("commit").path("message").asText()).isEqualTo("Fix the thing");
        assertThat(commits.get(1).path("commit").path("message").asText()).isEqualTo("Initial commit");
        assertThat(get("/repos/acme/app/commits?sha=nope").statusCode()).isEqualTo(404);

        JsonNode tags = json(get("/repos/acme/app/tags"));
        assertThat(tags.get(0).path("name").asText()).isEqualTo("v1.0.0");
        assertThat(tags.get(0).path("commit").path("sha").asText()).isEqualTo(sha);

        JsonNode checks = json(get("/repos/acme/app/commits/main/check-runs"));
        assertThat(checks.path("total_count").asInt()).isEqualTo(2);
        assertThat(json(get("/repos/acme/app/commits/" + sha + "/check-runs?check_name=build"))
                .path("check_runs").get(0).path("conclusion").asText()).isEqualTo("success");
        assertThat(get("/repos/acme/app/commits/unknown-ref/check-runs").statusCode()).isEqualTo(422);
    }

    @Test
    void workflowDispatchValidatesLikeGitHubAndRunsProgressOverTime() {
        FakeGitHub.Workflow deploy = repo.addWorkflow("deploy.yml", "Deploy")
                .input("environment", true, null)
                .input("dry_run", false, "false")
                .timings(Duration.ofMillis(600), Duration.ofMillis(300));
        repo.addWorkflow("ci.yml", "CI").withoutDispatchTrigger();

        HttpResponse<String> ok = post("/repos/acme/app/actions/workflows/deploy.yml/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"environment\":\"staging\"}}");
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.body()).isEmpty();
        assertThat(repo.runs().get(0).inputs()).containsEntry("environment", "staging").containsEntry("dry_run", "false");

        assertThat(post("/repos/acme/app/actions/workflows/" + deploy.id() + "/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"environment\":\"prod\"}}").statusCode()).isEqualTo(204);

        assertUnprocessable(post("/repos/acme/app/actions/workflows/ci.yml/dispatches", "{\"ref\":\"main\"}"),
                "Workflow does not have 'workflow_dispatch' trigger");
        assertUnprocessable(post("/repos/acme/app/actions/workflows/deploy.yml/dispatches",
                "{\"ref\":\"nope\",\"inputs\":{\"environment\":\"x\"}}"), "No ref found for: nope");
        assertUnprocessable(post("/repos/acme/app/actions/workflows/deploy.yml/dispatches", "{\"inputs\":{}}"),
                "\"ref\" wasn't supplied");
        assertUnprocessable(post("/repos/acme/app/actions/workflows/deploy.yml/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"environment\":\"x\",\"colour\":\"red\"}}"), "Unexpected inputs provided: [\"colour\"]");
        assertUnprocessable(post("/repos/acme/app/actions/workflows/deploy.yml/dispatches", "{\"ref\":\"main\"}"),
                "Required input 'environment' not provided");
        assertThat(post("/repos/acme/app/actions/workflows/missing.yml/dispatches", "{\"ref\":\"main\"}").statusCode())
                .isEqualTo(404);

        HttpResponse<String> details = post("/repos/acme/app/actions/workflows/deploy.yml/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"environment\":\"dev\"},\"return_run_details\":true}");
        assertThat(details.statusCode()).isEqualTo(200);
        long runId = json(details).path("workflow_run_id").asLong();
        assertThat(json(details).path("html_url").asText()).isEqualTo("https://github.com/acme/app/actions/runs/" + runId);

        JsonNode runs = json(get("/repos/acme/app/actions/workflows/deploy.yml/runs?event=workflow_dispatch&branch=main"));
        assertThat(runs.path("total_count").asInt()).isEqualTo(3);
        assertThat(runs.path("workflow_runs").get(0).path("id").asLong()).isEqualTo(runId);
        assertThat(runs.path("workflow_runs").get(0).path("status").asText()).isEqualTo("queued");
        assertThat(runs.path("workflow_runs").get(0).path("conclusion").isNull()).isTrue();

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode run = json(get("/repos/acme/app/actions/runs/" + runId));
            assertThat(run.path("status").asText()).isEqualTo("completed");
            assertThat(run.path("conclusion").asText()).isEqualTo("success");
        });
        assertThat(json(get("/repos/acme/app/actions/runs?status=success")).path("total_count").asInt()).isEqualTo(3);
    }

    @Test
    void olderEnterpriseRejectsReturnRunDetails() {
        github.supportReturnRunDetails(false).enterpriseVersion("3.14.0");
        repo.addWorkflow("deploy.yml", "Deploy");
        HttpResponse<String> response = send(request(github.enterpriseBaseUrl() + "/repos/acme/app/actions/workflows/deploy.yml/dispatches")
                .header("Authorization", "token " + FakeGitHub.DEFAULT_TOKEN)
                .POST(jsonBody("{\"ref\":\"main\",\"return_run_details\":true}")).build());
        assertUnprocessable(response, "\"return_run_details\" is not a permitted key");
        assertThat(response.headers().firstValue("x-github-enterprise-version")).hasValue("3.14.0");
    }

    private static void assertUnprocessable(HttpResponse<String> response, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response).path("message").asText()).contains(messagePart);
        assertThat(json(response).path("status").asText()).isEqualTo("422");
    }

    @Test
    void enterprisePrefixServesTheSameApiWithPrefixedLinks() {
        repo.addIssue("a", "");
        repo.addIssue("b", "");
        HttpResponse<String> response = send(request(github.enterpriseBaseUrl() + "/repos/acme/app/issues?per_page=1")
                .header("Authorization", "token " + FakeGitHub.DEFAULT_TOKEN).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get(0).path("url").asText()).startsWith(github.enterpriseBaseUrl() + "/repos/acme/app/issues/");
        assertThat(response.headers().firstValue("Link").orElseThrow())
                .contains("<" + github.enterpriseBaseUrl() + "/repositories/" + repo.id() + "/issues?per_page=1&page=2>; rel=\"next\"");

        // fault prefixes are written without /api/v3 and still match enterprise-style requests
        github.failNext(1, "/repos/acme/app/issues", FakeGitHub.serverError(503));
        assertThat(send(request(github.enterpriseBaseUrl() + "/repos/acme/app/issues")
                .header("Authorization", "token " + FakeGitHub.DEFAULT_TOKEN).build()).statusCode()).isEqualTo(503);
        github.failNextMatching(1, r -> r.method().equals("POST"), FakeGitHub.forbidden());
        assertThat(get("/repos/acme/app/issues").statusCode()).isEqualTo(200);
        assertThat(post("/repos/acme/app/issues", "{\"title\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(github.requests("GET", "/api/v3/repos/")).hasSize(2);
    }

    @Test
    void faultsUseGitHubErrorShapesAndRateLimitHeaders() {
        github.failNext(FakeGitHub.badCredentials());
        HttpResponse<String> unauthorized = get("/repos/acme/app");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(json(unauthorized).path("message").asText()).isEqualTo("Bad credentials");

        github.failNext(FakeGitHub.forbidden());
        HttpResponse<String> forbidden = get("/repos/acme/app");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("x-ratelimit-remaining").map(Integer::parseInt).orElseThrow()).isPositive();
        assertThat(forbidden.headers().firstValue("retry-after")).isEmpty();

        github.failNext(FakeGitHub.primaryRateLimit(403));
        HttpResponse<String> primary = get("/repos/acme/app");
        assertThat(primary.statusCode()).isEqualTo(403);
        assertThat(primary.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(json(primary).path("message").asText()).startsWith("API rate limit exceeded");

        github.failNext(FakeGitHub.primaryRateLimit(429));
        assertThat(get("/repos/acme/app").statusCode()).isEqualTo(429);

        github.failNext(FakeGitHub.secondaryRateLimit(403, Fault.retryAfterSeconds(3)));
        HttpResponse<String> secondary = get("/repos/acme/app");
        assertThat(secondary.statusCode()).isEqualTo(403);
        assertThat(secondary.headers().firstValue("retry-after")).hasValue("3");
        assertThat(json(secondary).path("message").asText()).contains("secondary rate limit");

        github.failNext(FakeGitHub.secondaryRateLimit(429, Fault.retryAfterHttpDate(Duration.ofSeconds(5))));
        assertThat(get("/repos/acme/app").headers().firstValue("retry-after").orElseThrow()).endsWith("GMT");
        github.failNext(FakeGitHub.secondaryRateLimit(429, Fault.MALFORMED_RETRY_AFTER));
        assertThat(get("/repos/acme/app").headers().firstValue("retry-after")).hasValue(Fault.MALFORMED_RETRY_AFTER);
        github.failNext(FakeGitHub.secondaryRateLimit(429, null));
        assertThat(get("/repos/acme/app").headers().firstValue("retry-after")).isEmpty();

        github.failNext(2, "/repos/acme/app/issues", FakeGitHub.serverError(502));
        assertThat(get("/repos/acme/app").statusCode()).as("other paths unaffected").isEqualTo(200);
        assertThat(get("/repos/acme/app/issues").statusCode()).isEqualTo(502);
        assertThat(get("/repos/acme/app/issues").statusCode()).isEqualTo(502);
        assertThat(get("/repos/acme/app/issues").statusCode()).isEqualTo(200);

        github.failNext(FakeGitHub.notFound());
        assertThat(get("/repos/acme/app").statusCode()).isEqualTo(404);
        assertThat(github.pendingFaults()).isZero();
    }

    @Test
    void builtInPrimaryLimitKicksInWhenUsedUp() {
        github.rateLimit(2, Duration.ofMinutes(1));
        assertThat(get("/repos/acme/app").statusCode()).isEqualTo(200);
        HttpResponse<String> last = get("/repos/acme/app");
        assertThat(last.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        HttpResponse<String> limited = get("/repos/acme/app");
        assertThat(limited.statusCode()).isEqualTo(403);
        assertThat(limited.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
    }

    @Test
    void stallTriggersClientTimeoutAndDropClosesTheConnection() {
        github.failNext(Fault.stall(Duration.ofSeconds(2)));
        assertThatThrownBy(() -> send(api("/repos/acme/app").timeout(Duration.ofMillis(300)).build()))
                .hasRootCauseInstanceOf(HttpTimeoutException.class);

        // a POST, because java.net.http silently retries an idempotent GET once when a pooled connection dies
        github.failNext(Fault.dropConnection());
        assertThatThrownBy(() -> post("/repos/acme/app/issues", "{\"title\":\"x\"}"))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(repo.issues()).isEmpty();
        assertThat(get("/repos/acme/app").statusCode()).isEqualTo(200);
    }

    @Test
    void unsupportedMethodIsA404LikeGitHub() {
        HttpResponse<String> response = send(api("/repos/acme/app/pulls").DELETE().build());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("message").asText()).isEqualTo("Not Found");
    }
}
