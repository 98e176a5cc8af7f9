package io.github.webexcamel.gateway.webex.mercury;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.webex.Backoff;
import io.github.webexcamel.gateway.webex.WebexAuthenticationException;
import io.github.webexcamel.gateway.webex.WebexConfiguration;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.ProxyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mercury WebSocket: connect, authorise, ack, keep alive with application pings, and reconnect.
 * All socket callbacks run on one Vert.x event loop and only hand events on; nothing here blocks.
 */
public class MercuryConnection {

    /** Receives activities; called on the event loop and must return at once. */
    public interface Listener {
        void onActivity(JsonNode activity);

        /** The socket is authorised (first time or after a reconnect); activities may follow at once. */
        default void onConnected(boolean reconnect) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MercuryConnection.class);
    /** How long a stop waits for Webex to delete the device (one attempt): a SIGTERM is done well within 5 s. */
    static final Duration STOP_DELETE_LIMIT = Duration.ofSeconds(3);
    /**
     * How long the successor's activities wait for the announced socket after a switch-over: that socket may still
     * hold what it was sent before the successor was authorised (it is read on the same loop, and may sit on a slower
     * Mercury node), and the successor's copies of later events must not overtake it.
     */
    static final long SWITCHOVER_HOLD_MILLIS = 1000;
    /** A bound on what is held meanwhile; beyond it the hold ends early. */
    static final int SWITCHOVER_HOLD_LIMIT = 10_000;
    /** Close codes after which reconnecting cannot help (JS SDK: 4000 replaced, 1003 rejected, 4400/4403). */
    private static final Set<Integer> PERMANENT_CLOSE_CODES = Set.of(1003, 4000, 4400, 4401, 4403);

    private final Vertx vertx;
    private final WebexConfiguration config;
    private final DeviceRegistry devices;
    private final ObjectMapper mapper;
    private final Listener listener;
    private final WebSocketClient client;
    /** Every callback of this connection runs on this one context, so its fields need no locks. */
    private final Context context;
    private final Promise<Void> firstConnect = Promise.promise();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private final AtomicLong events = new AtomicLong();

    private volatile MercuryState state = MercuryState.STARTING;
    private volatile Instant lastEventAt;
    private volatile String lastError;
    private volatile boolean paused;
    private WebSocket socket;
    private long generation;
    /** The socket Mercury announced it will shut down, kept reading until its successor is ready (make-before-break). */
    private WebSocket retiring;
    private long retiringGeneration = -1;
    /**
     * Retired sockets, by generation, still read until they close: Mercury may deliver on them what it sent nowhere
     * else (more than one when a successor is itself announced before its predecessor closed).
     */
    private final Map<Long, WebSocket> draining = new HashMap<>();
    /** Counts switch-overs: the hold timer of an earlier one does not end a later one's hold. */
    private long holds;
    /**
     * While a retired socket may still deliver what it was sent before its successor was authorised: the activities of
     * every newer socket, in arrival order (the oldest open socket's go on at once).
     */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private boolean holding;
    private final AtomicLong switchovers = new AtomicLong();
    private boolean ready;
    private int failedAttempts;
    private int consecutive404;
    private final Heartbeat heartbeat;

    public MercuryConnection(Vertx vertx, WebexConfiguration config, DeviceRegistry devices, ObjectMapper mapper,
                             ProxyOptions proxy, Listener listener) {
        this.vertx = vertx;
        this.config = config;
        this.devices = devices;
        this.mapper = mapper;
        this.listener = listener;
        WebSocketClientOptions options = new WebSocketClientOptions()
                .setMaxFrameSize(config.getMaxFrameSize())
                .setMaxMessageSize(config.getMaxFrameSize())
                .setConnectTimeout((int) config.getRequestTimeout());
        if (proxy != null) {
            options.setProxyOptions(proxy);
        }
        this.client = vertx.createWebSocketClient(options);
        this.context = vertx.getOrCreateContext();
        this.heartbeat = new Heartbeat(vertx, config.getPingInterval(), config.getPongTimeout());
    }

    /**
     * Discovers, registers and connects. The future completes once the socket is authorised, or fails at
     * the first error; after a non-fatal failure the connection keeps retrying in the background.
     */
    public Future<Void> start() {
        context.runOnContext(v -> devices.discover()
                .compose(x -> devices.ensureDevice(true))
                .onSuccess(x -> connect())
                .onFailure(this::onSetupFailure));
        return firstConnect.future();
    }

