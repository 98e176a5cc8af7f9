package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans sandbox events out to Java listeners, the SSE stream and (for activities) the Mercury sockets. */
final class SandboxEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxEvents.class);

    private final List<SandboxListener> listeners;
    private final MercuryHub mercury;
    private final SseHub sse;

    /** {@code listeners} must be safe to add to from any thread while it is iterated here. */
    SandboxEvents(List<SandboxListener> listeners, MercuryHub mercury, SseHub sse) {
        this.listeners = listeners;
        this.mercury = mercury;
        this.sse = sse;
    }

    /** The view is only rendered when someone listens: the hot path should not pay for it. */
    void message(String event, Supplier<ObjectNode> view) {
        if (listeners.isEmpty() && !sse.hasSubscribers()) {
            return;
        }
        ObjectNode message = view.get();
        for (SandboxListener l : listeners) {
            try {
                l.onMessage(event, message.deepCopy());
            } catch (RuntimeException e) {
                LOG.warn("Sandbox listener failed on message {}", event, e);
            }
        }
        if (sse.hasSubscribers()) {
            ObjectNode payload = JsonViews.MAPPER.createObjectNode();
            payload.put("event", event);
            payload.set("message", message);
            sse.send("message", payload.toString());
        }
    }

    /** Pushes an activity to every authorized socket of the bot and reports the envelope. */
    void activity(ObjectNode activity) {
        ObjectNode envelope = mercury.broadcast(activity);
        for (SandboxListener l : listeners) {
            try {
                l.onActivity(envelope.deepCopy());
            } catch (RuntimeException e) {
                LOG.warn("Sandbox listener failed on activity", e);
            }
        }
        if (sse.hasSubscribers()) {
            sse.send("activity", envelope.toString());
        }
    }

    void botRequest(String method, String path, int status) {
        for (SandboxListener l : listeners) {
            try {
                l.onBotRequest(method, path, status);
            } catch (RuntimeException e) {
                LOG.warn("Sandbox listener failed on bot request", e);
            }
        }
    }
}
