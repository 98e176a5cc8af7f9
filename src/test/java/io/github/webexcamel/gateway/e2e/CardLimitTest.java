package io.github.webexcamel.gateway.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped template fits 1,200 bytes (checked at start-up, or this context would not start), but the help
 * card filled with all the commands does not: the user is told so in plain text instead of getting nothing.
 */
@TestPropertySource(properties = "webex.card-max-bytes=1200")
class CardLimitTest extends GatewayTestSupport {

    @Test
    void aCardFilledInOverTheLimitIsExplainedToTheUser() {
        ObjectNode request = say(newUser(), "/help");
        ObjectNode reply = awaitBotMessages(request.path("roomId").asText(), 1).get(0);
        assertThat(text(reply)).contains("too large for one Webex card").contains("1200-byte limit");
        assertThat(reply.has("attachments")).isFalse();
    }
}
