package io.github.webexcamel.gateway.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway process is stopped mid-burst and started again on the same state folder: messages sent
 * while it was away are read back once, handled ones are not handled again, and each space keeps its
 * order. One WDM device at any time.
 */
@Tag("chaos")
class RestartChaosTest {

    private static final int ROOMS = 20;
    private static final int PER_ROOM = 50;

    @Test
    void gatewayRestartedMidBurstLosesAndRepeatsNothing() throws IOException {
        Vertx vertx = Vertx.vertx();
        Path state = Path.of("target/restart-chaos-" + UUID.randomUUID());
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0))) {
            sandbox.start();
            List<String> users = new ArrayList<>();
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < ROOMS; i++) {
                String user = "restart-" + i + "@example.com";
                users.add(user);
                rooms.add(sandbox.directRoom(user).path("id").asText());
            }
            ConfigurableApplicationContext gateway = start(sandbox, state);
            long stoppedAt = 0;
            long restartedAt = 0;
            int posted = 0;
            for (int n = 0; n < PER_ROOM; n++) {
                for (int r = 0; r < ROOMS; r++) {
                    if (posted == 300) {
                        gateway.close();
                        stoppedAt = System.nanoTime();
                    }
                    if (posted == 600) {
                        gateway = start(sandbox, state);
                        restartedAt = System.nanoTime();
                    }
                    sandbox.userPost(users.get(r), rooms.get(r), "/echo " + n, null, false);
                    posted++;
                }
            }
            try {
                for (int r = 0; r < ROOMS; r++) {
                    sandbox.userPost(users.get(r), rooms.get(r), "/echo end", null, false);
                }
                try {
                    await().atMost(Duration.ofMinutes(2)).until(() -> rooms.stream().allMatch(room ->
                            replies(sandbox, room).contains("end")));
                } catch (RuntimeException timeout) {
                    for (String room : rooms) {
                        System.out.println("restart-chaos room " + room.substring(room.length() - 8) + ": " + replies(sandbox, room));
                    }
                }
                int lost = 0;
                int duplicated = 0;
                int reordered = 0;
                for (String room : rooms) {
                    List<Integer> answers = replies(sandbox, room).stream().filter(t -> t.matches("\\d+"))
                            .map(Integer::parseInt).toList();
                    long distinct = answers.stream().distinct().count();
                    lost += PER_ROOM - (int) distinct;
                    duplicated += answers.size() - (int) distinct;
                    for (int i = 1; i < answers.size(); i++) {
                        reordered += answers.get(i) < answers.get(i - 1) ? 1 : 0;
                    }
                }
                record(ROOMS * PER_ROOM, ROOMS * PER_ROOM - lost, lost, duplicated, reordered,
                        (restartedAt - stoppedAt) / 1_000_000);
                assertThat(lost).as("lost").isZero();
                assertThat(duplicated).as("duplicated").isZero();
                assertThat(reordered).as("reordered").isZero();
                assertThat(sandbox.devices()).as("one device").hasSize(1);
            } finally {
                gateway.close();
            }
            assertThat(sandbox.devices()).as("the device is deleted on graceful shutdown").isEmpty();
        } finally {
            vertx.close();
        }
    }

    private static ConfigurableApplicationContext start(WebexSandbox sandbox, Path state) {
        return new SpringApplicationBuilder(WebexGatewayApplication.class).run(
                "--camel.component.webex.token=" + sandbox.botToken(), "--webex.access.open=true", "--management.server.port=0",
                "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0", "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--webex.state.store=file",
                "--webex.state.file=" + state.resolve("events.dat"),
                "--webex.state.checkpoint-file=" + state.resolve("checkpoint"), "--camel.component.webex.reconcile-interval=5s");
    }

    private static List<String> replies(WebexSandbox sandbox, String room) {
        return sandbox.messages(room).stream().filter(m -> sandbox.botEmail().equals(m.path("personEmail").asText()))
                .map(m -> m.path("text").asText()).toList();
    }

    private static void record(int messages, int replied, int lost, int duplicated, int reordered, long downMillis)
            throws IOException {
        Path dir = Path.of("target/reliability");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), String.format("| gateway restarted mid-burst (down %d ms) | %d | %d | %d | %d | %d | start-up + catch-up |%n",
                downMillis, messages, replied, lost, duplicated, reordered), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
