package io.github.webexcamel.gateway.webex.mercury;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an activity frame keeps: the fields the gateway reads, as they came; nothing else. */
class MercuryFrameTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A share as real Webex sends it: encrypted text, the space's participants, every file's details. */
    private static final String SHARE = """
            {"id":"env-1","timestamp":1700000000000,"trackingId":"T_1","sequenceNumber":7,"alertType":"full",
             "headers":{"data.activity.target.lastReadableActivityDate":"2026-12-06T10:00:00.000Z"},
             "data":{"eventType":"conversation.activity","activity":{
               "id":"a-1","objectType":"activity","url":"https://conv/activities/a-1","published":"2026-12-06T10:00:00.000Z",
               "verb":"share","clientTempId":"tmp-1","encryptionKeyUrl":"kms://key/1",
               "actor":{"id":"p-1","objectType":"person","displayName":"Ana","orgId":"o-1","emailAddress":"ana@example.com",
                        "entryUUID":"p-1","entryEmail":"ana@example.com","type":"PERSON"},
               "object":{"objectType":"content","contentCategory":"documents","displayName":"eyJhbGciOi...encrypted",
                         "content":"eyJhbGciOi...html","mentions":{"items":[{"id":"p-2","objectType":"person"}]},
                         "files":{"items":[{"url":"https://files/1","scr":"eyJ...","fileSize":12,
                                            "malwareQuarantineState":"safe","displayName":"a.txt"},
                                           {"malwareQuarantineState":"scanning","mimeType":"text/plain"}]}},
               "target":{"id":"r-1","objectType":"conversation","url":"https://conv/conversations/r-1","tags":["LOCKED"],
                         "participants":{"items":[{"id":"p-1","displayName":"Ana"},{"id":"p-2","displayName":"Bob"}]},
                         "activities":{"items":[]},"kmsResourceObjectUrl":"kms://ro/1"},
               "parent":{"id":"a-0","type":"reply","published":"2026-12-06T09:00:00.000Z"}}}}
            """;

    @Test
    void anActivityKeepsWhatTheGatewayReadsAndNothingElse() throws Exception {
        MercuryFrame frame = MercuryFrame.parse(SHARE, MAPPER);

        assertThat(frame.kind()).isEqualTo(MercuryFrame.Kind.ACTIVITY);
        assertThat(frame.detail()).isEqualTo("conversation.activity");
        assertThat(frame.ack()).isEqualTo("{\"type\":\"ack\",\"messageId\":\"env-1\"}");
        assertThat(frame.activity()).isEqualTo(MAPPER.readTree("""
                {"id":"a-1","verb":"share",
                 "actor":{"id":"p-1","emailAddress":"ana@example.com","entryUUID":"p-1","type":"PERSON"},
                 "object":{"objectType":"content",
                           "files":{"items":[{"malwareQuarantineState":"safe"},{"malwareQuarantineState":"scanning"}]}},
                 "target":{"id":"r-1","url":"https://conv/conversations/r-1"},
                 "parent":{"id":"a-0","type":"reply"}}
                """));
    }

    /** The same value a full read gives for every kept field, whatever its type. */
    @Test
    void keptFieldsKeepTheirValuesAndTypes() throws Exception {
        JsonNode activity = MercuryFrame.parse("""
                {"id":"e","data":{"eventType":"conversation.activity","activity":{
                  "id":42,"verb":null,"actor":"not an object","target":{"id":{"nested":[1,2]},"url":["u"]},
                  "object":{"files":{"items":"none"}},"parent":[{"id":"x"}]}}}
                """, MAPPER).activity();

        assertThat(activity.path("id").isInt()).isTrue();
        assertThat(activity.get("verb").isNull()).isTrue();
        assertThat(activity.path("actor").asText()).isEqualTo("not an object");
        assertThat(activity.path("target").path("id")).isEqualTo(MAPPER.readTree("{\"nested\":[1,2]}"));
        assertThat(activity.path("target").path("url")).isEqualTo(MAPPER.readTree("[\"u\"]"));
        assertThat(activity.path("object").path("files").path("items").asText()).isEqualTo("none");
        // an array where an object was expected: each element read with the object's fields
        assertThat(activity.path("parent")).isEqualTo(MAPPER.readTree("[{\"id\":\"x\"}]"));
        // skipped fields leave nothing behind, and an object all of whose fields are skipped stays an object
        JsonNode actor = MercuryFrame.parse("""
                {"data":{"eventType":"conversation.activity","activity":{
                  "actor":{"id":"p","displayName":"Ana","orgId":"o"},"object":{"displayName":"secret"}}}}
                """, MAPPER).activity();
        assertThat(actor).isEqualTo(MAPPER.readTree("{\"actor\":{\"id\":\"p\"},\"object\":{}}"));
    }

    @Test
    void aRepeatedKeyCountsWithItsLastValueAsInAFullRead() {
        MercuryFrame frame = MercuryFrame.parse("""
                {"id":"first","data":{"eventType":"conversation.activity","activity":{"id":"a"}},
                 "id":"second","data":{"eventType":"mercury.buffer_state"}}
                """, MAPPER);

        assertThat(frame.kind()).isEqualTo(MercuryFrame.Kind.OTHER);
        assertThat(frame.detail()).isEqualTo("mercury.buffer_state");
        assertThat(frame.ack()).contains("\"second\"");
    }

    @Test
    void pongsShutdownsAndOtherEventsAreClassifiedAsBefore() {
        assertThat(MercuryFrame.parse("{\"type\":\"pong\",\"id\":\"p1\",\"sequenceNumber\":3}", MAPPER).pongId())
                .isEqualTo("p1");
        assertThat(MercuryFrame.parse("{\"type\":\"pong\",\"id\":7}", MAPPER).pongId()).isEqualTo("7");
        MercuryFrame shutdown = MercuryFrame.parse("{\"id\":\"s\",\"type\":\"shutdown\"}", MAPPER);
        assertThat(shutdown.kind()).isEqualTo(MercuryFrame.Kind.SHUTDOWN);
        assertThat(shutdown.ack()).contains("\"s\"");
        MercuryFrame other = MercuryFrame.parse("{\"id\":5,\"data\":[1]}", MAPPER);
        assertThat(other.kind()).isEqualTo(MercuryFrame.Kind.OTHER);
        assertThat(other.detail()).isEmpty();
        assertThat(other.ack()).isNull();
        assertThat(MercuryFrame.parse("{\"data\":{\"eventType\":\"conversation.activity\",\"activity\":null}}", MAPPER)
                .kind()).isEqualTo(MercuryFrame.Kind.OTHER);
        // nothing the gateway reads, but a JSON object: an event to ignore, not a malformed frame
        assertThat(MercuryFrame.parse("{\"sequenceNumber\":1,\"headers\":{}}", MAPPER).kind())
                .isEqualTo(MercuryFrame.Kind.OTHER);
    }

    @Test
    void brokenFramesAreMalformedWithAReason() {
        for (String text : new String[] { "", "null", "[]", "\"x\"", "{", "{\"data\":{\"activity\":{\"id\":\"a\"}",
                "{\"data\":{\"activity\":{\"object\":{\"displayName\":\"unterminated}}}}", "{} trailing" }) {
            MercuryFrame frame = MercuryFrame.parse(text, MAPPER);
            if (text.equals("{} trailing")) {
                assertThat(frame.kind()).as(text).isEqualTo(MercuryFrame.Kind.OTHER); // as a full read: the value ends at }
                continue;
            }
            assertThat(frame.kind()).as(text).isEqualTo(MercuryFrame.Kind.MALFORMED);
            assertThat(frame.detail()).as(text).isNotBlank();
        }
    }
}
