package io.github.webexcamel.gateway.governance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.webexcamel.gateway.state.TestStateStore;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log's two layouts — a row per record (PostgreSQL) and a row per batch (the embedded store) — answer the
 * same: the API's filters, its order and limit, retention. The batch layout also keeps any text as it came.
 */
class AuditLogTest {

    private static final long T = 1_750_000_000_000L;

    private static AuditRecord rec(long at, String person, String keyword, String arguments) {
        return new AuditRecord(at, person, "room-" + person, "direct", keyword, null, arguments, "allowed", null, "ok",
                null, null, 3L, "msg-" + at, "evt-" + at, null);
    }

    @ParameterizedTest(name = "a row per record: {0}")
    @ValueSource(booleans = { true, false })
    void filtersOrderAndLimitAreTheSameInBothLayouts(boolean rowPerRecord) {
        JdbcTemplate jdbc = TestStateStore.memory();
        try (AuditLog audit = new AuditLog(jdbc, rowPerRecord)) {
            // three writes (three batches), times not in write order, two records in the same millisecond
            audit.record(rec(T + 5, "ann@example.com", "echo", "5"));
            audit.record(rec(T + 1, "bob@example.com", "build", "1"));
            audit.flush();
            audit.record(rec(T + 3, "Ann@Example.com", "build", "3"));
            audit.record(rec(T + 9, "bob@example.com", "echo", "9a"));
            audit.flush();
            audit.record(rec(T + 9, "ann@example.com", "echo", "9b"));
            audit.record(rec(T + 2, "cat@example.com", "jira", "2"));

            assertThat(args(audit.find(null, null, null, 100))).containsExactly("9b", "9a", "5", "3", "2", "1");
            assertThat(args(audit.find(null, null, null, 3))).containsExactly("9b", "9a", "5");
            assertThat(args(audit.find(Instant.ofEpochMilli(T + 3), null, null, 100))).containsExactly("9b", "9a", "5", "3");
            assertThat(args(audit.find(null, " ANN@example.com ", null, 100))).containsExactly("9b", "5", "3");
            assertThat(args(audit.find(null, null, "/Build", 100))).containsExactly("3", "1");
            assertThat(args(audit.find(Instant.ofEpochMilli(T + 2), "ann@example.com", "echo", 1))).containsExactly("9b");
            assertThat(audit.find(Instant.ofEpochMilli(T + 10), null, null, 100)).isEmpty();
        }
    }

    @ParameterizedTest(name = "a row per record: {0}")
    @ValueSource(booleans = { true, false })
    void pruningRemovesExactlyTheRecordsBeforeTheCut(boolean rowPerRecord) {
        JdbcTemplate jdbc = TestStateStore.memory();
        try (AuditLog audit = new AuditLog(jdbc, rowPerRecord)) {
            audit.record(rec(T, "ann@example.com", "echo", "old-1"));
            audit.record(rec(T + 1, "ann@example.com", "echo", "old-2"));
            audit.flush();
            // one write holding records either side of the cut
            audit.record(rec(T + 2, "ann@example.com", "echo", "old-3"));
            audit.record(rec(T + 10, "ann@example.com", "echo", "new-1"));
            audit.flush();
            audit.record(rec(T + 11, "ann@example.com", "echo", "new-2"));

            assertThat(audit.prune(Instant.ofEpochMilli(T + 10))).isEqualTo(3);
            assertThat(args(audit.find(null, null, null, 100))).containsExactly("new-2", "new-1");
            assertThat(audit.prune(Instant.ofEpochMilli(T + 10))).as("nothing left before the cut").isZero();
        }
    }

