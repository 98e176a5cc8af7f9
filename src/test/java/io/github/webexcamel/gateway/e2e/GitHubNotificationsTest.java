package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.github.webexcamel.gateway.fakes.FakeGitHub;
import io.github.webexcamel.gateway.github.GitHubPoller;
import io.github.webexcamel.gateway.state.StateValues;
import org.apache.camel.CamelContext;
import org.eclipse.egit.github.core.service.CommitService;
import org.eclipse.egit.github.core.service.PullRequestService;
import org.eclipse.egit.github.core.service.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The GitHub notification routes against the GitHub fake: new pull requests, commits and tags of acme/notify
 * posted into the configured space once each, in order, from positions kept in the state store — also what came
 * while no gateway polled (the routes stopped, as on a replica that is not the leader) and after a failed post.
 */
class GitHubNotificationsTest extends ConnectorTestSupport {

    private static final List<String> ROUTES = List.of("github-notify-pull-requests", "github-notify-commits", "github-notify-tags");
    private static final String POSITION = "github.notify.acme/notify.";

    @Autowired
    private CamelContext camel;
    @Autowired
    private StateValues state;
    @Autowired
    private PullRequestService pulls;
    @Autowired
    private CommitService commits;
    @Autowired
    private RepositoryService repositories;

    private String room;

    static {
        // GitHub failing while the gateway starts: the notification polls must fail, log and try again, not stop the gateway
        GITHUB.failNext(2, "/api/v3/repos/acme/notify", FakeGitHub.serverError(503));
    }

    /**
     * Only this class's context polls acme/notify: the other connector tests' contexts, cached and running meanwhile,
     * posted what these tests add into a space that did not exist, every poll, for the rest of the run.
     */
    @DynamicPropertySource
    static void notifications(DynamicPropertyRegistry registry) {
        registry.add("github.notify.repo", GITHUB_NOTIFY_REPO::fullName);
        // the Webex space exists only once the sandbox runs: newSpace() sets it at run time
        registry.add("github.notify.room-id", () -> "not-yet");
        registry.add("github.notify.poll-delay", () -> "300");
        registry.add("github.notify.initial-delay", () -> "200");
    }

    @BeforeEach
    void newSpace() {
        // every cached test context that polls the one GitHub fake spends its rate limit: these tests start afresh
        GITHUB.rateLimit(5000, java.time.Duration.ofHours(1));
        // the first two calls for acme/notify fail with 503 while the gateway starts (static block above): the
        // first polls fail and the next ones record where notifications start
        await().atMost(TIMEOUT).until(() -> Stream.of("pulls", "commits.main", "tags").allMatch(k -> state.get(POSITION + k).isPresent()));
        room = sandbox.createGroupRoom("GitHub notifications", List.of(newUser())).path("id").asText();
        camel.getPropertiesComponent().addOverrideProperty("github.notify.room-id", room);
    }

    @Test
    void newPullRequestsArePostedIntoTheConfiguredSpaceDespiteGitHubFailingAtStartUp() {
        var pr = GITHUB_NOTIFY_REPO.addPullRequest("Bump the parser", "bump", "main");
        String text = text(awaitBotMessage(room, m -> text(m).startsWith("New pull request")));
        assertThat(text).startsWith("New pull request in acme/notify: #" + pr.number() + " Bump the parser by ").endsWith(", bump → main");
        // the position moves once the post is done
        await().atMost(TIMEOUT).until(() -> state.get(POSITION + "pulls").orElseThrow().equals(Integer.toString(pr.number())));
    }

    @Test
    void newCommitsAndTagsArePostedOnceEachOldestFirst() {
        GITHUB_NOTIFY_REPO.addCommit("main", "First of two commits");
        GITHUB_NOTIFY_REPO.addCommit("main", "Second of two commits", "hubot");
        GITHUB_NOTIFY_REPO.addTag("v1.0.0");
        awaitBotMessage(room, m -> text(m).contains("v1.0.0"));
        awaitBotMessage(room, m -> text(m).contains("Second of two commits"));
        waitForPolls();
        List<String> texts = botTexts(room);
        assertThat(texts.stream().filter(t -> t.contains("of two commits"))).hasSize(2);
        assertThat(texts.stream().filter(t -> t.contains("First of two commits")).findFirst().orElseThrow())
                .startsWith("New commit on main in acme/notify: ");
        assertThat(texts.indexOf(texts.stream().filter(t -> t.contains("First of two")).findFirst().orElseThrow()))
                .isLessThan(texts.indexOf(texts.stream().filter(t -> t.contains("Second of two")).findFirst().orElseThrow()));
        assertThat(texts.stream().filter(t -> t.contains("v1.0.0"))).containsExactly("New tag in acme/notify: v1.0.0");
    }

