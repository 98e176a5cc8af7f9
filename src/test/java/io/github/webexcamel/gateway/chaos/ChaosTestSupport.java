package io.github.webexcamel.gateway.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.e2e.GatewayTestSupport;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bursts of /echo over many spaces (1:1 and group) with a fault injected part-way, then the count that
 * matters: every message answered exactly once, in order within its space. Each scenario appends its row
 * to target/reliability/results.md (the source of RELIABILITY.md).
 */
@Tag("chaos")
@TestPropertySource(properties = { "camel.component.webex.ping-interval=1s", "camel.component.webex.pong-timeout=1s",
        "camel.component.webex.reconnect-initial-delay=50ms", "camel.component.webex.reconnect-max-delay=500ms",
        "camel.component.webex.catch-up-window=10m", "camel.component.webex.reconcile-interval=5s",
        // a reply held back by a 429 storm is slow, not stuck: the watchdog must not move its room on
        "camel.component.webex.event-timeout=2m" })
abstract class ChaosTestSupport extends GatewayTestSupport {

    protected static final int ROOMS = 20;
    protected static final int PER_ROOM = 50;

    /** What a burst produced. */
    protected record Outcome(String scenario, int messages, int replied, int lost, int duplicated, int reordered,
                             long recoveryMillis) {
        void assertPerfect() {
            assertThat(lost).as(scenario + ": lost").isZero();
            assertThat(duplicated).as(scenario + ": duplicated").isZero();
            assertThat(reordered).as(scenario + ": reordered").isZero();
            assertThat(replied).as(scenario + ": replied").isEqualTo(messages);
        }
    }

    private record Space(String user, String room, boolean group) {
    }

    @AfterEach
    void healSandbox() {
        sandbox.faults().reset();
    }

    /**
     * Posts {@code PER_ROOM} messages to each of {@code ROOMS} spaces, round-robin, and runs {@code fault}
     * after {@code faultAfter} posts; {@code heal} (may be null) runs after {@code healAfter} more posts.
     */
    protected Outcome burst(String scenario, int faultAfter, Runnable fault, int healAfter, Runnable heal) {
        return burst(scenario, faultAfter, fault, healAfter, heal, null);
    }

    /**
     * As above; {@code settle} (may be null) runs once every sentinel is answered and before the replies are counted,
     * for faults whose extra deliveries may still be on their way then (a duplicate arriving late is still counted).
     */
    protected Outcome burst(String scenario, int faultAfter, Runnable fault, int healAfter, Runnable heal, Runnable settle) {
        List<Space> spaces = new ArrayList<>();
        for (int i = 0; i < ROOMS; i++) {
            String user = newUser();
            boolean group = i % 4 == 3;
            String room = group ? sandbox.createGroupRoom(scenario + "-" + i, List.of(user)).path("id").asText()
                    : sandbox.directRoom(user).path("id").asText();
            spaces.add(new Space(user, room, group));
        }
        int posted = 0;
        long faultAt = 0;
        for (int n = 0; n < PER_ROOM; n++) {
            for (Space space : spaces) {
                if (posted == faultAfter) {
                    fault.run();
                    faultAt = System.nanoTime();
                }
                if (heal != null && posted == faultAfter + healAfter) {
                    heal.run();
                }
                sandbox.userPost(space.user(), space.room(), "/echo " + n, null, space.group());
                posted++;
            }
        }
        long recovery = recoveryMillis(faultAt);
        // a sentinel per space: once it is answered, anything still to come for that space would be a duplicate
        for (Space space : spaces) {
            sandbox.userPost(space.user(), space.room(), "/echo end", null, space.group());
        }
        try {
            // generous: a loaded 2-core machine is slow, and slow is not lost
            await().atMost(Duration.ofMinutes(3)).until(() -> spaces.stream().allMatch(space ->
                    botMessages(space.room()).stream().anyMatch(m -> text(m).equals("end"))));
        } catch (RuntimeException timeout) {
            // what is still missing is counted below as lost
        }
        if (settle != null) {
            settle.run();
        }
        int replied = 0;
        int lost = 0;
        int duplicated = 0;
        int reordered = 0;
        for (Space space : spaces) {
            List<Integer> answers = new ArrayList<>();
            for (ObjectNode m : botMessages(space.room())) {
                if (text(m).matches("\\d+")) {
                    answers.add(Integer.parseInt(text(m)));
                }
            }
            long distinct = answers.stream().distinct().count();
            replied += (int) distinct;
            lost += PER_ROOM - (int) distinct;
            duplicated += answers.size() - (int) distinct;
            for (int i = 1; i < answers.size(); i++) {
                if (answers.get(i) < answers.get(i - 1)) {
                    reordered++;
                }
            }
        }
        Outcome outcome = new Outcome(scenario, ROOMS * PER_ROOM, replied, lost, duplicated, reordered, recovery);
        record(outcome);
        return outcome;
    }

    /** Time from the fault until the gateway is connected again and answers a fresh message. */
    private long recoveryMillis(long faultAt) {
        String probeUser = newUser();
        String room = sandbox.directRoom(probeUser).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !webex.consumers().isEmpty()
                && webex.consumers().get(0).state() == MercuryState.CONNECTED);
        sandbox.userPost(probeUser, room, "/echo probe", null, false);
        await().atMost(Duration.ofMinutes(3)).until(() -> botMessages(room).stream().anyMatch(m -> text(m).equals("probe")));
        return faultAt == 0 ? 0 : (System.nanoTime() - faultAt) / 1_000_000;
    }

    private static void record(Outcome o) {
        try {
            Path dir = Path.of("target/reliability");
            Files.createDirectories(dir);
            String row = String.format("| %s | %d | %d | %d | %d | %d | %d ms |%n", o.scenario(), o.messages(), o.replied(),
                    o.lost(), o.duplicated(), o.reordered(), o.recoveryMillis());
            Files.writeString(dir.resolve("results.md"), row, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