    @Test
    void anEmbeddedStoreReadsAndPrunesTheRowsItWroteBeforeBatchesWithThem() {
        JdbcTemplate jdbc = TestStateStore.memory();
        jdbc.update("INSERT INTO audit_log (at, person_email, keyword, arguments, decision) VALUES (?, ?, ?, ?, ?)",
                T + 4, "ann@example.com", "echo", "legacy-4", "allowed");
        jdbc.update("INSERT INTO audit_log (at, person_email, keyword, arguments, decision) VALUES (?, ?, ?, ?, ?)",
                T, "ann@example.com", "echo", "legacy-0", "allowed");
        try (AuditLog audit = new AuditLog(jdbc)) {
            audit.record(rec(T + 6, "ann@example.com", "echo", "6"));
            audit.record(rec(T + 2, "ann@example.com", "echo", "2"));
            assertThat(args(audit.find(null, "ann@example.com", "echo", 100))).containsExactly("6", "legacy-4", "2", "legacy-0");
            assertThat(args(audit.find(null, null, null, 2))).containsExactly("6", "legacy-4");
            assertThat(audit.prune(Instant.ofEpochMilli(T + 3))).isEqualTo(2);
            assertThat(args(audit.find(null, null, null, 100))).containsExactly("6", "legacy-4");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Integer.class)).isEqualTo(1);
    }

    @Test
    void aBurstLargerThanOneBatchRowIsSplitAndReadBackWhole() {
        JdbcTemplate jdbc = TestStateStore.memory();
        try (AuditLog audit = new AuditLog(jdbc)) {
            // 1,200 records of ~12,000 characters each once escaped: many rows
            List<AuditRecord> burst = new ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                burst.add(rec(T + i, "ann@example.com", "echo", i + ":" + "\u0001".repeat(1_990)));
            }
            assertThat(AuditLog.chunks(burst)).hasSizeGreaterThan(1)
                    .allSatisfy(chunk -> assertThat(chunk.json().length()).isLessThanOrEqualTo(1_000_000));
            burst.forEach(audit::record);
            List<AuditRecord> found = audit.find(null, null, null, 10_000);
            assertThat(found).hasSize(1_200);
            assertThat(found.get(0)).isEqualTo(burst.get(1_199));
            assertThat(found.get(1_199)).isEqualTo(burst.get(0));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_batches", Integer.class)).isGreaterThan(1);
            assertThat(audit.prune(Instant.ofEpochMilli(T + 600))).isEqualTo(600);
            assertThat(audit.find(null, null, null, 10_000)).hasSize(600);
        }
    }

    @Property(tries = 300)
    void anyTextComesBackAsItWasRecorded(@ForAll String person, @ForAll String arguments, @ForAll String detail) {
        AuditRecord r = new AuditRecord(T, person, "room\n\"x\"", null, "echo", "\u2028sub", arguments, "denied", null,
                null, 502, detail.length() > 500 ? detail.substring(0, 500) : detail, null, null, null, "</script>");
        assertThat(AuditLog.records(AuditLog.chunks(List.of(r, r)).get(0).json())).containsExactly(
                new AuditRecord(r.at(), r.personEmail(), r.roomId(), r.roomType(), r.keyword(), r.subCommand(),
                        arguments.length() > 2000 ? arguments.substring(0, 2000) : arguments, r.decision(), r.approver(),
                        r.outcome(), r.status(), r.detail(), r.durationMs(), r.replyMessageId(), r.eventId(),
                        r.approvalId()), AuditLog.records(AuditLog.chunks(List.of(r)).get(0).json()).get(0));
    }

    @Test
    void aRecordOfTheRetentionsAgeStaysUntilItsTime() {
        JdbcTemplate jdbc = TestStateStore.memory();
        try (AuditLog audit = new AuditLog(jdbc)) {
            Instant now = Instant.now();
            audit.record(rec(now.minus(Duration.ofDays(89)).toEpochMilli(), "ann@example.com", "echo", "kept"));
            assertThat(audit.prune(now.minus(Duration.ofDays(90)))).isZero();
            assertThat(args(audit.find(now.minus(Duration.ofDays(90)), null, null, 10))).containsExactly("kept");
        }
    }

    private static List<String> args(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::arguments).toList();
    }
}
