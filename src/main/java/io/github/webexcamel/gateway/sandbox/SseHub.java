package io.github.webexcamel.gateway.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/** Server-Sent Events to browser UIs. A subscriber that cannot keep up loses events instead of growing a queue. */
final class SseHub {

    private static final long HEARTBEAT_MILLIS = 15_000;

    private final List<HttpServerResponse> subscribers = new ArrayList<>();
    private final Vertx vertx;
    private long heartbeatTimer = -1;

    SseHub(Vertx vertx) {
        this.vertx = vertx;
    }

    void subscribe(HttpServerResponse response) {
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream;charset=UTF-8");
        response.putHeader("Cache-Control", "no-cache");
        response.putHeader("Connection", "keep-alive");
        response.write("retry: 2000\n: connected\n\n");
        subscribers.add(response);
        response.closeHandler(v -> subscribers.remove(response));
        response.exceptionHandler(e -> subscribers.remove(response));
        if (heartbeatTimer < 0) {
            // Proxies and browsers drop idle event streams; a comment line keeps them open.
            heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> broadcastRaw(": keep-alive\n\n"));
        }
    }

    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    void send(String event, String json) {
        if (!subscribers.isEmpty()) {
            broadcastRaw("event: " + event + "\ndata: " + json + "\n\n");
        }
    }

    void close() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
        for (HttpServerResponse r : new ArrayList<>(subscribers)) {
            if (!r.ended()) {
                r.end();
            }
        }
        subscribers.clear();
    }

    private void broadcastRaw(String chunk) {
        for (HttpServerResponse r : new ArrayList<>(subscribers)) {
            if (r.closed() || r.ended()) {
                subscribers.remove(r);
            } else if (!r.writeQueueFull()) {
                r.write(chunk);
            }
        }
    }
}
