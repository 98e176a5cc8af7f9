package io.github.webexcamel.gateway.reply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.webex.HeldReplies;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replies Webex did not take within {@code camel.component.webex.write-retry-budget}: an outage of Webex's message service longer
 * than the budget must not turn an answer into an apology (which would fail the same way) nor lose it. The command
 * ran once and is not run again; its reply is kept in the state store ({@code reply_outbox}) exactly as it was to be
 * posted, and the {@code webex-outbox} route (on the leader) posts it once Webex takes messages again.
 *
 * <p>While a space has kept replies, its new replies are kept behind them ({@link HeldReplies}, asked by the
 * {@code webex:messages} producer), so the space keeps its order. A kept reply that Webex refuses as such (4xx), or
 * that is still not taken after {@code webex.outbox.max-age}, is dropped with an ERROR line.
 */
public class ReplyOutbox implements HeldReplies {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyOutbox.class);
    private static final TypeReference<List<Map<String, Object>>> MESSAGES = new TypeReference<>() {
    };
    private static final String ENDPOINT = "webex:messages?callerWaits=true";
    private static final int ROUND = 100;

    private final JdbcTemplate jdbc;
    private final ProducerTemplate producer;
    private final ObjectMapper mapper;
    private final Duration maxAge;
    /** Spaces with kept replies; changed under this object's lock together with the rows. */
    private final Set<String> heldRooms = ConcurrentHashMap.newKeySet();
    /** When heldRooms was last read from the store (System.nanoTime()). */
    private volatile long readAt;
    /**
     * Whether other processes write this store (PostgreSQL). The embedded store is this process's alone (H2 locks its
     * file), so what it holds changes only here, under this object's lock, and is not read again every two seconds.
     */
    private final boolean shared;
    // how stale this replica's view of what another replica kept may be: after a failover, or with webhooks (every
    // replica answers events), a space's next reply must not pass the replies the other one kept
    private static final long STALE_NANOS = Duration.ofSeconds(2).toNanos();

    /** A store other processes may write too. */
    public ReplyOutbox(JdbcTemplate jdbc, ProducerTemplate producer, ObjectMapper mapper, Duration maxAge) {
        this(jdbc, producer, mapper, maxAge, true);
    }

    /** @param shared whether other processes write this store (see {@link #shared}) */
    public ReplyOutbox(JdbcTemplate jdbc, ProducerTemplate producer, ObjectMapper mapper, Duration maxAge, boolean shared) {
        this.shared = shared;
        this.jdbc = jdbc;
        this.producer = producer;
        this.mapper = mapper;
        this.maxAge = maxAge;
        refreshHeldRooms();
    }

    /**
     * Asked for every post, so the common case (nothing kept) is a look at an empty set; a space in the set is checked
     * against the store, where another replica (the leader) may have posted what this one kept.
     */
    @Override
    public boolean holds(String roomId) {
        if (shared && System.nanoTime() - readAt > STALE_NANOS) {
            refreshIfStale();
        }
        if (heldRooms.isEmpty() || !heldRooms.contains(roomId)) {
            return false;
        }
        synchronized (this) {
            Integer kept = jdbc.queryForObject("SELECT COUNT(*) FROM reply_outbox WHERE room_id = ?", Integer.class, roomId);
            if (kept == null || kept == 0) {
                heldRooms.remove(roomId);
                return false;
            }
            return true;
        }
    }

    /** What the store holds (kept before a restart, or by the replica that led before). */
    private synchronized void refreshHeldRooms() {
        heldRooms.addAll(jdbc.queryForList("SELECT DISTINCT room_id FROM reply_outbox WHERE room_id IS NOT NULL",
                String.class));
        readAt = System.nanoTime();
    }

    // the posts that found the view stale together: one of them reads the store
    private synchronized void refreshIfStale() {
        if (System.nanoTime() - readAt > STALE_NANOS) {
            refreshHeldRooms();
        }
    }

    /** Reads at once which spaces have kept replies: this replica has just become the leader. */
    public void refresh() {
        refreshHeldRooms();
    }

    /** errors.camel.yaml: keeps what Webex did not take of this exchange's reply. */
    public synchronized void hold(Exchange exchange) throws JsonProcessingException {
        List<?> messages = exchange.getProperty(WebexConstants.UNDELIVERED, List.class);
        if (messages == null || messages.isEmpty()) {
            return;
        }
        exchange.removeProperty(WebexConstants.UNDELIVERED);
        // the space the messages go to, as the producer's check sees it (a header may name another)
        String room = messages.get(0) instanceof Map<?, ?> first && first.get("roomId") instanceof String id ? id
                : exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        jdbc.update("INSERT INTO reply_outbox (held_at, room_id, event_id, messages, attempts) VALUES (?, ?, ?, ?, 0)",
                System.currentTimeMillis(), room, exchange.getIn().getHeader(WebexConstants.EVENT_ID, String.class),
                mapper.writeValueAsString(messages));
        if (room != null) {
            heldRooms.add(room);
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (heldBehind(failure)) {
            LOG.debug("A reply in room {} is kept behind the replies there that wait for Webex", room);
        } else {
            LOG.warn("Webex did not take the reply in room {} within camel.component.webex.write-retry-budget ({}): it is kept and"
                    + " posted when Webex takes messages again", room, webexReason(failure));
        }
    }

    /** How many replies wait. */
    public int waiting() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM reply_outbox", Integer.class);
        return count == null ? 0 : count;
    }

    /**
     * The webex-outbox route: posts the kept replies, oldest first, and stops at the first that Webex still does not
     * take (it is still unavailable; the next round tries again). Returns how many were posted.
     */
    public int deliver() {
        refreshHeldRooms();
        try {
            return deliverRound();
        } finally {
            releaseRooms();
        }
    }

    /** Spaces none of whose replies wait any more post directly again. */
    private synchronized void releaseRooms() {
        heldRooms.retainAll(jdbc.queryForList("SELECT DISTINCT room_id FROM reply_outbox WHERE room_id IS NOT NULL",
                String.class));
    }

    private int deliverRound() {
        List<Kept> kept = jdbc.query("SELECT id, held_at, room_id, messages FROM reply_outbox ORDER BY id"
                + " FETCH FIRST " + ROUND + " ROWS ONLY", (rs, i) -> new Kept(rs.getLong("id"), rs.getLong("held_at"),
                rs.getString("room_id"), rs.getString("messages")));
        int posted = 0;
        for (Kept reply : kept) {
            if (reply.heldAt() < System.currentTimeMillis() - maxAge.toMillis()) {
                jdbc.update("DELETE FROM reply_outbox WHERE id = ?", reply.id());
                LOG.error("A reply for room {} kept since {} was never taken by Webex: dropped after"
                        + " webex.outbox.max-age ({})", reply.roomId(), Instant.ofEpochMilli(reply.heldAt()), maxAge);
                continue;
            }
            List<Map<String, Object>> messages;
            try {
                messages = mapper.readValue(reply.messages(), MESSAGES);
            } catch (JsonProcessingException e) {
                jdbc.update("DELETE FROM reply_outbox WHERE id = ?", reply.id());
                LOG.error("A kept reply for room {} cannot be read back ({}): dropped", reply.roomId(), e.getOriginalMessage());
                continue;
            }
            Exchange result = producer.request(ENDPOINT, exchange -> {
                exchange.getIn().setHeader(WebexConstants.OPERATION, "repost");
                exchange.getIn().setHeader(WebexConstants.ROOM_ID, reply.roomId());
                exchange.getIn().setBody(messages);
            });
            if (result.getException() == null) {
                jdbc.update("DELETE FROM reply_outbox WHERE id = ?", reply.id());
                posted++;
                continue;
            }
            List<?> left = result.getProperty(WebexConstants.UNDELIVERED, List.class);
            if (left == null) {
                // Webex refuses this message itself (4xx): posting it again would never succeed
                jdbc.update("DELETE FROM reply_outbox WHERE id = ?", reply.id());
                LOG.error("Webex refused a kept reply for room {}: {}; dropped", reply.roomId(),
                        webexReason(result.getException()));
                continue;
            }
            try {
                jdbc.update("UPDATE reply_outbox SET messages = ?, attempts = attempts + 1 WHERE id = ?",
                        mapper.writeValueAsString(left), reply.id());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            LOG.info("Webex still does not take messages ({}); {} kept replies wait",
                    webexReason(result.getException()), waiting());
            break;
        }
        if (posted > 0) {
            LOG.info("Posted {} kept replies", posted);
        }
        return posted;
    }

    private static boolean heldBehind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WebexApiException api) {
                return api.getCause() instanceof HeldReplies.Behind;
            }
        }
        return false;
    }

    /** Webex's own answer (status, message, tracking id) rather than Camel's wrapping of it. */
    private static String webexReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WebexApiException api) {
                return api.getMessage();
            }
        }
        return failure == null ? "no answer" : failure.getMessage();
    }

    private record Kept(long id, long heldAt, String roomId, String messages) {
    }
}
