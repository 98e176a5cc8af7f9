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
 * The leader cut off from ZooKeeper (a network partition: packets stop, nothing is closed) while the bot is busy:
 * it must stop reading Mercury before the other replica, which still reaches ZooKeeper, starts — never two readers —,
 * the other takes over within its session timeout, nothing is lost, and once the partition heals the old leader
 * comes back as a follower — and a candidate: once the replica that took over goes, it leads again.
 */
class ZooKeeperPartitionTest extends HaTestSupport {

    @BeforeAll
    static void services() throws Exception {
        services("ha_zkp_", true);
    }

    @Test
    void aLeaderCutOffFromZooKeeperStepsDownBeforeTheOtherTakesOver() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/ha-partition-" + UUID.randomUUID()));
        List<Partition> links = new ArrayList<>();
        List<GatewayProcess> replicas = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                Partition link = new Partition(vertx, "127.0.0.1", 2181);
                links.add(link);
                List<String> options = new ArrayList<>(sharedState());
                options.addAll(List.of("--webex.cluster.type=zookeeper", "--webex.cluster.zookeeper=" + link.address()));
                replicas.add(new GatewayProcess("partition-" + i, sandbox, dir, options).start());
            }
            GatewayProcess leader = Failover.awaitOneLeader(sandbox, replicas);
            Partition leadersLink = links.get(replicas.indexOf(leader));
            Failover.resetMaxSockets(sandbox);
            Burst burst = new Burst(sandbox, "zkp-" + UUID.randomUUID().toString().substring(0, 6), 8);

            GatewayProcess other = replicas.get(1 - replicas.indexOf(leader));
            Failover cut = Failover.during(burst, "cut", 600, 200, leadersLink::cut);
            await("the other replica leads").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "leader".equals(other.role()));
            GatewayProcess second = Failover.awaitOneLeader(sandbox, replicas);
            assertThat(second).isNotSameAs(leader);
            cut.awaitAnswered(burst, Duration.ofSeconds(120));
            cut.report(dir, "zookeeper, leader partitioned", 2, burst);
            assertThat(burst.lost()).as("lost").isZero();
            assertThat(burst.duplicates()).as("answered twice").allMatch(d -> d.contains("(group)"))
                    .hasSizeLessThanOrEqualTo(Burst.GROUP_SPACES_IN_FLIGHT);
            assertThat(burst.outOfOrder()).as("spaces out of order").isEmpty();
            assertThat(Failover.maxSimultaneousSockets()).as("replicas reading Mercury at once").isEqualTo(1);
            assertThat(cut.failover()).as("first answer after the partition").isLessThan(Duration.ofSeconds(20));

            leadersLink.heal();
            await("the old leader rejoins as a follower").atMost(Duration.ofSeconds(60)).until(() -> "follower".equals(leader.role()));
            assertThat(leader.alive()).isTrue();
            assertThat(Failover.maxSimultaneousSockets()).as("replicas reading Mercury at once").isEqualTo(1);

            // Curator ended the old leader's candidacy when its connection went: it must have stood again
            second.kill();
            await("the old leader leads again once the other is gone").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> "leader".equals(leader.role()));
            assertThat(Failover.maxSimultaneousSockets()).as("replicas reading Mercury at once").isEqualTo(1);
        } finally {
            for (GatewayProcess replica : replicas) {
                replica.close();
            }
            links.forEach(Partition::close);
        }
    }
}