    private void onSetupFailure(Throwable cause) {
        if (cause instanceof WebexApiException api && (api.status() == 401 || api.status() == 403)) {
            fail(new WebexAuthenticationException("Webex rejected the bot token (HTTP " + api.status()
                    + " from the U2C/WDM services): check WEBEX_API_TOKEN"));
            return;
        }
        lastError = cause.getMessage();
        firstConnect.tryFail(cause);
        scheduleReconnect(true);
    }

    private void connect() {
        if (state == MercuryState.STOPPED || state == MercuryState.FAILED) {
            return;
        }
        long myGeneration = ++generation;
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(devices.webSocketUrl())
                .addHeader("Authorization", "Bearer " + config.getToken());
        client.connect(options).onComplete(result -> {
            if (myGeneration != generation || state == MercuryState.STOPPED) {
                if (result.succeeded()) {
                    result.result().close();
                }
                return;
            }
            if (result.succeeded()) {
                consecutive404 = 0;
                onOpen(result.result(), myGeneration);
            } else {
                onConnectFailure(result.cause());
            }
        });
    }

    private void onOpen(WebSocket ws, long myGeneration) {
        socket = ws;
        ready = false;
        ws.textMessageHandler(text -> onFrame(ws, text, myGeneration));
        // Mercury sends text frames; JSON in a binary frame is read the same way rather than dropped unseen
        ws.binaryMessageHandler(data -> onFrame(ws, data.toString(StandardCharsets.UTF_8), myGeneration));
        ws.exceptionHandler(e -> {
            if (String.valueOf(e.getMessage()).contains("max message size")) {
                // Vert.x drops a message over maxFrameSize and keeps the socket; reconciliation reads back an activity it held
                malformedFrames.incrementAndGet();
                LOG.warn("Dropped a Mercury frame over the {} bytes allowed (webex:events maxFrameSize)", config.getMaxFrameSize());
            } else {
                LOG.debug("Mercury socket error: {}", e.getMessage());
            }
        });
        ws.closeHandler(v -> onClose(myGeneration, ws.closeStatusCode(), ws.closeReason()));
        if (paused) {
            ws.pause();
        }
        String auth = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"authorization\",\"data\":{\"token\":\"Bearer "
                + config.getToken() + "\"}}";
        ws.writeTextMessage(auth);
        // Readiness is the first frame after the authorization (Mercury sends mercury.buffer_state). A ping
        // makes a server that sends nothing until the first activity answer too; its pong is not awaited.
        ws.writeTextMessage("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"ping\"}");
    }

    private void onConnectFailure(Throwable cause) {
        if (cause instanceof UpgradeRejectedException rejected) {
            int status = rejected.getStatus();
            if (status == 404 && ++consecutive404 <= config.getMaxDeviceReregistrations()) {
                LOG.info("Mercury answered 404 on the upgrade: the device is gone, registering a new one");
                // delete it anyway, so a device WDM still lists is not leaked
                devices.deleteDevice().otherwiseEmpty().compose(x -> devices.ensureDevice(false))
                        .onSuccess(v -> connect()).onFailure(this::onSetupFailure);
                return;
            }
            if (status == 401 || status == 403) {
                fail(new WebexAuthenticationException("Webex rejected the bot token on the WebSocket upgrade (HTTP "
                        + status + "): check WEBEX_API_TOKEN"));
                return;
            }
            lastError = "WebSocket upgrade rejected with HTTP " + status;
        } else {
            lastError = cause.getMessage();
        }
        firstConnect.tryFail(new IllegalStateException("Cannot connect to Mercury: " + lastError));
        scheduleReconnect(true);
    }

    private void onFrame(WebSocket from, String text, long myGeneration) {
        boolean current = myGeneration == generation;
        if (!current && myGeneration != retiringGeneration && !draining.containsKey(myGeneration)) {
            return;
        }
        MercuryFrame frame = MercuryFrame.parse(text, mapper);
        if (frame.kind() == MercuryFrame.Kind.MALFORMED) {
            malformedFrames.incrementAndGet();
            LOG.warn("Dropped a malformed Mercury frame ({} chars): {}", text.length(), frame.detail());
            return;
        }
        if (!ready && current) {
            onReady();
        }
        if (frame.kind() == MercuryFrame.Kind.PONG) {
            if (current) {
                heartbeat.onPong(frame.pongId());
            }
            return;
        }
        String ack = frame.ack();
        if (ack != null) {
            from.writeTextMessage(ack);
        }
        if (frame.kind() == MercuryFrame.Kind.SHUTDOWN) {
            if (current) {
                switchOver();
            }
            return;
        }
        if (frame.kind() == MercuryFrame.Kind.ACTIVITY) {
            events.incrementAndGet();
            lastEventAt = Instant.now();
            if (holding && myGeneration != oldestOpen()) {
                held.add(new Held(myGeneration, frame.activity()));
                if (held.size() >= SWITCHOVER_HOLD_LIMIT) {
                    release();
                }
                return;
            }
            listener.onActivity(frame.activity());
        } else {
            LOG.debug("Ignored Mercury event of type '{}'", frame.detail());
        }
    }

