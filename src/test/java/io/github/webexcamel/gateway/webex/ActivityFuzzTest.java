package io.github.webexcamel.gateway.webex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Activities and messages with missing, mistyped or hostile fields: filtered or read, never a crash. */
class ActivityFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BOT_ID = WebexIds.encode("us", "PEOPLE", "0b1d-bot");
    private final ActivityResolver resolver = new ActivityResolver(null, null, MAPPER,
            new WebexIdentity(BOT_ID, "0b1d-bot", "gateway@webex.bot", "Gateway Bot"));

    @Property(tries = 2000)
    void anyActivityShapeIsAcceptedOrDroppedNeverThrown(@ForAll("activities") JsonNode activity) {
        boolean accepted = resolver.accepts(activity);
        if (accepted) {
            // only what can be fetched: a known verb, an id and a room
            assertThat(activity.path("verb").asText()).isIn("post", "share", "update", "cardAction");
            assertThat(activity.path("id").isTextual()).isTrue();
            assertThat(activity.path("target").path("id").isTextual()).isTrue();
        }
    }

    @Property(tries = 2000)
    void theMentionIsStrippedFromTheFrontOnly(@ForAll("texts") String text, @ForAll("texts") String html,
                                              @ForAll boolean group) {
        ObjectNode message = MAPPER.createObjectNode().put("text", text).put("html", html);
        String stripped = resolver.stripMention(message, group ? "group" : "direct");
        assertThat(text.trim()).endsWith(stripped);
    }

    @Property(tries = 1000)
    void aMentionOfTheBotIsRemovedWhicheverNameTheClientShows(@ForAll("names") String shown, @ForAll("texts") String rest) {
        String html = "<spark-mention data-object-type=\"person\" data-object-id=\"" + BOT_ID + "\">" + shown
                + "</spark-mention> " + rest;
        ObjectNode message = MAPPER.createObjectNode().put("text", shown + " /echo " + rest.trim()).put("html", html);
        assertThat(resolver.stripMention(message, "group")).startsWith("/echo");
    }

    @Property(tries = 2000)
    void anyIdDecodesOrIsKeptAsIs(@ForAll String id) {
        String uuid = WebexIds.uuidOf(id);
        assertThat(uuid).isNotNull();
        if (WebexIds.decode(id).isEmpty()) {
            assertThat(uuid).isEqualTo(id);
        }
    }

    @Property(tries = 1000)
    void encodedIdsRoundTrip(@ForAll("names") String cluster, @ForAll("uuids") String uuid) {
        String id = WebexIds.encode(cluster, "MESSAGE", uuid);
        assertThat(id).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        assertThat(WebexIds.uuidOf(id)).isEqualTo(uuid);
    }

    @Provide
    Arbitrary<JsonNode> activities() {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (JsonNode) MAPPER.getNodeFactory().textNode(s)),
                Arbitraries.integers().map(i -> (JsonNode) MAPPER.getNodeFactory().numberNode(i)),
                Arbitraries.just((JsonNode) MAPPER.getNodeFactory().nullNode()),
                Arbitraries.just((JsonNode) MAPPER.createArrayNode()));
        Arbitrary<String> verbs = Arbitraries.of("post", "share", "update", "cardAction", "delete", "", "POST", "acknowledge");
        return net.jqwik.api.Combinators.combine(verbs, scalars, scalars, scalars, Arbitraries.integers().between(0, 15))
                .as((verb, id, target, actor, drop) -> {
                    ObjectNode a = MAPPER.createObjectNode();
                    if ((drop & 1) == 0) {
                        a.put("verb", verb);
                    }
                    a.set("id", (drop & 2) == 0 ? MAPPER.getNodeFactory().textNode("a-" + id.asText()) : id);
                    if ((drop & 4) == 0) {
                        a.putObject("target").set("id", (drop & 8) == 0 ? MAPPER.getNodeFactory().textNode("room") : target);
                    } else {
                        a.set("target", target);
                    }
                    a.set("actor", actor);
                    return a;
                });
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\u00A0', '\n', '\u00e9', '<', '>', '"')
                .ofMaxLength(60);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("Gateway Bot", "Gateway", "gateway bot", "GATEWAY");
    }

    @Provide
    Arbitrary<String> uuids() {
        return Arbitraries.create(() -> java.util.UUID.randomUUID().toString());
    }
}
