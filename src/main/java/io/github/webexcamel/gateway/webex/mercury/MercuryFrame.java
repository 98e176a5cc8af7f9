package io.github.webexcamel.gateway.webex.mercury;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One text frame from Mercury, classified. Parsing never throws: whatever arrives on the socket is either
 * understood or reported as {@link Kind#MALFORMED} with a reason fit for a log line (no frame content).
 *
 * @param kind     what the frame is
 * @param ackId    the envelope id to acknowledge (a JSON string node), or null when there is none
 * @param pongId   the id of a pong
 * @param activity the {@code data.activity} object of a {@code conversation.activity} event, with the fields the gateway
 *                 reads ({@link #ACTIVITY_FIELDS})
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

    /**
     * The parts of an activity the gateway reads (ActivityResolver, the consumer, the catch-up's hold); the rest of it
     * (the message text, html and mentions, encrypted on real Webex, the actor's names, urls, tags) is skipped by the
     * parser instead of built into a tree. The whole tree was most of what the socket's event loop allocated per
     * event, and its collections the young generation's biggest share (BENCHMARKS.md). A field read from an activity
     * must be listed here, or it reads as missing.
     */
    static final Fields ACTIVITY_FIELDS = Fields.of(
            "id", Fields.ALL,
            "verb", Fields.ALL,
            "actor", Fields.of("id", Fields.ALL, "entryUUID", Fields.ALL, "emailAddress", Fields.ALL, "type", Fields.ALL),
            "target", Fields.of("id", Fields.ALL, "url", Fields.ALL),
            "object", Fields.of("id", Fields.ALL, "objectType", Fields.ALL,
                    "files", Fields.of("items", Fields.of("malwareQuarantineState", Fields.ALL))),
            "parent", Fields.of("id", Fields.ALL, "type", Fields.ALL));

    public static MercuryFrame parse(String text, ObjectMapper mapper) {
        JsonNode type = null;
        JsonNode id = null;
        JsonNode eventType = null;
        JsonNode activity = null;
        try (JsonParser parser = mapper.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return malformed("not a JSON object");
            }
            // a repeated key counts with its last value, as in a tree read by Jackson
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> type = Fields.ALL.read(parser, mapper);
                    case "id" -> id = Fields.ALL.read(parser, mapper);
                    case "data" -> {
                        eventType = null;
                        activity = null;
                        if (value != JsonToken.START_OBJECT) {
                            parser.skipChildren();
                            break;
                        }
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String field = parser.currentName();
                            parser.nextToken();
                            if (field.equals("eventType")) {
                                eventType = Fields.ALL.read(parser, mapper);
                            } else if (field.equals("activity")) {
                                activity = ACTIVITY_FIELDS.read(parser, mapper);
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                return malformed("unexpected end of the frame");
            }
        } catch (JsonProcessingException e) {
            return malformed(e.getOriginalMessage());
        } catch (IOException e) {
            return malformed(e.getMessage());
        }
        if (type != null && "pong".equals(type.asText())) {
            return new MercuryFrame(Kind.PONG, null, id == null ? "" : id.asText(), null, null);
        }
        JsonNode ackId = id != null && id.isTextual() ? id : null;
        if (type != null && "shutdown".equals(type.asText())) {
            return new MercuryFrame(Kind.SHUTDOWN, ackId, null, null, "shutdown");
        }
        String event = eventType == null ? "" : eventType.asText("");
        if ("conversation.activity".equals(event) && activity != null && activity.isObject()) {
            return new MercuryFrame(Kind.ACTIVITY, ackId, null, activity, event);
        }
        return new MercuryFrame(Kind.OTHER, ackId, null, null, event);
    }

    private static MercuryFrame malformed(String reason) {
        return new MercuryFrame(Kind.MALFORMED, null, null, null, reason);
    }

    /** The ack for this frame, as the JS SDK sends it; null when the frame has no id to acknowledge. */
    public String ack() {
        if (ackId == null) {
            return null;
        }
        // written out, not built as a tree and serialised (a JSON node's toString() sets up a generator each time): one
        // per event, on the socket's event loop. The id is a JSON string node; its text is escaped as JSON requires
        String id = new String(JsonStringEncoder.getInstance().quoteAsString(ackId.textValue()));
        return "{\"type\":\"ack\",\"messageId\":\"" + id + "\"}";
    }

    /**
     * Which fields of a JSON object to keep, each with what to keep of its value; {@link #ALL} keeps a value whole.
     * Not Jackson's {@code FilteringParserDelegate} with a {@code TokenFilter} (tried, jackson-core 2.19): it drops an
     * object none of whose fields is kept, so an envelope without type, id or data read as no JSON at all (malformed,
     * not an event to acknowledge and ignore), and with {@code includeEmptyObject} it put an empty object in place of
     * skipped scalars that followed a kept one.
     */
    static final class Fields {

        static final Fields ALL = new Fields(null);

        private final Map<String, Fields> kept;

        private Fields(Map<String, Fields> kept) {
            this.kept = kept;
        }

        /** Pairs of a field name and what to keep of it. */
        static Fields of(Object... namesAndFields) {
            Map<String, Fields> kept = new HashMap<>();
            for (int i = 0; i < namesAndFields.length; i += 2) {
                kept.put((String) namesAndFields[i], (Fields) namesAndFields[i + 1]);
            }
            return new Fields(Map.copyOf(kept));
        }

        /**
         * Reads the value at the parser's current token: an object with only the kept fields, an array with each element
         * read so, anything else (or everything, for {@link #ALL}) as it is. Nodes are made here rather than by
         * {@code readValueAsTree()}, which sets up a deserialization context for every value.
         */
        JsonNode read(JsonParser parser, ObjectMapper mapper) throws IOException {
            JsonNodeFactory nodes = mapper.getNodeFactory();
            JsonToken token = parser.currentToken();
            if (token == null) {
                throw new JsonParseException(parser, "unexpected end of the frame");
            }
            if (!token.isStructStart()) {
                return scalar(parser, token, nodes);
            }
            if (token == JsonToken.START_ARRAY) {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, mapper));
                }
                return array;
            }
            ObjectNode object = nodes.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                Fields field = kept == null ? ALL : kept.get(name);
                parser.nextToken();
                if (field == null) {
                    parser.skipChildren();
                } else {
                    object.set(name, field.read(parser, mapper));
                }
            }
            return object;
        }

        /** A scalar as Jackson's tree reader makes it. */
        private static JsonNode scalar(JsonParser parser, JsonToken token, JsonNodeFactory nodes) throws IOException {
            return switch (token) {
                case VALUE_STRING -> nodes.textNode(parser.getText());
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                        ? nodes.numberNode(parser.getDecimalValue()) : nodes.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> nodes.booleanNode(true);
                case VALUE_FALSE -> nodes.booleanNode(false);
                case VALUE_NULL -> nodes.nullNode();
                default -> {
                    JsonNode value = parser.readValueAsTree(); // an embedded object: not in JSON text
                    yield value == null ? nodes.nullNode() : value;
                }
            };
        }
    }
}
