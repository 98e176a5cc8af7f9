package io.github.webexcamel.gateway.e2e;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closed by default, as an operator meets it: the gateway process with a real token and no access rule (or a
 * management port open to the network without an admin token) exits non-zero with one line naming what to set, no
 * stack trace, no token in the output.
 */
class SecureByDefaultTest {

    private static Vertx vertx;
    private static WebexSandbox sandbox;

    @BeforeAll
    static void webex() {
        vertx = Vertx.vertx();
        sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0));
        sandbox.start();
    }

    @AfterAll
    static void close() {
        sandbox.close();
        vertx.close();
    }

    /** Runs the gateway's main class in its own JVM, as the packaged jar would; returns exit code and output. */
    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                WebexGatewayApplication.class.getName(),
                "--camel.component.webex.token=" + sandbox.botToken(), "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--management.server.port=0"));
        if (List.of(args).stream().noneMatch(arg -> arg.startsWith("--webex.state.store="))) {
            command.add("--webex.state.store=memory");
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(exited ? process.exitValue() : -1, output);
    }

    private record Result(int exit, String output) {
    }

    @Test
    void aRealTokenWithoutAnyAccessRuleStopsStartUpWithOneLine() throws Exception {
        Result result = run();
        assertThat(result.exit()).as(result.output()).isNotZero().isNotEqualTo(-1);
        assertThat(result.output()).contains("Start-up failed: No access rule is configured")
                .contains("WEBEX_APPROVED_USERS").contains("WEBEX_APPROVED_DOMAINS").contains("WEBEX_APPROVED_ROOMS")
                .contains("WEBEX_ACCESS_OPEN=true")
                .doesNotContain("\tat ").doesNotContain(sandbox.botToken());
    }

    @Test
    void replicasNeedAStateStoreTheyShare() throws Exception {
        Result result = run("--webex.access.open=true", "--webex.cluster.type=file");
        assertThat(result.exit()).as(result.output()).isNotZero().isNotEqualTo(-1);
        assertThat(result.output()).contains("Start-up failed: WEBEX_CLUSTER=file needs a state store the replicas share")
                .contains("WEBEX_STATE_STORE=jdbc").doesNotContain("\tat ");
    }

    @Test
    void aManagementPortOpenToTheNetworkNeedsTheAdminToken() throws Exception {
        Result result = run("--webex.access.open=true", "--management.server.address=0.0.0.0");
        assertThat(result.exit()).as(result.output()).isNotZero().isNotEqualTo(-1);
        assertThat(result.output()).contains("Start-up failed: The management port listens on 0.0.0.0")
                .contains("WEBEX_ADMIN_TOKEN").doesNotContain("\tat ");
    }

    /**
     * The store opens while the other beans are made (EarlyStateStore); one that cannot be opened still stops start-up
     * with one line, not with a chain of Spring's related causes.
     */
    @Test
    void aStateStoreThatCannotBeOpenedStopsStartUpWithOneLine() throws Exception {
        Result result = run("--webex.access.open=true", "--webex.state.store=jdbc",
                "--webex.state.jdbc-url=jdbc:postgresql://127.0.0.1:1/gateway", "--webex.state.jdbc-password=s3cret-store");
        assertThat(result.exit()).as(result.output()).isNotZero().isNotEqualTo(-1);
        assertThat(result.output()).contains("Start-up failed: Cannot open the state store jdbc:postgresql://127.0.0.1:1/gateway")
                .doesNotContain("\tat ").doesNotContain("Related cause").doesNotContain("s3cret-store");
        String fromTheFailure = result.output().substring(result.output().indexOf("Start-up failed"));
        assertThat(fromTheFailure.lines().count()).as(result.output()).isLessThan(8);
    }

    @Test
    void anIngressNoEndpointCanWorkWithStopsStartUpWithOneLine() throws Exception {
        Result result = run("--webex.access.open=true", "--camel.component.webex.ingress=sideways");
        assertThat(result.exit()).as(result.output()).isNotZero().isNotEqualTo(-1);
        assertThat(result.output()).contains("Start-up failed: camel.component.webex: ingress (WEBEX_INGRESS) must be"
                + " mercury, webhook or both, not 'sideways'").doesNotContain("\tat ").doesNotContain("Related cause");
    }

    @Test
    void aDurationThatIsNotOneStopsStartUpWithOneLine() throws Exception {
        Result result = run("--webex.access.open=true", "--camel.component.webex.ping-interval=soon");
        assertThat(result.exit()).as(result.output()).isNotZero().isNotEqualTo(-1);
        assertThat(result.output()).contains("Start-up failed: camel.component.webex.ping-interval is not a duration"
                + " (such as 15s, 5m or 2000): 'soon'").doesNotContain("\tat ").doesNotContain("Related cause");
    }
}
