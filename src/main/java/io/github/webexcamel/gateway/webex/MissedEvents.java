package io.github.webexcamel.gateway.webex;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.mercury.MercuryConnection;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the socket did not deliver. After each (re)connect, the catch-up reads back the messages sent while the
 * gateway was away and holds live activities until it is done, so each room still sees its messages in order.
 * Now and then, reconciliation reads back the recent messages and hands over any that never arrived (a frame lost
 * between Webex and us leaves no other trace); the ids seen here and in the event store are skipped.
 */
final class MissedEvents {

    private static final Logger LOG = LoggerFactory.getLogger(WebexEventsConsumer.class);
    /** Catch-up reads from a little before the last event heard: events still queued then are covered too. */
    private static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(2);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);

    /** Hands a message read back (from room) to the lanes, under the label given. */
    interface Handler {
        void handle(String room, JsonNode message, String what);
    }

    private final WebexConfiguration config;
    private final Vertx vertx;
    private final BooleanSupplier runAllowed;
    private final Handler handler;
    private final Consumer<JsonNode> live;
    /**
     * Activity uuids that reached us (socket or catch-up), so reconciliation only picks up the truly missing.
     * 20,000 is far more than can be in flight (maxInFlight) or arrive within the few minutes reconciliation
     * looks back; older ones are answered by the event store.
     */
    private final Set<String> seen = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 20_000;
        }
    }));
    /** Live activities that arrive while missed messages are being read back; touched on the socket's loop only. */
    private final List<JsonNode> held = new ArrayList<>();
    private volatile boolean catchingUp;
    private long catchUpRound;
    private Context connectionContext;
    private long reconcileTimer = -1;
    // this start's collaborators
    private CatchUp catchUp;
    private Checkpoint checkpoint;
    private MercuryConnection connection;
    private Executor workers;
    private Instant startedAt;

    /**
     * @param live where held live activities go once the catch-up is done (back through the consumer's filter)
     */
    MissedEvents(WebexConfiguration config, Vertx vertx, BooleanSupplier runAllowed, Handler handler,
                 Consumer<JsonNode> live) {
        this.config = config;
        this.vertx = vertx;
        this.runAllowed = runAllowed;
        this.handler = handler;
        this.live = live;
    }

    /** A start with a socket: what this start reads back with, and from when. */
    void start(CatchUp catchUp, Checkpoint checkpoint, MercuryConnection connection, Executor workers) {
        this.catchUp = catchUp;
        this.checkpoint = checkpoint;
        this.connection = connection;
        this.workers = workers;
        this.startedAt = Instant.now();
    }

    void seen(String uuid) {
        seen.add(uuid);
    }

    /** On the socket's loop: whether a live activity must wait for the catch-up (then it is kept here). */
    boolean hold(JsonNode activity) {
        if (!catchingUp) {
            return false;
        }
        held.add(activity);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Activity {} held until the catch-up is done ({} held)", activity.path("id").asText(), held.size());
        }
        return true;
    }

    /** On the socket's event loop, once authorised: reads back what was said while the gateway was away. */
    void onConnected(boolean reconnect) {
        connectionContext = Vertx.currentContext();
        startReconciling();
        Instant floor = Instant.now().minusMillis(config.getCatchUpWindow());
        Instant since;
        if (reconnect) {
            Instant last = connection.lastEventAt() != null ? connection.lastEventAt() : startedAt;
            since = last.minus(CATCH_UP_MARGIN);
        } else {
            Instant heard = checkpoint.read();
            since = heard == null ? null : heard.minus(CATCH_UP_MARGIN);
        }
        if (since == null || config.getCatchUpWindow() <= 0) {
            return;
        }
        if (since.isBefore(floor)) {
            since = floor;
        }
        catchingUp = true;
        long round = ++catchUpRound;
        long began = System.nanoTime();
        // a catch-up that hangs (an unanswered REST call) must not hold live events for ever
        long guard = vertx.setTimer(CATCH_UP_LIMIT.toMillis(), id -> {
            if (catchingUp && round == catchUpRound) {
                LOG.warn("Catch-up did not finish within {} s; letting live events through", CATCH_UP_LIMIT.toSeconds());
                releaseHeld();
            }
        });
        catchUp.run(since, (room, message) -> {
            seen.add(WebexIds.uuidOf(message.path("id").asText()));
            handler.handle(room, message, "catch-up");
        })
                .onComplete(result -> {
                    vertx.cancelTimer(guard);
                    if (result.succeeded()) {
                        LOG.info("Caught up on {} message(s) sent while disconnected ({} ms, {} live held)",
                                result.result(), (System.nanoTime() - began) / 1_000_000, held.size());
                    } else {
                        LOG.warn("Could not read back messages sent while disconnected: {}", result.cause().getMessage());
                    }
                    if (round == catchUpRound) {
                        releaseHeld();
                    }
                });
    }

    /** Lets the live events held during a catch-up through, in arrival order, behind the caught-up ones. */
    private void releaseHeld() {
        connectionContext.runOnContext(v -> {
            catchingUp = false;
            List<JsonNode> activities = new ArrayList<>(held);
            held.clear();
            activities.forEach(live);
        });
    }

    private void startReconciling() {
        if (reconcileTimer >= 0 || config.getReconcileInterval() <= 0) {
            return;
        }
        reconcileTimer = vertx.setPeriodic(config.getReconcileInterval(), id -> {
            if (!runAllowed.getAsBoolean() || catchingUp || connection.state() != MercuryState.CONNECTED) {
                return;
            }
            // messages younger than one interval may still be on their way through the socket
            Instant until = Instant.now().minusMillis(config.getReconcileInterval());
            Instant since = until.minusMillis(2 * config.getReconcileInterval());
            IdempotentRepository handled = config.getEventRepository();
            List<Map.Entry<String, JsonNode>> recent = new ArrayList<>();
            catchUp.run(since, until, (room, message) -> recent.add(Map.entry(room, message)))
                    .onSuccess(count -> workers.execute(() -> {
                        // the event store may block (file lock, database): never on the event loop
                        for (Map.Entry<String, JsonNode> entry : recent) {
                            String messageId = entry.getValue().path("id").asText();
                            if (seen.contains(WebexIds.uuidOf(messageId)) || (handled != null && handled.contains(messageId))) {
                                continue;
                            }
                            seen.add(WebexIds.uuidOf(messageId));
                            LOG.warn("Reconciliation found message {} in room {} that never arrived on the socket;"
                                    + " handling it now", WebexIds.uuidOf(messageId), entry.getKey());
                            handler.handle(entry.getKey(), entry.getValue(), "reconciled");
                        }
                    }))
                    .onFailure(e -> LOG.debug("Reconciliation skipped: {}", e.getMessage()));
        });
    }

    /** Stops reconciling (the consumer stops). */
    void stop() {
        if (reconcileTimer >= 0) {
            vertx.cancelTimer(reconcileTimer);
            reconcileTimer = -1;
        }
    }
}
