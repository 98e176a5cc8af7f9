package io.github.webexcamel.gateway.state;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store's handled events: written in batch rows, read back newest first by a restarted gateway. */
class EventClaimsTest {

    @Test
    void aRestartRemembersEveryHandledEventAcrossManyBatchRows() {
        JdbcTemplate jdbc = TestStateStore.memory();
        EventClaims first = new EventClaims(jdbc, false, "first", 8000, 2000);
        first.start();
        for (int batch = 0; batch < 30; batch++) {
            for (int i = 0; i < 50; i++) {
                String id = "event-" + (batch * 50 + i);
                assertThat(first.add(id)).isTrue();
                assertThat(first.confirm(id)).isTrue();
            }
            first.stop(); // a stop writes what waits: one batch row
            first.start();
        }
        first.shutdown();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM handled_event_batches", Integer.class)).isGreaterThanOrEqualTo(30);

        EventClaims restarted = new EventClaims(jdbc, false, "restarted", 8000, 2000);
        restarted.start();
        assertThat(restarted.add("event-0")).as("the oldest handled event").isFalse();
        assertThat(restarted.add("event-777")).isFalse();
        assertThat(restarted.add("event-1499")).as("the newest handled event").isFalse();
        assertThat(restarted.add("event-1500")).as("an event never handled").isTrue();
        assertThat(restarted.add("event-1500")).as("while it runs").isFalse();
        restarted.shutdown();
    }
}