    /**
     * Mercury's planned drain: it announces the shutdown of a socket, then closes it (4001). A new socket is
     * opened first and the old one read until the new one is ready, so no event waits for a reconnect; what
     * both deliver meanwhile is deduplicated by the idempotent consumer, as any redelivery.
     */
    private void switchOver() {
        if (retiring != null || socket == null) {
            LOG.debug("Mercury announced a shutdown while a switch-over is under way");
            return;
        }
        LOG.info("Mercury announced a shutdown of this socket: opening its successor before it closes");
        retiring = socket;
        retiringGeneration = generation;
        heartbeat.stop();
        connect();
    }

    private void retire() {
        WebSocket old = retiring;
        long oldGeneration = retiringGeneration;
        retiring = null;
        retiringGeneration = -1;
        if (old != null && !old.isClosed()) {
            draining.put(oldGeneration, old);
            holding = true;
            long hold = ++holds;
            vertx.setTimer(SWITCHOVER_HOLD_MILLIS, id -> {
                if (hold == holds) {
                    release();
                }
            });
            // Mercury closes it with 4001 itself; closing here too keeps a silent server from holding it open
            long grace = Math.max(1000, config.getPongTimeout());
            vertx.setTimer(grace, id -> old.close((short) 1000, "switched over"));
        }
    }

    private record Held(long generation, JsonNode activity) {
    }

    /** The socket that was opened first of those still read: nothing it was sent can be overtaken by a newer one's copy. */
    private long oldestOpen() {
        long oldest = generation;
        if (retiringGeneration != -1) {
            oldest = Math.min(oldest, retiringGeneration);
        }
        for (long drained : draining.keySet()) {
            oldest = Math.min(oldest, drained);
        }
        return oldest;
    }

    /**
     * Ends the hold: what newer sockets delivered meanwhile goes on, an older socket's before a newer one's, each in
     * arrival order (copies of what an older socket delivered are dropped downstream, as any redelivery).
     */
    private void release() {
        holding = false;
        List<Held> all = new ArrayList<>(held);
        held.clear();
        all.sort(Comparator.comparingLong(Held::generation));
        all.forEach(h -> listener.onActivity(h.activity()));
    }

    /** A retired socket closed while another is still read: what the now oldest socket delivered goes on. */
    private void releaseOldest() {
        long oldest = oldestOpen();
        List<Held> later = new ArrayList<>();
        Held h;
        while ((h = held.poll()) != null) {
            if (h.generation() <= oldest) {
                listener.onActivity(h.activity());
            } else {
                later.add(h);
            }
        }
        held.addAll(later);
    }

    private void onReady() {
        ready = true;
        failedAttempts = 0;
        lastError = null;
        if (retiring != null) {
            // the old socket delivered until now: there is no gap to catch up on
            switchovers.incrementAndGet();
            retire();
            state = MercuryState.CONNECTED;
            LOG.info("Mercury switch-over done: the new socket is ready");
            startPinging();
            return;
        }
        boolean reconnected = state == MercuryState.RECONNECTING;
        state = MercuryState.CONNECTED;
        LOG.info(reconnected ? "Mercury socket reconnected" : "Mercury socket connected and authorised");
        firstConnect.tryComplete();
        startPinging();
        listener.onConnected(reconnected);
    }

    private void startPinging() {
        long myGeneration = generation;
        heartbeat.start(socket, () -> paused, () -> {
            if (myGeneration == generation) {
                LOG.warn("No pong from Mercury within {} ms: treating the socket as dead", heartbeat.timeout());
                dropSocket("pong not received");
            }
        });
    }

    /** Abandons the current socket without waiting for a close handshake a dead peer would never send. */
    private void dropSocket(String reason) {
        WebSocket old = socket;
        generation++;
        socket = null;
        heartbeat.stop();
        // what it delivered was acked: it goes on rather than waiting for a catch-up
        release();
        if (old != null) {
            old.close((short) 1000, reason);
        }
        scheduleReconnect(false);
    }

