package io.github.webexcamel.gateway.hooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** WEBEX_HOOKS_ROOMS: the spaces hooks may post into, whatever roomId a token holder names (the bot is in them all). */
class HookRoomsTest {

    private static WebexHooks hooks(List<String> rooms) {
        return new WebexHooks(new HooksProperties("token", 1_048_576, 120, Duration.ofSeconds(30), 1000, rooms), "",
                (room, email) -> true, message -> { }, () -> "bot@example.com", null, new ObjectMapper(),
                new SimpleMeterRegistry(), name -> true, null);
    }

    private static Exchange request(String room) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("roomId", room);
        exchange.getIn().setBody("{\"text\":\"disk full\"}".getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    @Test
    void onlyTheListedSpacesTakeNotifications() {
        WebexHooks hooks = hooks(List.of("ops-room", " alerts-room "));
        Exchange allowed = request("alerts-room");
        hooks.accept(allowed);
        assertThat(allowed.isRouteStop()).isFalse();

        Exchange elsewhere = request("ceo-direct-room");
        hooks.accept(elsewhere);
        assertThat(elsewhere.isRouteStop()).isTrue();
        assertThat(elsewhere.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
    }

    @Test
    void withoutAListAnySpaceTheBotIsInTakesThem() {
        for (List<String> none : Arrays.asList(null, List.<String>of(), List.of(""))) {
            Exchange exchange = request("any-room");
            hooks(none).accept(exchange);
            assertThat(exchange.isRouteStop()).as("rooms = %s", none).isFalse();
        }
    }
}
