package io.github.webexcamel.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The actuator reports the Webex socket, and the commands list is served for operators and the playground. */
class HealthTest extends GatewayTestSupport {

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsUpWhileTheSocketIsConnected() {
        JsonNode health = management("/actuator/health");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("webex").path("details").path("state").asText()).isEqualTo("CONNECTED");
    }

    /** Readiness without mercury.buffer_state: the pong to the ping sent after the authorization frame. */
    @Test
    void aServerSilentAfterAuthorizationIsStillSeenAsConnected() {
        var connection = webex.consumers().get(0).connection();
        long before = connection.reconnects();
        sandbox.faults().sendBufferState(false);
        try {
            sandbox.closeAllSockets(1012, "service restart");
            await().atMost(TIMEOUT).until(() -> connection.reconnects() > before && connection.state() == MercuryState.CONNECTED);
            assertThat(management("/actuator/health").path("status").asText()).isEqualTo("UP");
        } finally {
            sandbox.faults().reset();
        }
    }

    @Test
    void commandsAreListedWithTheirHelpLines() {
        JsonNode commands = http.getForObject("/api/commands", JsonNode.class);
        assertThat(commands.findValuesAsText("keyword")).contains("/help", "/echo", "/chat");
        assertThat(commands.toString()).contains("I reply with exactly");
    }
}