    @Test
    void whatCameWhileNoReplicaPolledIsPostedOnceWhenPollingResumes() throws Exception {
        // what the cluster policy does on a replica that loses the lead (or before a restart)
        for (String route : ROUTES) {
            camel.getRouteController().stopRoute(route);
        }
        try {
            var pr = GITHUB_NOTIFY_REPO.addPullRequest("Made while nobody polled", "offline", "main");
            GITHUB_NOTIFY_REPO.addCommit("main", "Commit while nobody polled");
            GITHUB_NOTIFY_REPO.addTag("v2.0.0-offline");
            waitForPolls();
            assertThat(botTexts(room)).isEmpty();
            // a replica that takes over builds its poller afresh: everything it knows comes from the state store
            GitHubPoller newLeader = new GitHubPoller(pulls, commits, repositories, state, "acme/notify", "main");
            assertThat(newLeader.pullRequests()).extracting(p -> p.getNumber()).containsExactly(pr.number());
            assertThat(newLeader.tags()).extracting(t -> t.getName()).containsExactly("v2.0.0-offline");
        } finally {
            for (String route : ROUTES) {
                camel.getRouteController().startRoute(route);
            }
        }
        awaitBotMessage(room, m -> text(m).contains("Made while nobody polled"));
        awaitBotMessage(room, m -> text(m).contains("Commit while nobody polled"));
        awaitBotMessage(room, m -> text(m).contains("v2.0.0-offline"));
        waitForPolls();
        List<String> texts = botTexts(room);
        for (String unique : List.of("Made while nobody polled", "Commit while nobody polled", "v2.0.0-offline")) {
            assertThat(texts.stream().filter(t -> t.contains(unique))).as(unique).hasSize(1);
        }
        GitHubPoller afterwards = new GitHubPoller(pulls, commits, repositories, state, "acme/notify", "main");
        assertThat(afterwards.pullRequests()).isEmpty();
        assertThat(afterwards.commits()).isEmpty();
        assertThat(afterwards.tags()).isEmpty();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aPostThatFailsIsRetriedFromTheSamePositionNotLost(CapturedOutput output) {
        // a space the bot is not in: every post fails (Webex answers 404) until the space is corrected
        camel.getPropertiesComponent().addOverrideProperty("github.notify.room-id", "Y2lzY29zcGFyazovL3VzL1JPT00vbm8tc3VjaC1yb29t");
        String before = state.get(POSITION + "tags").orElseThrow();
        GITHUB_NOTIFY_REPO.addTag("v3.0.0-retried");
        waitForPolls();
        assertThat(state.get(POSITION + "tags")).contains(before);
        // the error line into the same space is refused the same way: one line says so, the error handler does not
        // run again on it (which logged a "circular error-handler" stack trace for each failed poll)
        assertThat(output.getAll()).contains("Could not post the error line into room Y2lzY29zcGFyazovL3VzL1JPT00vbm8tc3VjaC1yb29t")
                .doesNotContain("Circular error-handler");
        camel.getPropertiesComponent().addOverrideProperty("github.notify.room-id", room);
        awaitBotMessage(room, m -> text(m).contains("v3.0.0-retried"));
        waitForPolls();
        assertThat(botTexts(room).stream().filter(t -> t.contains("v3.0.0-retried"))).hasSize(1);
    }

    @Test
    void aPositionThatIsNotANumberIsReplacedByThePresentInsteadOfFailingEveryPoll() throws Exception {
        state.put(POSITION + "pulls", "not a number");
        GitHubPoller poller = new GitHubPoller(pulls, commits, repositories, state, "acme/notify", "main");
        assertThat(poller.pullRequests()).isEmpty();
        assertThat(state.get(POSITION + "pulls").orElseThrow()).matches("\\d+");
    }

    private List<String> botTexts(String roomId) {
        return sandbox.messages(roomId).stream().filter(m -> sandbox.botEmail().equals(m.path("personEmail").asText()))
                .map(m -> text(m)).toList();
    }

    /** Several poll periods (300 ms, notifications() above): time for a wrong extra post to show up. */
    private static void waitForPolls() {
        try {
            Thread.sleep(Duration.ofMillis(1200).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
