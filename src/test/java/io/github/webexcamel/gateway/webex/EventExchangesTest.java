package io.github.webexcamel.gateway.webex;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The event's message as the exchange's Map body: what routes read, with the JSON's types. */
class EventExchangesTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final WebexComponent component = new WebexComponent();

    @Test
    void theMessageBodyIsTheMapConvertValueGave() throws Exception {
        JsonNode message = mapper.readTree("""
                {"id":"Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMQ","roomId":"r1","roomType":"group","text":"/echo hi",
                 "html":"<p>/echo <b>hi</b></p>","mentionedPeople":["p1","p2"],"count":3,"big":12345678901,
                 "huge":123456789012345678901234567890,"ratio":0.25,"isVoiceClip":false,"updated":null,
                 "attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"body":[]}}],
                 "nested":{"deep":{"list":[1,"two",null,true,{"k":"v"}]}},"empty":{}}
                """);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        EventExchanges.populate(exchange, event(message), component.mapReader());

        Map<String, Object> expected = mapper.convertValue(message, new TypeReference<>() {
        });
        Object body = exchange.getIn().getBody();
        assertThat(body).isEqualTo(expected);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) body;
        assertThat(map.keySet()).containsExactlyElementsOf(expected.keySet()); // the message's order kept
        assertThat(map.get("count")).isInstanceOf(Integer.class);
        assertThat(map.get("big")).isEqualTo(12345678901L);
        assertThat(map.get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(map.get("ratio")).isEqualTo(0.25d);
        assertThat(map.get("isVoiceClip")).isEqualTo(false);
        assertThat(map.containsKey("updated")).isTrue();
        assertThat(map.get("updated")).isNull();
        assertThat(map.get("mentionedPeople")).isEqualTo(List.of("p1", "p2"));
        assertThat(exchange.getIn().getHeader(WebexConstants.ROOM_TYPE)).isEqualTo("group");
        assertThat(exchange.getVariable(WebexConstants.VAR_TEXT)).isEqualTo("/echo hi");
    }

    @Test
    void eachEventGetsItsOwnMap() throws Exception {
        JsonNode message = mapper.readTree("{\"id\":\"m\",\"tags\":[\"a\"]}");
        Exchange first = new DefaultExchange(new DefaultCamelContext());
        Exchange second = new DefaultExchange(new DefaultCamelContext());
        EventExchanges.populate(first, event(message), component.mapReader());
        EventExchanges.populate(second, event(message), component.mapReader());

        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) first.getIn().getBody();
        body.put("id", "changed by a route");
        assertThat(second.getIn().getBody(Map.class)).containsEntry("id", "m");
        assertThat(message.path("id").asText()).isEqualTo("m");
    }

    @Test
    void aMessageWithoutContentIsANullBody() {
        for (JsonNode nothing : new JsonNode[] { null, mapper.missingNode(), mapper.nullNode() }) {
            Exchange exchange = new DefaultExchange(new DefaultCamelContext());
            exchange.getIn().setBody("left from before");
            EventExchanges.populate(exchange, new WebexEvent("post", "e1", "r1", "group", "p1", "a@example.com", "m1",
                    null, null, nothing, null, null, List.of(), null), component.mapReader());
            assertThat(exchange.getIn().getBody()).as("%s", nothing).isNull();
            assertThat(exchange.getIn().getHeader(WebexConstants.EVENT_ID)).isEqualTo("e1");
        }
    }

    private static WebexEvent event(JsonNode message) {
        return new WebexEvent("post", "e1", "r1", "group", "p1", "a@example.com", "m1", null, null, message,
                message.path("text").asText(null), null, List.of(), null);
    }
}
