package io.github.webexcamel.gateway.state;

import java.io.File;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.governance.AuditLog;
import io.github.webexcamel.gateway.governance.AuditRecord;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer's rehearsal writes the writer's own batches into a scratch copy of its tables and deletes it: the state
 * store gains nothing, and the store's writer goes on writing there.
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

                // the rehearsal's thread is itself again: what it records now reaches the store
                audit.record(new AuditRecord(Instant.now().toEpochMilli(), "alice@example.com", "room", "direct", "echo",
                        null, "hi", "allowed", null, "ok", null, null, 1L, null, "event-1", null));
                audit.flush();
                assertThat(audit.find(Instant.EPOCH, null, null, 10)).extracting(AuditRecord::personEmail)
                        .containsExactly("alice@example.com");
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
