package io.github.webexcamel.gateway.governance;

import java.time.Duration;
import java.time.Instant;

import io.github.webexcamel.gateway.state.TestStateStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log's retention, and the token buckets of the rate limits. */
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
