package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mercury push channel: one WebSocket per connection to a registered device's webSocketUrl.
 * Every device belongs to the bot, so an activity goes to every authorized socket (Webex fans out to
 * all registered devices of a user).
 */
final class MercuryHub {

    private static final Logger LOG = LoggerFactory.getLogger(MercuryHub.class);

    private final Vertx vertx;
    private final SandboxStore store;
    private final SandboxFaults faults;
    private final String token;
    private final long authTimeoutMillis;
    private final List<Session> sessions = new ArrayList<>();
    private long acks;
    private long activityFrames;

    private final class Session {
        final ServerWebSocket ws;
        final HttpConnection connection;
        final String deviceUuid;
        boolean authorized;
        boolean closed;
        long sequence;
        long authTimer = -1;
        /** Set on a socket told to shut down: its frames go out this much later, in order. */
        long lagMillis;

        Session(ServerWebSocket ws, HttpConnection connection, String deviceUuid) {
            this.ws = ws;
            this.connection = connection;
            this.deviceUuid = deviceUuid;
        }

        void send(String frame) {
            if (lagMillis > 0) {
                vertx.setTimer(lagMillis, id -> {
                    if (!closed) {
                        ws.writeTextMessage(frame);
                    }
                });
            } else if (!closed) {
                ws.writeTextMessage(frame);
            }
        }

        void close(int code, String reason) {
            if (!closed) {
                closed = true;
                if (sendable(code)) {
                    ws.close((short) code, reason);
                } else {
                    // 1005/1006/1015 must never appear on the wire; the way a peer sees 1006 is a
                    // connection that just drops. Closing from the head of the pipeline skips
                    // Netty's handler that would still send a close frame (1000) first.
                    if (connection instanceof ConnectionBase base && base.channel().pipeline().firstContext() != null) {
                        base.channel().pipeline().firstContext().close();
                    } else {
                        connection.close();
                    }
                }
            }
        }
    }

    MercuryHub(Vertx vertx, SandboxStore store, SandboxFaults faults, String token, long authTimeoutMillis) {
        this.vertx = vertx;
        this.store = store;
        this.faults = faults;
        this.token = token;
        this.authTimeoutMillis = authTimeoutMillis;
    }

