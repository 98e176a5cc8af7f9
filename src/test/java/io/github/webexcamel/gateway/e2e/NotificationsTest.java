package io.github.webexcamel.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.WebexIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications in, end to end: real HTTP requests to the gateway's application port as Alertmanager, GitHub,
 * Jenkins and any tool send them, and what the bot then posts in the sandbox's spaces. Refusals (401, 404, 413,
 * 429) post nothing and are counted; accepted notifications keep their order and survive a Webex 5xx burst.
 */
@TestPropertySource(properties = {
        "webex.hooks.token=" + NotificationsTest.TOKEN,
        "github.webhook-secret=" + NotificationsTest.GITHUB_SECRET,
        "webex.hooks.rate-per-minute=40",
        // past the REST client's own budget, the notification queue's redelivery takes over
        "camel.component.webex.write-retry-budget=1s",
        "webex.hooks.redelivery-delay=300",
        "webex.hooks.redelivery-max-delay=1000" })
class NotificationsTest extends GatewayTestSupport {

    static final String TOKEN = "hooks-token-for-tests";
    static final String GITHUB_SECRET = "github-secret-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A notification folder of this test's own, watched like routes/notifications/ (webex.hooks.routes-dir). */
    private static final Path HOOKS = temporaryHooks();

    private static Path temporaryHooks() {
        try {
            return Files.createTempDirectory("gateway-notifications-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void hooks(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/gateway/*.camel.yaml,file:routes/commands/*.camel.yaml,"
                + "file:routes/notifications/*.camel.yaml,classpath:test-hooks/*.camel.yaml,file:" + HOOKS + "/*.camel.yaml");
        registry.add("webex.hooks.routes-dir", HOOKS::toString);
    }

    @AfterEach
    void noFaults() {
        sandbox.faults().reset();
    }

    private String newRoom() {
        return sandbox.createGroupRoom("Ops " + UUID.randomUUID(), List.of(newUser())).path("id").asText();
    }

    private HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> bearer(String path, String body) {
        return post(path, body, "Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> github(String room, String event, String body) {
        return post("/hooks/github?roomId=" + room, body, "X-GitHub-Event", event,
                "X-GitHub-Delivery", UUID.randomUUID().toString(), "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, body),
                "User-Agent", "GitHub-Hookshot/abc1234");
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private double refused(String hook) {
        JsonNode metric = management("/actuator/metrics/webex.hooks.refused?tag=hook:" + hook);
        return metric.path("measurements").path(0).path("value").asDouble(0);
    }

    private int allMessages() {
        return sandbox.rooms().stream().mapToInt(r -> sandbox.messages(r.path("id").asText()).size()).sum();
    }

    private static void assertHarmless(ObjectNode message) {
        assertThat(message.has("mentionedGroups")).as("mentionedGroups of %s", message).isFalse();
        assertThat(message.has("mentionedPeople")).as("mentionedPeople of %s", message).isFalse();
        assertThat(message.path("markdown").asText("")).doesNotContain("<@all>");
    }

    /** Settles what is in flight, then checks nothing more was posted anywhere. */
    private void assertNothingPosted(int before) {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(allMessages()).as("messages in all spaces").isEqualTo(before);
    }

    // ---- Alertmanager

    private static String alertmanager(String status, String summaryOfFirst) {
        String endsAt = status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-12-04T18:40:00Z";
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"HighLatency\\"}","truncatedAlerts":0,"status":"%s",
                 "receiver":"webex","groupLabels":{"alertname":"HighLatency"},
                 "commonLabels":{"alertname":"HighLatency","job":"api"},"commonAnnotations":{},
                 "externalURL":"http://alertmanager.example.com:9093",
                 "alerts":[
                  {"status":"%s","labels":{"alertname":"HighLatency","severity":"critical","instance":"api-1:8080","job":"api"},
                   "annotations":{"summary":"%s","runbook_url":"https://runbooks.example.com/latency"},
                   "startsAt":"2026-12-04T18:30:00Z","endsAt":"%s",
                   "generatorURL":"http://prometheus.example.com:9090/graph?g0.expr=latency","fingerprint":"a1b2c3d4e5f60718"},
                  {"status":"%s","labels":{"alertname":"HighLatency","severity":"warning","instance":"api-2:8080","job":"api"},
                   "annotations":{"summary":"p99 latency over 500 ms on api-2"},
                   "startsAt":"2026-12-04T18:31:00Z","endsAt":"%s",
                   "generatorURL":"http://prometheus.example.com:9090/graph?g0.expr=latency","fingerprint":"0f1e2d3c4b5a6978"}]}
                """.formatted(status, status, summaryOfFirst, endsAt, status, endsAt);
    }

    @Test
    void alertmanagerGroupsAreOneCardFiringThenResolvedAndMentionNobody() {
        String room = newRoom();
        HttpResponse<String> firing = bearer("/hooks/alertmanager?roomId=" + room,
                alertmanager("firing", "p99 latency over 2 s on api-1 <@all>"));
        assertThat(firing.statusCode()).as(firing.body()).isEqualTo(202);
        assertThat(bearer("/hooks/alertmanager?roomId=" + room,
                alertmanager("resolved", "p99 latency over 2 s on api-1 <@all>")).statusCode()).isEqualTo(202);

        List<ObjectNode> messages = awaitBotMessages(room, 2);
        assertThat(messages).hasSize(2);
        ObjectNode first = messages.get(0);
        ObjectNode second = messages.get(1);
        // one message, one card, for the group of two alerts
        assertThat(first.path("attachments")).hasSize(1);
        JsonNode card = first.path("attachments").path(0).path("content");
        assertThat(first.path("attachments").path(0).path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.path("version").asText()).isEqualTo("1.3");
        String cardText = card.toString();
        assertThat(cardText).contains("[FIRING:2] HighLatency", "critical", "warning", "p99 latency over 500 ms on api-2",
                "https://runbooks.example.com/latency", "http://prometheus.example.com:9090/graph?g0.expr=latency",
                "http://alertmanager.example.com:9093");
        assertThat(text(first)).contains("[FIRING:2] HighLatency", "critical", "p99 latency over 2 s on api-1");
        assertThat(first.path("markdown").asText()).contains("[runbook](https://runbooks.example.com/latency)");
        assertHarmless(first);

        assertThat(second.path("attachments").path(0).path("content").toString()).contains("[RESOLVED:2] HighLatency");
        assertThat(text(second)).contains("RESOLVED").doesNotContain("FIRING");
        assertHarmless(second);
    }

    @Test
    void alertmanagerWithoutTheTokenIsRefusedAndCounted() {
        String room = newRoom();
        int before = allMessages();
        double refused = refused("alertmanager");
        assertThat(post("/hooks/alertmanager?roomId=" + room, alertmanager("firing", "x")).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post("/hooks/alertmanager?roomId=" + room, alertmanager("firing", "x"),
                "Authorization", "Bearer not-" + TOKEN);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(TOKEN);
        assertThat(wrong.headers().firstValue("Authorization")).isEmpty();
        assertNothingPosted(before);
        assertThat(refused("alertmanager")).isEqualTo(refused + 2);
    }

    // ---- GitHub

    private static final String REPO = """
            "repository":{"id":1296269,"name":"gateway","full_name":"octo-org/gateway","private":false,
             "html_url":"https://github.com/octo-org/gateway","default_branch":"main"},
            "organization":{"login":"octo-org"},
            "sender":{"login":"octocat","id":1,"type":"User"}""";

    static String push() {
        return """
                {"ref":"refs/heads/main","before":"6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                 "after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","created":false,"deleted":false,"forced":false,
                 "compare":"https://github.com/octo-org/gateway/compare/6113728f27ae...0d1a26e67d8f",
                 "commits":[
                  {"id":"4c8e1b5d2a9f3e7c6b0a1d2e3f4a5b6c7d8e9f0a","message":"Fix the retry budget\\n\\nLonger text",
                   "timestamp":"2026-12-04T18:00:00Z","url":"https://github.com/octo-org/gateway/commit/4c8e1b5d2a9f3e7c6b0a1d2e3f4a5b6c7d8e9f0a",
                   "author":{"name":"Mona Lisa","email":"mona@example.com","username":"mona"}},
                  {"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","message":"Say <@all> in a commit message",
                   "timestamp":"2026-12-04T18:01:00Z","url":"https://github.com/octo-org/gateway/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                   "author":{"name":"Octo Cat","email":"octocat@example.com","username":"octocat"}}],
                 "head_commit":{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"},
                 "pusher":{"name":"octocat","email":"octocat@example.com"},
                """ + REPO + "}";
    }

    static String pullRequest(String action, boolean merged) {
        return """
                {"action":"%s","number":42,
                 "pull_request":{"url":"https://api.github.com/repos/octo-org/gateway/pulls/42","id":1,"number":42,
                  "html_url":"https://github.com/octo-org/gateway/pull/42","state":"%s","title":"Notifications in",
                  "user":{"login":"mona"},"merged":%s,"draft":false,
                  "head":{"ref":"h-notify","sha":"0d1a26e6"},"base":{"ref":"main","sha":"6113728f"}},
                """.formatted(action, action.equals("closed") ? "closed" : "open", merged) + REPO + "}";
    }

    static String release() {
        return """
                {"action":"published",
                 "release":{"id":7,"tag_name":"v1.4.0","name":"1.4.0","draft":false,"prerelease":false,
                  "html_url":"https://github.com/octo-org/gateway/releases/tag/v1.4.0","author":{"login":"octocat"}},
                """ + REPO + "}";
    }

    static String workflowRun(String action, String conclusion) {
        return """
                {"action":"%s",
                 "workflow_run":{"id":30433642,"name":"CI","head_branch":"main","head_sha":"0d1a26e6","run_number":562,
                  "event":"push","status":"completed","conclusion":%s,
                  "html_url":"https://github.com/octo-org/gateway/actions/runs/30433642"},
                 "workflow":{"id":159038,"name":"CI","path":".github/workflows/ci.yml"},
                """.formatted(action, conclusion == null ? "null" : "\"" + conclusion + "\"") + REPO + "}";
    }

    @Test
    void githubSignedEventsArePostedInOrderAndPingIsAnswered() {
        String room = newRoom();
        HttpResponse<String> ping = github(room, "ping",
                "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":12345678,\"hook\":{\"type\":\"Repository\",\"events\":[\"push\"]},"
                        + REPO + "}");
        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        assertThat(github(room, "push", push()).statusCode()).isEqualTo(202);
        assertThat(github(room, "pull_request", pullRequest("opened", false)).statusCode()).isEqualTo(202);
        // answered, not posted: a label change, a run that only started
        HttpResponse<String> labeled = github(room, "pull_request", pullRequest("labeled", false));
        assertThat(labeled.statusCode()).isEqualTo(202);
        assertThat(labeled.body()).contains("ignored");
        assertThat(github(room, "workflow_run", workflowRun("requested", null)).statusCode()).isEqualTo(202);
        assertThat(github(room, "pull_request", pullRequest("closed", true)).statusCode()).isEqualTo(202);
        assertThat(github(room, "release", release()).statusCode()).isEqualTo(202);
        assertThat(github(room, "workflow_run", workflowRun("completed", "failure")).statusCode()).isEqualTo(202);

        List<ObjectNode> messages = awaitBotMessages(room, 5);
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> botMessages(room).size() == 5);
        assertThat(text(messages.get(0))).contains("octocat pushed 2 commits to main of octo-org/gateway",
                "4c8e1b5", "Fix the retry budget").doesNotContain("Longer text");
        assertThat(messages.get(0).path("markdown").asText())
                .contains("[4c8e1b5](https://github.com/octo-org/gateway/commit/4c8e1b5d2a9f3e7c6b0a1d2e3f4a5b6c7d8e9f0a)");
        assertThat(text(messages.get(1))).contains("octocat opened pull request #42 Notifications in", "h-notify", "main");
        assertThat(text(messages.get(2))).contains("merged pull request #42");
        assertThat(text(messages.get(3))).contains("published release 1.4.0", "v1.4.0");
        assertThat(text(messages.get(4))).contains("Workflow CI failure on main", "run #562");
        messages.forEach(NotificationsTest::assertHarmless);
    }

    @Test
    void aSignedGitHubDeliveryPostsOnceEvenWhenReplayedIntoAnotherSpace() {
        String room = newRoom();
        String other = newRoom();
        // a body no other test sends: GitHub signs the body only, so the same body again is a replay
        String body = push().replace("Fix the retry budget", "Replayed " + UUID.randomUUID());
        assertThat(github(room, "push", body).statusCode()).isEqualTo(202);
        HttpResponse<String> elsewhere = github(other, "push", body);
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(elsewhere.body()).contains("duplicate");
        assertThat(github(room, "push", body).body()).contains("duplicate");
        awaitBotMessages(room, 1);
        await().during(Duration.ofMillis(800)).atMost(TIMEOUT).until(() -> botMessages(room).size() == 1);
        assertThat(botMessages(other)).isEmpty();
    }

    @Test
    void githubWithoutOrWithAWrongSignatureIsRefusedAndCounted() {
        String room = newRoom();
        int before = allMessages();
        double refused = refused("github");
        String body = push();
        assertThat(post("/hooks/github?roomId=" + room, body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", UUID.randomUUID().toString()).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/github?roomId=" + room, body, "X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + hmac("another-secret", body)).statusCode()).isEqualTo(401);
        // signed, then changed on the way
        assertThat(post("/hooks/github?roomId=" + room, body.replace("main", "prod"), "X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + hmac(GITHUB_SECRET, body)).statusCode()).isEqualTo(401);
        // the old SHA-1 header alone is not enough
        assertThat(post("/hooks/github?roomId=" + room, body, "X-GitHub-Event", "push",
                "X-Hub-Signature", "sha1=0000").statusCode()).isEqualTo(401);
        // a bearer token is no way around the signature
        assertThat(post("/hooks/github?roomId=" + room, body, "X-GitHub-Event", "push",
                "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(401);
        assertNothingPosted(before);
        assertThat(refused("github")).isEqualTo(refused + 5);
    }

    // ---- Jenkins

    @Test
    void jenkinsBuildResultsInBothShapes() {
        String room = newRoom();
        assertThat(bearer("/hooks/jenkins?roomId=" + room, """
                {"job":"gateway/main","number":118,"result":"FAILURE","url":"https://jenkins.example.com/job/gateway/job/main/118/"}
                """).statusCode()).isEqualTo(202);
        // the Notification plugin: the STARTED phase is answered, only FINALIZED is posted
        String plugin = """
                {"name":"deploy-prod","display_name":"deploy-prod","url":"job/deploy-prod/",
                 "build":{"full_url":"https://jenkins.example.com/job/deploy-prod/7/","number":7,"queue_id":81,
                  "phase":"%s","status":%s,"url":"job/deploy-prod/7/","scm":{},"log":"","artifacts":{}}}
                """;
        assertThat(bearer("/hooks/jenkins?roomId=" + room, plugin.formatted("STARTED", "null")).statusCode()).isEqualTo(202);
        assertThat(bearer("/hooks/jenkins?roomId=" + room, plugin.formatted("FINALIZED", "\"SUCCESS\"")).statusCode()).isEqualTo(202);

        List<ObjectNode> messages = awaitBotMessages(room, 2);
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> botMessages(room).size() == 2);
        assertThat(text(messages.get(0))).contains("gateway/main #118", "FAILURE");
        assertThat(messages.get(0).path("markdown").asText()).contains("(https://jenkins.example.com/job/gateway/job/main/118/)");
        assertThat(text(messages.get(1))).contains("deploy-prod #7", "SUCCESS");
    }

    @Test
    void jenkinsWithoutOrWithAWrongTokenIsRefusedAndCounted() {
        String room = newRoom();
        int before = allMessages();
        double refused = refused("jenkins");
        String body = "{\"job\":\"j\",\"number\":1,\"result\":\"SUCCESS\",\"url\":\"https://jenkins.example.com/job/j/1/\"}";
        assertThat(post("/hooks/jenkins?roomId=" + room, body).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/jenkins?roomId=" + room, body, "Authorization", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(post("/hooks/jenkins?roomId=" + room, body, "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
        assertNothingPosted(before);
        assertThat(refused("jenkins")).isEqualTo(refused + 3);
    }

    // ---- any JSON

    @Test
    void genericJsonAsACodeBlockOrWithANamedCard() {
        String room = newRoom();
        assertThat(bearer("/hooks/generic?roomId=" + room, "{\"service\":\"billing\",\"state\":\"degraded <@all>\",\"n\":3}")
                .statusCode()).isEqualTo(202);
        HttpResponse<String> card = bearer("/hooks/generic?roomId=" + room + "&card=jira-issue",
                "{\"key\":\"OPS-7\",\"summary\":\"Disk full\",\"status\":\"Open\",\"type\":\"Incident\",\"assignee\":\"mona\","
                        + "\"url\":\"https://jira.example.com/browse/OPS-7\"}");
        assertThat(card.statusCode()).as(card.body()).isEqualTo(202);

        List<ObjectNode> messages = awaitBotMessages(room, 2);
        String markdown = messages.get(0).path("markdown").asText();
        assertThat(markdown).startsWith("```json\n").contains("\"service\" : \"billing\"").endsWith("```");
        assertHarmless(messages.get(0));
        assertThat(messages.get(1).path("attachments").path(0).path("content").toString()).contains("OPS-7: Disk full");
    }

    @Test
    void aCardNameCannotLeaveTheCardsFolder() {
        String room = newRoom();
        int before = allMessages();
        for (String name : List.of("../application", "..%2F..%2Fapplication.properties", "%2Fetc%2Fpasswd", "no-such-card")) {
            HttpResponse<String> response = bearer("/hooks/generic?roomId=" + room + "&card=" + name, "{\"a\":1}");
            assertThat(response.statusCode()).as(name).isEqualTo(400);
            assertThat(response.body()).contains("card template");
        }
        assertNothingPosted(before);
    }

    @Test
    void aCallersCamelHeadersCannotUnlockMentions() {
        String room = newRoom();
        assertThat(post("/hooks/generic?roomId=" + room, "{\"text\":\"<@all> wake up\"}", "Authorization", "Bearer " + TOKEN,
                "CamelWebexAllowMentions", "all", "CamelWebexRoomId", newRoom()).statusCode()).isEqualTo(202);
        ObjectNode message = awaitBotMessages(room, 1).get(0);
        assertHarmless(message);
    }

    @Test
    void theReadmesNotificationRouteWorksAsWritten() {
        String room = newRoom();
        assertThat(post("/hooks/uptime?roomId=" + room, "{\"monitor\":\"api\",\"status\":\"down\"}").statusCode()).isEqualTo(401);
        assertThat(bearer("/hooks/uptime?roomId=" + room, "{\"monitor\":\"api <@all>\",\"status\":\"down\"}").statusCode())
                .isEqualTo(202);
        ObjectNode message = awaitBotMessages(room, 1).get(0);
        assertThat(text(message)).contains("api", "is down");
        assertHarmless(message);
    }

    private static void write(Path file, String text) throws IOException {
        FileTime previous = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        Files.writeString(file, text);
        if (previous != null) {
            // a change within the file system's timestamp granularity must still look like a change
            Files.setLastModifiedTime(file, FileTime.fromMillis(previous.toMillis() + 2000));
        }
    }

    private static String hookFile(String path, String text) {
        return """
                - route:
                    id: notify-reload
                    group: notifications
                    description: "POST %s : reload test"
                    from:
                      uri: "platform-http:%s?httpMethodRestrict=POST"
                      steps:
                        - bean: {ref: webexHooks, method: bearer}
                        - bean: {ref: webexHooks, method: accept}
                        - setBody: {constant: "%s"}
                        - to: direct:webex-notify
                """.formatted(path, path, text);
    }

    @Test
    void aNotificationFileAddedChangedBrokenAndRemovedTakesEffectWithoutARestart() throws IOException {
        String room = newRoom();
        Path file = HOOKS.resolve("reload.camel.yaml");
        try {
            write(file, hookFile("/hooks/reload-one", "from version one"));
            await().atMost(TIMEOUT).until(() -> bearer("/hooks/reload-one?roomId=" + room, "{}").statusCode() == 202);
            assertThat(text(awaitBotMessages(room, 1).get(0))).isEqualTo("from version one");

            write(file, hookFile("/hooks/reload-two", "from version two"));
            await().atMost(TIMEOUT).until(() -> bearer("/hooks/reload-two?roomId=" + room, "{}").statusCode() == 202);
            assertThat(bearer("/hooks/reload-one?roomId=" + room, "{}").statusCode()).isEqualTo(404);

            write(file, "- route: [this is not a route");
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(bearer("/hooks/reload-two?roomId=" + room, "{}").statusCode()).as("the previous version stays").isEqualTo(202);

            Files.delete(file);
            await().atMost(TIMEOUT).until(() -> bearer("/hooks/reload-two?roomId=" + room, "{}").statusCode() == 404);
            // each accepted request posted once, by the version that answered it
            List<String> posted = awaitBotMessages(room, 3).stream().map(NotificationsTest::text).toList();
            assertThat(posted.get(0)).isEqualTo("from version one");
            assertThat(posted.subList(1, posted.size())).containsOnly("from version two");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- limits and spaces

    @Test
    void aBodyOverOneMebibyteIs413AndPostsNothing() {
        String room = newRoom();
        int before = allMessages();
        double generic = refused("generic");
        double github = refused("github");
        String big = "{\"data\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertThat(bearer("/hooks/generic?roomId=" + room, big).statusCode()).isEqualTo(413);
        // GitHub's too: the size is refused before the signature is checked
        assertThat(github(room, "push", big).statusCode()).isEqualTo(413);
        assertNothingPosted(before);
        assertThat(refused("generic")).isEqualTo(generic + 1);
        assertThat(refused("github")).isEqualTo(github + 1);
        // just under the limit is fine
        String fits = "{\"data\":\"" + "x".repeat(1024 * 1024 - 20) + "\"}";
        assertThat(bearer("/hooks/generic?roomId=" + room, fits).statusCode()).isEqualTo(202);
        assertThat(text(awaitBotMessages(room, 1).get(0))).contains("(truncated)");
    }

    @Test
    void aSpaceTheBotIsNotInIs404AndNothingIsPostedAnywhere() {
        int before = allMessages();
        String unknown = WebexIds.encode("us", WebexIds.ROOM, UUID.randomUUID().toString());
        for (String room : List.of(unknown, "not-a-room-id")) {
            HttpResponse<String> response = bearer("/hooks/jenkins?roomId=" + room,
                    "{\"job\":\"j\",\"number\":1,\"result\":\"SUCCESS\",\"url\":\"https://jenkins.example.com/job/j/1/\"}");
            assertThat(response.statusCode()).as(room).isEqualTo(404);
            assertThat(JsonBody.of(response).path("error").asText()).contains("not in a space");
            assertThat(github(room, "push", push()).statusCode()).isEqualTo(404);
        }
        assertThat(bearer("/hooks/jenkins", "{\"job\":\"j\",\"number\":1}").statusCode()).isEqualTo(400);
        assertNothingPosted(before);
    }

    @Test
    void eachHookIsRateLimited() {
        String room = newRoom();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            statuses.add(bearer("/hooks/limited?roomId=" + room, "{\"i\":" + i + "}").statusCode());
        }
        assertThat(statuses.subList(0, 35)).containsOnly(202);
        assertThat(statuses).contains(429);
        // another hook has its own budget
        assertThat(bearer("/hooks/generic?roomId=" + room, "{\"other\":true}").statusCode()).isEqualTo(202);
    }

    @Test
    void notificationsToOneSpaceKeepTheirOrder() {
        String room = newRoom();
        for (int i = 0; i < 12; i++) {
            assertThat(bearer("/hooks/generic?roomId=" + room, "{\"seq\":" + i + "}").statusCode()).isEqualTo(202);
        }
        List<ObjectNode> messages = awaitBotMessages(room, 12);
        for (int i = 0; i < 12; i++) {
            assertThat(text(messages.get(i))).contains("\"seq\" : " + i);
        }
    }

    @Test
    void aWebex5xxBurstDelaysNotificationsButDeliversThemInOrder() {
        String room = newRoom();
        // longer than the REST client's write budget here (1 s): the queue's own redelivery has to carry them
        sandbox.faults().failNextPosts(12, 503);
        for (int i = 0; i < 3; i++) {
            assertThat(bearer("/hooks/jenkins?roomId=" + room, "{\"job\":\"burst\",\"number\":" + i
                    + ",\"result\":\"SUCCESS\",\"url\":\"https://jenkins.example.com/job/burst/" + i + "/\"}").statusCode())
                    .isEqualTo(202);
        }
        List<ObjectNode> messages = awaitBotMessages(room, 3);
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> botMessages(room).size() == 3);
        for (int i = 0; i < 3; i++) {
            assertThat(text(messages.get(i))).contains("burst #" + i);
        }
    }

    private static final class JsonBody {
        static JsonNode of(HttpResponse<String> response) {
            try {
                return JSON.readTree(response.body());
            } catch (Exception e) {
                throw new AssertionError(response.body(), e);
            }
        }
    }
}
