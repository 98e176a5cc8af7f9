package io.github.webexcamel.gateway.governance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.webexcamel.gateway.state.Batches;
import io.github.webexcamel.gateway.state.TestStateStore;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log's columns, batches and retention, and the token buckets of the rate limits. */
class HousekeepingTest {

    private static AuditRecord at(Instant when, String person) {
        return new AuditRecord(when.toEpochMilli(), person, "room", "direct", "echo", null, "x", "allowed", null, "ok",
                null, null, 1L, null, null, null);
    }

    @Test
    void rowsOlderThanTheRetentionArePrunedAndNoOthers() {
        JdbcTemplate jdbc = TestStateStore.memory();
        try (AuditLog audit = new AuditLog(jdbc)) {
            audit.record(at(Instant.now().minus(Duration.ofDays(91)), "old@example.com"));
            audit.record(at(Instant.now().minus(Duration.ofDays(89)), "recent@example.com"));
            assertThat(audit.prune(Instant.now().minus(Duration.ofDays(90)))).isEqualTo(1);
            assertThat(audit.find(null, null, null, 10)).extracting(AuditRecord::personEmail)
                    .containsExactly("recent@example.com");
            assertThat(audit.find(Instant.now().minus(Duration.ofDays(1)), null, null, 10)).isEmpty();
        }
    }

    @Test
    void everyColumnIsStoredAsRecordedNullsIncludedAndOverlongTextCut() {
        JdbcTemplate jdbc = TestStateStore.memory();
        try (AuditLog audit = new AuditLog(jdbc)) {
            AuditRecord full = new AuditRecord(1_700_000_000_000L, "ann@example.com", "room-1", "group", "gh", "run",
                    "a".repeat(2500), "approved", "bob@example.com", "backend-error", 502, "d".repeat(600), 1234L,
                    "msg-1", "evt-1", "apr-1");
            AuditRecord sparse = new AuditRecord(1_700_000_000_001L, "cat@example.com", "room-2", "direct", "echo", null,
                    null, "allowed", null, null, null, null, null, null, null, null);
            audit.record(full);
            audit.record(sparse);
            assertThat(audit.find(null, null, null, 10)).containsExactly(sparse,
                    new AuditRecord(full.at(), full.personEmail(), full.roomId(), full.roomType(), full.keyword(),
                            full.subCommand(), "a".repeat(2000), full.decision(), full.approver(), full.outcome(),
                            full.status(), "d".repeat(500), full.durationMs(), full.replyMessageId(), full.eventId(),
                            full.approvalId()));
        }
    }

    @Test
    void aBatchWithARowTheStoreRefusesWritesNoneOfIt() {
        JdbcTemplate jdbc = TestStateStore.memory();
        String sql = "INSERT INTO audit_log (at, person_email, decision) VALUES (?, ?, ?)";
        // decision is NOT NULL: the store refuses the second row, and the batch is one transaction
        assertThatThrownBy(() -> Batches.insert(jdbc.getDataSource(), sql, List.of("allowed", "-"), (statement, decision) -> {
            statement.setLong(1, 1L);
            statement.setString(2, "ann@example.com");
            Batches.setString(statement, 3, decision.equals("-") ? null : decision);
        })).isInstanceOf(DataAccessException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Integer.class)).isZero();

        Batches.insert(jdbc.getDataSource(), sql, List.of("allowed", "denied"), (statement, decision) -> {
            statement.setLong(1, 1L);
            statement.setString(2, "ann@example.com");
            statement.setString(3, decision);
        });
        assertThat(jdbc.queryForList("SELECT decision FROM audit_log ORDER BY id", String.class))
                .containsExactly("allowed", "denied");
    }

    @Test
    void aBucketHoldsItsMinuteAndRefills() {
        RateLimits limits = new RateLimits();
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take("p:ann", 3, "s:room", 60)).isZero();
        }
        long wait = limits.take("p:ann", 3, "s:room", 60);
        assertThat(wait).isBetween(1L, 20L);
        assertThat(limits.take("p:bob", 3, "s:room", 60)).as("another person, same space").isZero();
        assertThat(limits.take("p:ann", 0, "s:room", 0)).as("0 turns the limits off").isZero();
        assertThat(limits.notice("p:ann")).isTrue();
        assertThat(limits.notice("p:ann")).as("told once a minute").isFalse();
    }

    @Test
    void aSpaceBucketIsSharedByEveryoneInTheSpace() {
        RateLimits limits = new RateLimits();
        assertThat(limits.take("p:ann", 20, "s:team", 3)).isZero();
        assertThat(limits.take("p:ann", 20, "s:team", 3)).isZero();
        assertThat(limits.take("p:bob", 20, "s:team", 3)).isZero();
        assertThat(limits.take("p:cat", 20, "s:team", 3)).as("cat's first command, the space's fourth").isPositive();
        assertThat(limits.take("p:cat", 20, "s:other", 3)).as("cat elsewhere").isZero();
    }
}
