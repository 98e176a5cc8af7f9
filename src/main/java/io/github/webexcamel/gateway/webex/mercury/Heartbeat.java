package io.github.webexcamel.gateway.webex.mercury;

import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;

/**
 * Mercury's application keep-alive, as the Webex JS SDK does it: a ping every interval, and a socket that does not
 * answer with the pong of the same id within the timeout is dead, whatever TCP says. One ping is outstanding at a time.
 * Runs on the connection's event-loop context, like every other callback of {@link MercuryConnection}, so it holds no
 * locks.
 */
final class Heartbeat {

    private final Vertx vertx;
    private final long interval;
    private final long timeout;
    private long pingTimer = -1;
    private long pongTimer = -1;
    private String awaitedPong;

    Heartbeat(Vertx vertx, long interval, long timeout) {
        this.vertx = vertx;
        this.interval = interval;
        this.timeout = timeout;
    }

    /**
     * Pings {@code socket} until {@link #stop()}.
     *
     * @param quiet  true while reading is paused for backpressure: pongs are not read then, so silence proves nothing
     * @param onDead called once when a pong is late (the caller decides whether that socket is still its own)
     */
    void start(WebSocket socket, BooleanSupplier quiet, Runnable onDead) {
        stop();
        if (interval <= 0) {
            return;
        }
        pingTimer = vertx.setPeriodic(interval, id -> {
            if (awaitedPong != null || quiet.getAsBoolean()) {
                return;
            }
            awaitedPong = UUID.randomUUID().toString();
            socket.writeTextMessage("{\"id\":\"" + awaitedPong + "\",\"type\":\"ping\"}");
            pongTimer = vertx.setTimer(timeout, t -> {
                pongTimer = -1;
                onDead.run();
            });
        });
    }

    void onPong(String id) {
        if (id.equals(awaitedPong)) {
            forgetPing();
        }
    }

    /** Reading paused: the ping in flight cannot be answered, so it is not held against the socket. */
    void forgetPing() {
        if (pongTimer >= 0) {
            vertx.cancelTimer(pongTimer);
            pongTimer = -1;
        }
        awaitedPong = null;
    }

    void stop() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
        forgetPing();
    }

    long timeout() {
        return timeout;
    }
}
