package io.github.webexcamel.gateway.ha;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three replicas, one bot, a real ZooKeeper and PostgreSQL (RELIABILITY.md, "Failover"): 1,000 /echo over 20 spaces
 * with the leader SIGKILLed mid-burst, then 1,000 more with the new leader SIGTERMed mid-burst. Nothing lost, nothing
 * answered twice, each space in order, one leader at a time, and the killed replica rejoins as a follower.
 */
class ZooKeeperFailoverTest extends HaTestSupport {

    @BeforeAll
    static void services() throws Exception {
        services("ha_zk_", true);
    }

    @Test
    void theBotSurvivesAKilledAndAStoppedLeaderLosingAndRepeatingNothing() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/ha-zookeeper-" + UUID.randomUUID()));
        List<String> options = new ArrayList<>(sharedState());
        options.addAll(List.of("--webex.cluster.type=zookeeper", "--webex.cluster.zookeeper=127.0.0.1:2181"));
        List<GatewayProcess> replicas = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                replicas.add(new GatewayProcess("replica-" + i, sandbox, dir, options).start());
            }
            GatewayProcess leader = Failover.awaitOneLeader(sandbox, replicas);
            awaitDevicesOf(replicas, leader);
            Burst burst = new Burst(sandbox, "zk-" + UUID.randomUUID().toString().substring(0, 6), 20);

            Failover killed = Failover.during(burst, "kill", 1000, 500, () -> leader.kill());
            GatewayProcess second = Failover.awaitOneLeader(sandbox, replicas);
            assertThat(second).isNotSameAs(leader);
            killed.awaitAnswered(burst, Duration.ofSeconds(120));
            killed.report(dir, "zookeeper, leader SIGKILLed", 3, burst);
            assertThat(burst.lost()).as("lost after the SIGKILL").isZero();
            assertThat(burst.duplicates()).as("answered twice after the SIGKILL")
                    .allMatch(d -> d.contains("(group)")).hasSizeLessThanOrEqualTo(Burst.GROUP_SPACES_IN_FLIGHT);
            assertThat(burst.outOfOrder()).as("spaces out of order").isEmpty();
            assertThat(killed.failover()).as("first answer after the SIGKILL").isLessThan(Duration.ofSeconds(15));
            // the new leader's device, and the dead one's deleted by it
            awaitDevicesOf(replicas, second);

            // the killed replica comes back, as a follower
            GatewayProcess rejoined = new GatewayProcess("replica-1-restarted", sandbox, dir, options).start();
            replicas.add(rejoined);
            await().atMost(Duration.ofSeconds(90)).until(() -> "follower".equals(rejoined.role()));
            await("a follower is live").atMost(Duration.ofSeconds(30)).until(() -> rejoined.liveness() == 200);

            Failover stopped = Failover.during(burst, "term", 1000, 500, () -> second.stop());
            GatewayProcess third = Failover.awaitOneLeader(sandbox, replicas);
            assertThat(third).isNotSameAs(second);
            stopped.awaitAnswered(burst, Duration.ofSeconds(120));
            stopped.report(dir, "zookeeper, leader SIGTERMed", 3, burst);
            assertThat(burst.lost()).as("lost after the SIGTERM").isZero();
            assertThat(burst.duplicates()).as("answered twice after the SIGTERM (a planned handover has no window)")
                    .allMatch(d -> d.contains("kill-"));
            assertThat(burst.outOfOrder()).as("spaces out of order").isEmpty();
            assertThat(stopped.failover()).as("first answer after the SIGTERM").isLessThan(Duration.ofSeconds(5));
            // the stopped leader deleted its own device on the way out
            awaitDevicesOf(replicas, third);
            assertThat(Failover.maxSimultaneousSockets()).as("replicas reading Mercury at once").isLessThanOrEqualTo(2);
        } finally {
            for (GatewayProcess replica : replicas) {
                replica.close();
            }
        }
    }

    /**
     * The replicas' Webex devices (their names end with the process id) are exactly the leader's: a follower holds
     * none, and a replica that stopped leading left none behind.
     */
    private static void awaitDevicesOf(List<GatewayProcess> replicas, GatewayProcess leader) {
        await("only the leader has a device").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Long> owners = new ArrayList<>();
            for (var device : sandbox.devices()) {
                String name = device.path("name").asText();
                for (GatewayProcess replica : replicas) {
                    if (name.endsWith("-" + replica.pid())) {
                        owners.add(replica.pid());
                    }
                }
            }
            assertThat(owners).containsExactly(leader.pid());
        });
    }
}
