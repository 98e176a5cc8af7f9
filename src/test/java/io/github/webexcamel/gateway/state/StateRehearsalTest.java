package io.github.webexcamel.gateway.state;

import java.io.File;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.governance.AuditLog;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer's rehearsal writes the writer's own batches into a scratch copy of its tables and deletes it: the state
 * store gains nothing, and the thread that rehearsed writes the store again afterwards.
 */
class StateRehearsalTest {

    @TempDir
    Path dir;

    @Test
    void theWritersBatchesGoToAScratchCopyThatIsDeletedAndTheStoreGainsNothing() throws SQLException {
        File stateFile = dir.resolve("gateway").toFile();
        GatewayProperties.State state = new GatewayProperties.State("file", stateFile.getPath(), null, null, null, null,
                2, Duration.ofSeconds(8), Duration.ofSeconds(2), Duration.ofDays(2));
        try (HikariDataSource store = StateStoreConfiguration.open(state)) {
            JdbcTemplate jdbc = new JdbcTemplate(store);
            AuditLog audit = new AuditLog(jdbc);
            EventClaims claims = new EventClaims(jdbc, false, "node-a", 8_000, 2_000);
            try {
                int batches = StateRehearsal.rehearse(store, stateFile.getAbsoluteFile(), 5);

                assertThat(batches).as("both queues' sample batches, five times, written without an error")
                        .isGreaterThanOrEqualTo(10);
                assertThat(count(jdbc, "audit_batches")).isZero();
                assertThat(count(jdbc, "audit_log")).isZero();
                assertThat(count(jdbc, "handled_event_batches")).isZero();
                assertThat(dir.toFile().list()).as("the scratch database is gone").containsExactly("gateway.mv.db");

                // the thread that rehearsed writes the store again: its own insert, not the state writer's, lands there
                Batches.insert(store, "INSERT INTO handled_event_batches (written_at, event_ids) VALUES (?, ?)",
                        List.of("event-1"), (statement, ids) -> {
                            statement.setLong(1, Instant.now().toEpochMilli());
                            statement.setString(2, ids);
                        });
                assertThat(count(jdbc, "handled_event_batches")).isEqualTo(1);
            } finally {
                claims.shutdown();
                audit.close();
            }
        }
    }

    @Test
    void aStoreWithoutTheWritersTablesFailsTheRehearsalAndLeavesNoScratchBehind() {
        JdbcDataSource bare = new JdbcDataSource();
        bare.setURL("jdbc:h2:mem:bare-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        File stateFile = dir.resolve("gateway").toFile().getAbsoluteFile();

        assertThatThrownBy(() -> StateRehearsal.rehearse(bare, stateFile, 5)).isInstanceOf(SQLException.class);
        assertThat(dir.toFile().list()).isEmpty();
    }

    private static int count(JdbcTemplate jdbc, String table) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return n == null ? 0 : n;
    }
}