    private void onClose(long myGeneration, Short code, String reason) {
        if (draining.remove(myGeneration) != null) {
            if (draining.isEmpty()) {
                release();
            } else {
                releaseOldest();
            }
            return;
        }
        if (myGeneration == retiringGeneration) {
            // the announced socket went before its successor was ready: a gap, caught up once the successor is
            retiring = null;
            retiringGeneration = -1;
            if (state == MercuryState.CONNECTED) {
                state = MercuryState.RECONNECTING;
            }
            return;
        }
        if (myGeneration != generation || state == MercuryState.STOPPED) {
            return;
        }
        socket = null;
        heartbeat.stop();
        release();
        int status = code == null ? 1006 : code;
        if (PERMANENT_CLOSE_CODES.contains(status)) {
            String message = "Mercury closed the socket with code " + status + (reason == null ? "" : " (" + reason + ")")
                    + (status == 4000 ? ": another connection replaced this one" : "") + "; not reconnecting";
            if (status == 4401) {
                fail(new WebexAuthenticationException("Webex rejected the bot token on the socket (close 4401): check WEBEX_API_TOKEN"));
            } else {
                fail(new IllegalStateException(message));
            }
            return;
        }
        LOG.info("Mercury socket closed (code {}{}). Reconnecting...", status, reason == null || reason.isEmpty() ? "" : ", " + reason);
        scheduleReconnect(false);
    }

    private void scheduleReconnect(boolean afterFailure) {
        if (state == MercuryState.STOPPED || state == MercuryState.FAILED) {
            return;
        }
        if (afterFailure) {
            failedAttempts++;
        }
        if (config.getMaxReconnectAttempts() > 0 && failedAttempts > config.getMaxReconnectAttempts()) {
            fail(new IllegalStateException("Reconnect max attempts (" + config.getMaxReconnectAttempts()
                    + ") exhausted; last error: " + lastError));
            return;
        }
        state = MercuryState.RECONNECTING;
        reconnects.incrementAndGet();
        long delay = Backoff.of(config.getReconnectInitialDelay(), config.getReconnectMaxDelay()).delayMillis(failedAttempts);
        LOG.debug("Reconnecting to Mercury in {} ms (attempt {})", delay, failedAttempts);
        vertx.setTimer(Math.max(1, delay), id -> {
            if (devices.webSocketUrl() == null) {
                devices.discover().compose(x -> devices.ensureDevice(true)).onSuccess(x -> connect())
                        .onFailure(this::onSetupFailure);
            } else {
                connect();
            }
        });
    }

    private void fail(RuntimeException cause) {
        state = MercuryState.FAILED;
        lastError = cause.getMessage();
        heartbeat.stop();
        LOG.warn(cause.getMessage());
        firstConnect.tryFail(cause);
    }

    /** Stops reading from the socket (TCP backpressure) until {@link #resume()}. */
    public void pause() {
        context.runOnContext(v -> {
            paused = true;
            heartbeat.forgetPing();
            if (socket != null) {
                socket.pause();
            }
            if (retiring != null) {
                retiring.pause();
            }
            draining.values().forEach(WebSocket::pause);
        });
    }

    public void resume() {
        context.runOnContext(v -> {
            paused = false;
            if (socket != null) {
                socket.resume();
            }
            if (retiring != null) {
                retiring.resume();
            }
            draining.values().forEach(WebSocket::resume);
        });
    }

    /** Closes the socket and, if configured, deletes the device. */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            release();
            state = MercuryState.STOPPED;
            generation++;
            heartbeat.stop();
            Future<Void> closed = socket == null ? Future.succeededFuture() : socket.close((short) 1000, "done");
            socket = null;
            if (retiring != null) {
                retiring.close((short) 1000, "done");
            }
            draining.values().forEach(old -> old.close((short) 1000, "done"));
            retiring = null;
            draining.clear();
            closed.transform(x -> config.isDeleteDeviceOnStop() ? devices.deleteDeviceOnStop(STOP_DELETE_LIMIT)
                            : Future.<Void> succeededFuture())
                    .onComplete(x -> {
                        client.close();
                        done.complete();
                    });
        });
        return done.future();
    }

    public MercuryState state() {
        return state;
    }

    public long reconnects() {
        return reconnects.get();
    }

    /** Planned Mercury shutdowns crossed without a gap (make-before-break). */
    public long switchovers() {
        return switchovers.get();
    }

    public long malformedFrames() {
        return malformedFrames.get();
    }

    public long events() {
        return events.get();
    }

    public Instant lastEventAt() {
        return lastEventAt;
    }

    public String lastError() {
        return lastError;
    }

    public DeviceRegistry devices() {
        return devices;
    }
}
