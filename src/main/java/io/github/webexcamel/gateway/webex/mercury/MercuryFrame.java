package io.github.webexcamel.gateway.webex.mercury;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One text frame from Mercury, classified. Parsing never throws: whatever arrives on the socket is either
 * understood or reported as {@link Kind#MALFORMED} with a reason fit for a log line (no frame content).
 *
 * @param kind     what the frame is
 * @param ackId    the envelope id to acknowledge (a JSON string node), or null when there is none
 * @param pongId   the id of a pong
 * @param activity the {@code data.activity} object of a {@code conversation.activity} event
 * @param detail   the event type of an {@link Kind#OTHER} frame, or the reason a frame is malformed
 */
public record MercuryFrame(Kind kind, JsonNode ackId, String pongId, JsonNode activity, String detail) {

    public enum Kind {
        /** Not JSON, or JSON that is not an object. */
        MALFORMED,
        PONG,
        ACTIVITY,
        /** Mercury will close this socket soon (planned drain); a new one should be opened first. */
        SHUTDOWN,
        /** Any other event (buffer state, presence...): acknowledged and ignored. */
        OTHER
    }

    public static MercuryFrame parse(String text, ObjectMapper mapper) {
        JsonNode frame;
        try {
            frame = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return malformed(e.getOriginalMessage());
        }
        if (frame == null || !frame.isObject()) {
            return malformed("not a JSON object");
        }
        if ("pong".equals(frame.path("type").asText())) {
            return new MercuryFrame(Kind.PONG, null, frame.path("id").asText(), null, null);
        }
        JsonNode id = frame.get("id");
        JsonNode ackId = id != null && id.isTextual() ? id : null;
        if ("shutdown".equals(frame.path("type").asText())) {
            return new MercuryFrame(Kind.SHUTDOWN, ackId, null, null, "shutdown");
        }
        JsonNode data = frame.path("data");
        String eventType = data.path("eventType").asText("");
        if ("conversation.activity".equals(eventType) && data.path("activity").isObject()) {
            return new MercuryFrame(Kind.ACTIVITY, ackId, null, data.get("activity"), eventType);
        }
        return new MercuryFrame(Kind.OTHER, ackId, null, null, eventType);
    }

    private static MercuryFrame malformed(String reason) {
        return new MercuryFrame(Kind.MALFORMED, null, null, null, reason);
    }

    /** The ack for this frame, as the JS SDK sends it; null when the frame has no id to acknowledge. */
    public String ack() {
        if (ackId == null) {
            return null;
        }
        // written out, not built as a tree and serialised: one per event, on the socket's event loop. The id is a
        // JSON string node, whose toString() is the quoted and escaped JSON string
        return "{\"type\":\"ack\",\"messageId\":" + ackId + "}";
    }
}
