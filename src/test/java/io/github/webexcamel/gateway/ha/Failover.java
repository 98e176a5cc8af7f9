package io.github.webexcamel.gateway.ha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.webexcamel.gateway.sandbox.WebexSandbox;

import static org.awaitility.Awaitility.await;

/** One failover during a burst: when it was caused, and how long until the bot answered again. */
final class Failover {

    /** What the test does to the leader. */
    interface Action {
        void run() throws Exception;
    }

    private static final AtomicInteger MAX_SOCKETS = new AtomicInteger();
    private static volatile Thread sampler;

    private final WebexSandbox sandbox;
    private final String tag;
    private final int at;
    private final Instant caused;

    private Failover(WebexSandbox sandbox, String tag, int at, Instant caused) {
        this.sandbox = sandbox;
        this.tag = tag;
        this.at = at;
        this.caused = caused;
    }

    /** Waits until exactly one replica leads and holds the only Webex socket, and returns it. */
    static GatewayProcess awaitOneLeader(WebexSandbox sandbox, List<GatewayProcess> replicas) {
        sample(sandbox);
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<GatewayProcess> leaders = replicas.stream().filter(GatewayProcess::alive)
                    .filter(r -> "leader".equals(r.role())).toList();
            return leaders.size() == 1 && sandbox.connectedSockets() == 1 ? leaders.get(0) : null;
        }, leader -> leader != null);
    }

    /** Sends {@code total} messages, doing {@code action} to the leader after {@code at} of them. */
    static Failover during(Burst burst, String tag, int total, int at, Action action) throws Exception {
        burst.send(tag, 0, at);
        Instant caused = Instant.now();
        action.run();
        burst.send(tag, at, total);
        return new Failover(burst.sandbox(), tag, at, caused);
    }

    void awaitAnswered(Burst burst, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> burst.lost() == 0);
    }

    /** From the failure to the first answer to a message sent after it (so from the new leader). */
    Duration failover() {
        Instant first = sandbox.rooms().stream()
                .flatMap(room -> sandbox.messages(room.path("id").asText()).stream())
                .filter(m -> sandbox.botEmail().equals(m.path("personEmail").asText()))
                .filter(m -> m.path("text").asText().startsWith(tag + "-")
                        && Integer.parseInt(m.path("text").asText().substring(tag.length() + 1)) >= at)
                .map(m -> Instant.parse(m.path("created").asText()))
                .min(Instant::compareTo).orElseThrow();
        return Duration.between(caused, first);
    }

    /** One line for RELIABILITY.md's failover table: scenario | replicas | failover | lost | duplicated. */
    void report(Path dir, String scenario, int replicas, Burst burst) throws IOException {
        long duplicated = burst.duplicates().stream().filter(d -> d.contains(": " + tag + "-")).count();
        String line = String.format("%s | %d | %d ms | %d | %d%n", scenario, replicas, failover().toMillis(), burst.lost(),
                duplicated);
        Files.writeString(Path.of("target/ha-failover-results.txt"), line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("result.txt"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** The most Webex sockets open at one moment since the first leader came up (sampled every 20 ms). */
    static int maxSimultaneousSockets() {
        return MAX_SOCKETS.get();
    }

    /** Starts counting afresh from the sockets open now. */
    static void resetMaxSockets(WebexSandbox sandbox) {
        sample(sandbox);
        MAX_SOCKETS.set(sandbox.connectedSockets());
    }

    private static synchronized void sample(WebexSandbox sandbox) {
        if (sampler != null) {
            return;
        }
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    MAX_SOCKETS.accumulateAndGet(sandbox.connectedSockets(), Math::max);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException sandboxClosed) {
                    return;
                }
            }
        }, "socket-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }
}
