package io.github.webexcamel.gateway.webex.mercury;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever comes over the socket, the frame parser answers and never throws; real envelopes round-trip. */
class MercuryFrameFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property(tries = 2000)
    void anyTextIsClassifiedNeverThrown(@ForAll String text) {
        MercuryFrame frame = MercuryFrame.parse(text, MAPPER);
        assertThat(frame.kind()).isNotNull();
        if (frame.kind() == MercuryFrame.Kind.MALFORMED) {
            // the reason goes into a log line: present and short whatever the frame's size
            assertThat(frame.detail()).isNotNull().hasSizeLessThan(600);
        }
    }

    /** Bytes that were never valid UTF-8, decoded as a lenient peer would: still only classified. */
    @Property(tries = 1000)
    void arbitraryBytesAreClassified(@ForAll @Size(max = 300) byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(MercuryFrame.parse(text, MAPPER).kind()).isNotNull();
    }

    /** Frames cut anywhere (a truncated or huge frame split by a proxy) are malformed, not a crash. */
    @Property(tries = 1000)
    void truncatedEnvelopesAreMalformed(@ForAll("envelopes") ObjectNode envelope, @ForAll("fractions") double cut) {
        String text = envelope.toString();
        int at = (int) (text.length() * cut);
        MercuryFrame frame = MercuryFrame.parse(text.substring(0, at), MAPPER);
        assertThat(frame.kind()).isEqualTo(MercuryFrame.Kind.MALFORMED);
    }

    @Property(tries = 1000)
    void activityEnvelopesRoundTripAndAreAcknowledgedByTheirId(@ForAll("envelopes") ObjectNode envelope) throws Exception {
        MercuryFrame frame = MercuryFrame.parse(envelope.toString(), MAPPER);
        assertThat(frame.kind()).isEqualTo(MercuryFrame.Kind.ACTIVITY);
        // everything the gateway reads arrives; the message text (encrypted on real Webex) is not kept
        ObjectNode expected = envelope.path("data").path("activity").deepCopy();
        ((ObjectNode) expected.path("object")).remove("displayName");
        assertThat(frame.activity()).isEqualTo(expected);
        JsonNode ack = MAPPER.readTree(frame.ack());
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("messageId").asText()).isEqualTo(envelope.path("id").asText());
    }

    /** Fields of the wrong type (a number for an id, an array for data) never reach the routes as activities. */
    @Property(tries = 1000)
    void wrongTypesAreNotActivities(@ForAll("envelopes") ObjectNode envelope, @ForAll("wrongValues") JsonNode wrong,
                                    @ForAll("envelopePaths") String path) {
        ObjectNode broken = envelope.deepCopy();
        if (path.equals("activity")) {
            ((ObjectNode) broken.path("data")).set("activity", wrong);
        } else if (path.equals("data")) {
            broken.set("data", wrong);
        } else {
            broken.set("id", wrong);
        }
        MercuryFrame frame = MercuryFrame.parse(broken.toString(), MAPPER);
        if (!path.equals("id")) {
            assertThat(frame.kind()).isNotEqualTo(MercuryFrame.Kind.ACTIVITY);
        } else if (!wrong.isTextual()) {
            assertThat(frame.ack()).isNull();
        }
    }

    @Provide
    Arbitrary<ObjectNode> envelopes() {
        Arbitrary<String> anyText = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> verbs = Arbitraries.of("post", "share", "update", "cardAction", "acknowledge", "delete", "tag");
        return Combinators.combine(anyText, verbs, anyText, anyText, Arbitraries.longs()).as((id, verb, text, email, ts) -> {
            ObjectNode envelope = MAPPER.createObjectNode();
            envelope.put("id", id);
            envelope.put("timestamp", ts);
            envelope.put("sequenceNumber", ts & 0xffff);
            ObjectNode data = envelope.putObject("data");
            data.put("eventType", "conversation.activity");
            ObjectNode activity = data.putObject("activity");
            activity.put("id", id + "-a");
            activity.put("verb", verb);
            activity.putObject("actor").put("emailAddress", email);
            activity.putObject("object").put("displayName", text);
            activity.putObject("target").put("id", id + "-room");
            return envelope;
        });
    }

    @Provide
    Arbitrary<JsonNode> wrongValues() {
        return Arbitraries.of((JsonNode) MAPPER.getNodeFactory().numberNode(42), MAPPER.getNodeFactory().nullNode(),
                MAPPER.createArrayNode().add("x"), MAPPER.getNodeFactory().booleanNode(true),
                MAPPER.getNodeFactory().textNode("{}"));
    }

    @Provide
    Arbitrary<String> envelopePaths() {
        return Arbitraries.of("activity", "data", "id");
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0.0, 0.999).ofScale(3);
    }
}
