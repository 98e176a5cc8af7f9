package io.github.webexcamel.gateway.e2e;

import java.time.Duration;

import io.github.webexcamel.gateway.fakes.FakeJenkins;
import io.github.webexcamel.gateway.fakes.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /build against the Jenkins fake: queue, poll, report in the thread; crumbs on demand; one-line failures. */
class JenkinsBuildTest extends ConnectorTestSupport {

    @BeforeEach
    void seed() {
        JENKINS.clearFaults().legacyCrumbsForApiTokens(false);
    }

    private String ask(String text) {
        return say(newUser(), text).path("roomId").asText();
    }

    @Test
    void queuesAParameterisedFolderJobAndPostsTheResultWhenItFinishes() {
        String room = ask("/build team/deploy ENV=prod");
        assertThat(text(awaitBotMessages(room, 1).get(0))).startsWith("Queued team/deploy");
        String result = text(awaitBotMessage(room, m -> text(m).startsWith("Build #")));
        assertThat(result).contains("team/deploy").contains("SUCCESS");
        assertThat(JENKINS.job("team/deploy").lastBuild().parameters()).containsEntry("ENV", "prod");
        assertThat(JENKINS.requests("POST", "/job/team/job/deploy/buildWithParameters")).isNotEmpty();
    }

    @Test
    void fetchesACrumbOnlyWhenJenkinsAsksForOne() {
        JENKINS.legacyCrumbsForApiTokens(true);
        String room = ask("/build plain");
        assertThat(text(awaitBotMessages(room, 1).get(0))).startsWith("Queued plain");
        assertThat(JENKINS.requests("GET", "/crumbIssuer")).isNotEmpty();
        awaitBotMessage(room, m -> text(m).startsWith("Build #"));
    }

    @Test
    void unknownJobIsOneLineAndABackendErrorInTheAudit() {
        String user = newUser();
        String room = say(user, "/build nope").path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).isEqualTo("Jenkins has no job nope.");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var row = management("/api/audit?person=" + user).path(0);
            assertThat(row.path("outcome").asText()).isEqualTo("backend-error");
            assertThat(row.path("status").asInt()).isEqualTo(404);
        });
    }

    @Test
    void parametersForAJobWithoutParameters() {
        assertThat(text(awaitBotMessages(ask("/build plain X=1"), 1).get(0))).contains("takes no parameters");
    }

    @Test
    void disabledJob() {
        assertThat(text(awaitBotMessages(ask("/build old"), 1).get(0))).isEqualTo("Job old is disabled.");
    }

    @Test
    void badArgumentsGetTheUsage() {
        assertThat(text(awaitBotMessages(ask("/build"), 1).get(0))).startsWith("Usage: /build");
        assertThat(text(awaitBotMessages(ask("/build ../x"), 1).get(0))).startsWith("Usage: /build");
    }

    @Test
    void unauthorized() {
        assertFailure(FakeJenkins.unauthorized(), "refused the gateway's credentials (HTTP 401)");
    }

    @Test
    void rateLimited() {
        assertFailure(FakeJenkins.tooManyRequests(Fault.retryAfterSeconds(9)), "try again in 9 seconds");
    }

    @Test
    void serverError() {
        assertFailure(FakeJenkins.serverError(), "Jenkins is failing or down (HTTP 500)");
    }

    @Test
    void timeout() {
        assertFailure(Fault.stall(Duration.ofSeconds(4)), "Jenkins did not answer in time");
    }

    private void assertFailure(Fault fault, String expected) {
        JENKINS.failNext(fault);
        String reply = text(awaitBotMessages(ask("/build plain"), 1).get(0));
        assertThat(reply).contains(expected).doesNotContain(FakeJenkins.DEFAULT_API_TOKEN);
    }
}