    void handleUpgrade(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String deviceUuid = ctx.pathParam("deviceUuid");
        int faultStatus = faults.takeFailingUpgrade();
        if (faultStatus > 0) {
            req.response().setStatusCode(faultStatus).end();
            return;
        }
        // An unknown or deleted registration is a plain 404 on the upgrade: that is what makes
        // webex_bot and the JS SDK register a fresh device.
        if (store.device(deviceUuid) == null) {
            req.response().setStatusCode(404).end();
            return;
        }
        if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            req.response().setStatusCode(400).end();
            return;
        }
        String headerAuth = req.getHeader("Authorization");
        HttpConnection connection = req.connection();
        req.toWebSocket().onSuccess(ws -> open(ws, connection, deviceUuid, headerAuth))
                .onFailure(e -> LOG.debug("Mercury upgrade failed", e));
    }

    private void open(ServerWebSocket ws, HttpConnection connection, String deviceUuid, String headerAuth) {
        Session s = new Session(ws, connection, deviceUuid);
        sessions.add(s);
        ws.closeHandler(v -> {
            s.closed = true;
            sessions.remove(s);
            if (s.authTimer >= 0) {
                vertx.cancelTimer(s.authTimer);
            }
        });
        ws.exceptionHandler(e -> LOG.debug("Mercury socket error", e));
        ws.textMessageHandler(text -> onText(s, text));
        LOG.debug("Mercury socket opened for device {}", deviceUuid);
        if (headerAuth != null) {
            // The Android SDK authenticates with the header alone and never sends an authorization frame.
            if (!authorize(s, headerAuth)) {
                return;
            }
        }
        s.authTimer = vertx.setTimer(authTimeoutMillis, id -> {
            s.authTimer = -1;
            if (!s.authorized) {
                s.close(1008, "authentication did not happen within the timeout window");
            }
        });
    }

    private void onText(Session s, String text) {
        JsonNode frame;
        try {
            frame = JsonViews.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.debug("Ignoring a non-JSON frame on a Mercury socket");
            return;
        }
        String type = frame.path("type").asText("");
        switch (type) {
            case "authorization" -> authorize(s, frame.path("data").path("token").asText(""));
            case "ping" -> {
                if (faults.answersPings()) {
                    ObjectNode pong = JsonViews.MAPPER.createObjectNode();
                    pong.set("id", frame.get("id"));
                    pong.put("type", "pong");
                    pong.put("sequenceNumber", ++s.sequence);
                    s.send(pong.toString());
                }
            }
            // Acks are counted, never required: webex_bot acks with the REST message id, the JS SDK
            // with the envelope id, others not at all.
            case "ack" -> acks++;
            default -> LOG.debug("Ignoring Mercury frame of type '{}'", type);
        }
    }

    private boolean authorize(Session s, String credential) {
        String presented = credential.trim();
        if (presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = presented.substring(7).trim();
        }
        if (!presented.equals(token)) {
            s.close(4401, "Unauthorized");
            return false;
        }
        s.authorized = true;
        if (s.authTimer >= 0) {
            vertx.cancelTimer(s.authTimer);
            s.authTimer = -1;
        }
        // Sent after every successful authorization: a client that authenticated by header and then
        // sends the frame anyway is waiting for its own readiness signal (no top-level "type").
        if (faults.sendsBufferState()) {
            ObjectNode ready = JsonViews.MAPPER.createObjectNode();
            ready.put("id", WebexIds.randomUuid());
            ready.put("timestamp", System.currentTimeMillis());
            ready.putObject("data").put("eventType", "mercury.buffer_state");
            s.send(ready.toString());
        }
        return true;
    }

    /** RFC 6455 close codes an endpoint may put in a close frame. */
    static boolean sendable(int code) {
        return code == 1000 || code >= 1001 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /** Returns the envelope as reported to listeners (no per-socket sequenceNumber). */
    ObjectNode broadcast(ObjectNode activity) {
        long now = System.currentTimeMillis();
        String envelopeId = WebexIds.randomUuid();
        String trackingId = "sandbox_" + WebexIds.randomUuid() + "_0";
        ObjectNode envelope = JsonViews.MAPPER.createObjectNode();
        envelope.put("id", envelopeId);
        envelope.put("timestamp", now);
        envelope.put("trackingId", trackingId);
        envelope.put("alertType", "full");
        ObjectNode data = envelope.putObject("data");
        data.put("eventType", "conversation.activity");
        data.set("activity", activity);
        if (sessions.isEmpty()) {
            return envelope;
        }
        // The activity is serialized once; only the envelope head differs between sockets.
        String head = "{\"id\":\"" + envelopeId + "\",\"timestamp\":" + now + ",\"trackingId\":\"" + trackingId
                + "\",\"alertType\":\"full\",\"sequenceNumber\":";
        String tail = ",\"filterMessage\":false,\"wsWriteTimestamp\":" + now
                + ",\"data\":{\"eventType\":\"conversation.activity\",\"activity\":" + activity + "}}";
        int copies = faults.duplicatesDelivery() ? 2 : 1;
        for (Session s : sessions) {
            if (s.authorized && !s.closed) {
                for (int i = 0; i < copies; i++) {
                    s.send(head + (++s.sequence) + tail);
                    activityFrames++;
                }
            }
        }
        return envelope;
    }

    /** Sends text as-is to every authorized socket, for malformed-frame tests. */
    void pushRaw(String text) {
        for (Session s : sessions) {
            if (s.authorized) {
                s.send(text);
            }
        }
    }

    /**
     * Sends bytes as one frame, text or binary, to every authorized socket: lets tests put on the wire what
     * a String cannot hold (invalid UTF-8 in a text frame).
     */
    void pushRawBytes(byte[] data, boolean text) {
        for (Session s : sessions) {
            if (s.authorized && !s.closed) {
                s.ws.writeFrame(new WebSocketFrameImpl(text ? WebSocketFrameType.TEXT : WebSocketFrameType.BINARY, data, true));
            }
        }
    }

    /**
     * A planned drain, as Mercury does it before a restart: every authorized socket is told it will go (an
     * envelope of type "shutdown") and is closed with 4001 after the grace period. Sockets a client opens
     * meanwhile are not affected, so a client that switches over at once loses nothing.
     */
    void announceShutdown(long graceMillis) {
        for (Session s : new ArrayList<>(sessions)) {
            if (s.authorized && !s.closed) {
                s.send("{\"id\":\"" + WebexIds.randomUuid() + "\",\"type\":\"shutdown\"}");
                s.lagMillis = faults.drainLagMillis();
                vertx.setTimer(Math.max(1, graceMillis), id -> s.close(4001, "replaced during shutdown"));
            }
        }
    }

    void closeAll(int code, String reason) {
        for (Session s : new ArrayList<>(sessions)) {
            s.close(code, reason);
        }
    }

    void closeDevice(String deviceUuid, int code, String reason) {
        for (Session s : new ArrayList<>(sessions)) {
            if (s.deviceUuid.equals(deviceUuid)) {
                s.close(code, reason);
            }
        }
    }

    int authorizedSockets() {
        int n = 0;
        for (Session s : sessions) {
            if (s.authorized && !s.closed) {
                n++;
            }
        }
        return n;
    }

    int openSockets() {
        return sessions.size();
    }

    /** Authorized sockets per device uuid. */
    int socketsOf(String deviceUuid) {
        int n = 0;
        for (Session s : sessions) {
            if (s.authorized && !s.closed && s.deviceUuid.equals(deviceUuid)) {
                n++;
            }
        }
        return n;
    }

    long acks() {
        return acks;
    }

    long activityFrames() {
        return activityFrames;
    }
}
