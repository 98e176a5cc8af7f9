package io.github.webexcamel.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.fakes.FakeJenkins;
import io.github.webexcamel.gateway.governance.AuditLog;
import io.github.webexcamel.gateway.governance.AuditRecord;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pending approval survives a restart of the gateway (embedded state store in a file): approved after the restart,
 * the build runs exactly once, and the audit log holds the request from before and the decision from after.
 */
class ApprovalRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ConfigurableApplicationContext start(WebexSandbox sandbox, FakeJenkins jenkins, Path state,
                                                        String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--camel.component.webex.token=" + sandbox.botToken(), "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--management.server.port=0",
                "--webex.access.approved-domains=example.com", "--webex.access.roles.sre=sre@example.com",
                "--webex.commands.build.approvers=sre", "--webex.state.store=file",
                "--webex.state.file=" + state.resolve("gateway"), "--camel.component.webex.device-name=approval-restart-test",
                "--jenkins.url=" + jenkins.baseUrl(), "--jenkins.user=" + FakeJenkins.DEFAULT_USER,
                "--jenkins.api-token=" + FakeJenkins.DEFAULT_API_TOKEN, "--jenkins.poll-period=200"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(WebexGatewayApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void aPendingApprovalIsDecidedAfterARestartAndRunsOnce() {
        withRestartRig((sandbox, jenkins, state, room) -> {
            ObjectNode card;
            try (ConfigurableApplicationContext before = start(sandbox, jenkins, state)) {
                await().atMost(WAIT).until(() -> sandbox.connectedSockets() > 0);
                sandbox.userPost("dev@example.com", room, "/build deploy-api", null, true);
                card = await().atMost(WAIT).until(() -> cards(sandbox, room).stream().findFirst().orElse(null), c -> c != null);
            }
            assertThat(jenkins.requests("POST", "/job/deploy-api/build")).isEmpty();

            try (ConfigurableApplicationContext after = start(sandbox, jenkins, state)) {
                await().atMost(WAIT).until(() -> sandbox.connectedSockets() > 0);
                String approvalId = card.path("attachments").path(0).path("content").path("actions").path(0)
                        .path("data").path("approvalId").asText();
                sandbox.userSubmit("sre@example.com", card.path("id").asText(), Map.of("approvalId", approvalId,
                        "decision", "approve"));
                await().atMost(WAIT).until(() -> texts(sandbox, room).stream().anyMatch(t -> t.startsWith("Build #")));
                assertThat(jenkins.requests("POST", "/job/deploy-api/build")).hasSize(1);
                List<String> decisions = after.getBean(AuditLog.class).find(null, "dev@example.com", "build", 10).stream()
                        .map(AuditRecord::decision).toList();
                assertThat(decisions).contains("approval-requested", "approved");
            }
        });
    }

    /**
     * A request whose time ran out while no gateway ran is closed, and its requester told, a second or so after the
     * next one starts leading, not a whole check interval (here a minute) later.
     */
    @Test
    void aRequestThatRanOutWhileTheGatewayWasDownIsClosedSoonAfterTheRestart() {
        withRestartRig((sandbox, jenkins, state, room) -> {
            long requested;
            try (ConfigurableApplicationContext before = start(sandbox, jenkins, state,
                    "--webex.approvals.ttl=2s", "--webex.approvals.check-interval=60s")) {
                await().atMost(WAIT).until(() -> sandbox.connectedSockets() > 0);
                sandbox.userPost("dev@example.com", room, "/build deploy-api", null, true);
                await().atMost(WAIT).until(() -> !cards(sandbox, room).isEmpty());
                requested = System.currentTimeMillis();
            }
            await().until(() -> System.currentTimeMillis() > requested + 2_500); // past its TTL, with no gateway running
            assertThat(texts(sandbox, room)).noneMatch(t -> t.contains("expired without a decision"));

            try (ConfigurableApplicationContext after = start(sandbox, jenkins, state,
                    "--webex.approvals.ttl=2s", "--webex.approvals.check-interval=60s")) {
                await().atMost(WAIT).until(() -> sandbox.connectedSockets() > 0);
                long connected = System.currentTimeMillis();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> texts(sandbox, room).stream().anyMatch(t -> t.contains("expired without a decision")));
                assertThat(System.currentTimeMillis() - connected).as("well before the 60 s check interval")
                        .isLessThan(20_000);
                assertThat(jenkins.requests("POST", "/job/deploy-api/build")).isEmpty();
            }
        });
    }

    /** A state store folder, the sandbox, Jenkins with deploy-api, and a group space of dev and sre, for one test. */
    private interface RestartRig {
        void run(WebexSandbox sandbox, FakeJenkins jenkins, Path state, String room);
    }

    private static void withRestartRig(RestartRig test) {
        Vertx vertx = Vertx.vertx();
        Path state = Path.of("target/approval-restart-" + UUID.randomUUID());
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0));
             FakeJenkins jenkins = new FakeJenkins().defaultTimings(Duration.ZERO, Duration.ofMillis(200)).start()) {
            sandbox.start();
            jenkins.addJob("deploy-api");
            String room = sandbox.createGroupRoom("release", List.of("dev@example.com", "sre@example.com"))
                    .path("id").asText();
            test.run(sandbox, jenkins, state, room);
        } finally {
            vertx.close();
        }
    }

    private static List<ObjectNode> cards(WebexSandbox sandbox, String room) {
        return sandbox.messages(room).stream().filter(m -> m.path("attachments").size() > 0
                && m.path("text").asText().startsWith("Approval needed")).toList();
    }

    private static List<String> texts(WebexSandbox sandbox, String room) {
        return sandbox.messages(room).stream().map(m -> m.path("text").asText()).toList();
    }
}
