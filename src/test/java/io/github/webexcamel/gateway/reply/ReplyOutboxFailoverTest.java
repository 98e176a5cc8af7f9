package io.github.webexcamel.gateway.reply;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.state.TestStateStore;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on one state store. The leader keeps a reply Webex refused, then dies; the other replica, started long
 * before, leads now (or, with webhooks, answers the space's next event anyway): that space's next reply must wait behind
 * the kept one, not pass it.
 */
class ReplyOutboxFailoverTest {

    private final JdbcTemplate shared = TestStateStore.memory();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ReplyOutbox other = new ReplyOutbox(shared, null, mapper, Duration.ofHours(1)); // started first
    private final ReplyOutbox leader = new ReplyOutbox(shared, null, mapper, Duration.ofHours(1));

    private void keptByTheLeader(String room) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange refused = new DefaultExchange(camel);
            refused.setProperty(WebexConstants.UNDELIVERED, List.of(Map.of("roomId", room, "markdown", "first answer")));
            leader.hold(refused);
        }
        assertThat(leader.holds(room)).as("the replica that kept it").isTrue();
    }

    @Test
    void aNewLeaderHoldsTheSpacesTheOldOneKeptRepliesFor() throws Exception {
        keptByTheLeader("room-1");
        other.refresh(); // what becoming the leader does
        assertThat(other.holds("room-1")).isTrue();
        assertThat(other.holds("room-2")).isFalse();
    }

    @Test
    void anotherReplicaSeesWhatTheLeaderKeptWithinSeconds() throws Exception {
        keptByTheLeader("room-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> other.holds("room-1"));
    }

    @Test
    void anOutboxOnAStoreOnlyItsProcessWritesAnswersFromWhatItKept() throws Exception {
        JdbcTemplate own = TestStateStore.memory();
        ReplyOutbox alone = new ReplyOutbox(own, null, mapper, Duration.ofHours(1), false);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange refused = new DefaultExchange(camel);
            refused.setProperty(WebexConstants.UNDELIVERED, List.of(Map.of("roomId", "room-1", "markdown", "first answer")));
            alone.hold(refused);
        }
        // a row no process of this store could have written (H2 locks its file): seen only if the store is read again
        own.update("INSERT INTO reply_outbox (held_at, room_id, event_id, messages, attempts) VALUES (?, ?, ?, ?, 0)",
                System.currentTimeMillis(), "room-2", "e2", "[]");
        Thread.sleep(2_500); // past the two seconds after which a shared store is read again
        assertThat(alone.holds("room-1")).as("what it kept itself").isTrue();
        assertThat(alone.holds("room-2")).as("the store is not read again for every reply").isFalse();
    }
}
