package io.github.webexcamel.gateway.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway is killed (SIGKILL, no shutdown hook) in the middle of a command. The event was not marked
 * handled, so after the restart the catch-up finds it and the command runs again, once; what was handled
 * before the crash is not repeated, and what was said while the gateway was down is answered. The gateway
 * runs in a child JVM, as in production, with the embedded (file) event store.
 */
@Tag("chaos")
class CrashRecoveryTest {

    private static final int SPACES = 10;

    @Test
    void aCommandInterruptedByACrashRunsAgainOnceAfterTheRestart() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path state = Path.of("target/crash-recovery-" + UUID.randomUUID());
        Files.createDirectories(state);
        Process gateway = null;
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0))) {
            sandbox.start();
            List<String> users = new ArrayList<>();
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < SPACES; i++) {
                users.add("crash-" + i + "@example.com");
                rooms.add(sandbox.directRoom(users.get(i)).path("id").asText());
            }
            gateway = start(sandbox, state, "first");
            awaitConnected(sandbox);
            for (int i = 0; i < SPACES; i++) {
                sandbox.userPost(users.get(i), rooms.get(i), "/echo before " + i, null, false);
            }
            for (String room : rooms) {
                await().atMost(Duration.ofSeconds(60)).until(() -> replies(sandbox, room).size() == 1);
            }
            // the keys are stored as each exchange completes, just after its reply went out
            Thread.sleep(1000);
            String slowRoom = rooms.get(0);
            sandbox.userPost(users.get(0), slowRoom, "/slow job-1", null, false);
            await().atMost(Duration.ofSeconds(60)).until(() -> replies(sandbox, slowRoom).contains("working on job-1"));

            gateway.destroyForcibly().waitFor();
            assertThat(sandbox.devices()).as("a killed gateway cannot delete its device").hasSize(1);
            for (int i = 0; i < SPACES; i++) {
                sandbox.userPost(users.get(i), rooms.get(i), "/echo while down " + i, null, false);
            }

            gateway = start(sandbox, state, "second");
            await().atMost(Duration.ofSeconds(90)).until(() -> replies(sandbox, slowRoom).contains("done job-1")
                    && rooms.stream().allMatch(room -> replies(sandbox, room).stream().anyMatch(t -> t.startsWith("while down"))));
            Thread.sleep(1000); // anything handled twice would show up now

            List<String> slow = replies(sandbox, slowRoom);
            assertThat(Collections.frequency(slow, "working on job-1")).as("the interrupted command ran again").isEqualTo(2);
            assertThat(Collections.frequency(slow, "done job-1")).as("and finished once").isEqualTo(1);
            for (int i = 0; i < SPACES; i++) {
                List<String> replies = replies(sandbox, rooms.get(i));
                assertThat(Collections.frequency(replies, "before " + i)).as("handled before the crash: not repeated").isEqualTo(1);
                assertThat(Collections.frequency(replies, "while down " + i)).as("said while down: answered once").isEqualTo(1);
            }
            assertThat(sandbox.devices()).as("the restarted gateway reuses its device").hasSize(1);
        } finally {
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor();
            }
            vertx.close();
        }
    }

    private static Process start(WebexSandbox sandbox, Path state, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                WebexGatewayApplication.class.getName(),
                "--camel.component.webex.token=" + sandbox.botToken(), "--webex.access.open=true", "--management.server.port=0",
                "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0", "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--webex.state.store=file",
                "--webex.state.file=" + state.resolve("events.dat"),
                "--webex.state.checkpoint-file=" + state.resolve("checkpoint"),
                "--camel.main.routes-include-pattern=file:routes/gateway/*.camel.yaml,file:routes/commands/*.camel.yaml,"
                        + "classpath:test-routes/*.camel.yaml");
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(state.resolve(name + "-gateway.log").toFile()).start();
    }

    private static void awaitConnected(WebexSandbox sandbox) {
        await().atMost(Duration.ofSeconds(90)).until(() -> sandbox.connectedSockets() > 0);
    }

    private static List<String> replies(WebexSandbox sandbox, String room) {
        return sandbox.messages(room).stream().filter(m -> sandbox.botEmail().equals(m.path("personEmail").asText()))
                .map(m -> m.path("text").asText()).toList();
    }
}
