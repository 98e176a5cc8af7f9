package io.github.webexcamel.gateway.chaos;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.e2e.GatewayTestSupport;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Close code 4000 ("replaced") is permanent: no reconnect, health DOWN, one log line; a route restart recovers. */
@TestPropertySource(properties = "webex.device-name=permanent-close-test")
class PermanentCloseTest extends GatewayTestSupport {

    @Autowired
    TestRestTemplate http;
    @Autowired
    CamelContext camel;

    @Test
    void replacedConnectionStopsAndHealthGoesDown() throws Exception {
        long reconnects = webex.consumers().get(0).connection().reconnects();
        sandbox.closeAllSockets(4000, "replaced");
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.consumers().get(0).state() == MercuryState.FAILED);
        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("components").path("webex").path("details").path("lastError").asText())
                .contains("4000").contains("replaced");
        assertThat(webex.consumers().get(0).connection().reconnects()).isEqualTo(reconnects);
        assertThat(sandbox.connectedSockets()).isZero();

        JsonNode connected = http.getForObject("/actuator/metrics/webex.connected", JsonNode.class);
        assertThat(connected.path("measurements").path(0).path("value").asDouble()).isZero();

        camel.getRouteController().stopRoute("webex-inbound");
        camel.getRouteController().startRoute("webex-inbound");
        await().atMost(Duration.ofSeconds(15)).until(() -> !webex.consumers().isEmpty()
                && webex.consumers().get(0).state() == MercuryState.CONNECTED);
        assertThat(http.getForObject("/actuator/health", JsonNode.class).path("status").asText()).isEqualTo("UP");
    }
}
