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

/**
 * Two replicas on one host elected through Camel's file-lock cluster service (a shared folder), state in PostgreSQL:
 * the leader SIGKILLed mid-burst, the other takes over with nothing lost and direct spaces never answered twice.
 */
class FileClusterFailoverTest extends HaTestSupport {

    @BeforeAll
    static void services() throws Exception {
        services("ha_file_", false);
    }

    @Test
    void theOtherReplicaTakesOverFromAKilledLeader() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/ha-file-" + UUID.randomUUID()));
        List<String> options = new ArrayList<>(sharedState());
        options.addAll(List.of("--webex.cluster.type=file", "--webex.cluster.file-root=" + dir.resolve("cluster")));
        List<GatewayProcess> replicas = new ArrayList<>();
        try {
            replicas.add(new GatewayProcess("file-1", sandbox, dir, options).start());
            replicas.add(new GatewayProcess("file-2", sandbox, dir, options).start());
            GatewayProcess leader = Failover.awaitOneLeader(sandbox, replicas);
            Burst burst = new Burst(sandbox, "file-" + UUID.randomUUID().toString().substring(0, 6), 8);
            Failover killed = Failover.during(burst, "kill", 400, 200, leader::kill);
            assertThat(Failover.awaitOneLeader(sandbox, replicas)).isNotSameAs(leader);
            killed.awaitAnswered(burst, Duration.ofSeconds(120));
            killed.report(dir, "file lock, leader SIGKILLed", 2, burst);
            assertThat(burst.lost()).isZero();
            assertThat(burst.duplicates()).allMatch(d -> d.contains("(group)"))
                    .hasSizeLessThanOrEqualTo(Burst.GROUP_SPACES_IN_FLIGHT);
            assertThat(burst.outOfOrder()).isEmpty();
        } finally {
            for (GatewayProcess replica : replicas) {
                replica.close();
            }
        }
    }
}
