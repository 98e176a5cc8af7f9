package io.github.webexcamel.gateway.chaos;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.e2e.GatewayTestSupport;
import io.github.webexcamel.gateway.fakes.TestHttp;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Permanent close codes (4000 "replaced", 1003 rejected, 4400 bad request, 4403 forbidden, 4401 not authorised):
 * no reconnect, health DOWN with the reason; a route restart recovers.
 */
@TestPropertySource(properties = "camel.component.webex.device-name=permanent-close-test")
class PermanentCloseTest extends GatewayTestSupport {

    @Autowired
    CamelContext camel;

    @ParameterizedTest(name = "close {0}")
    @CsvSource({ "4000, replaced, replaced", "1003, unsupported data, 1003", "4400, bad request, 4400",
            "4403, forbidden, 4403", "4401, not authorized, WEBEX_API_TOKEN" })
    void permanentCloseStopsAndHealthGoesDown(int code, String reason, String explained) throws Exception {
        long reconnects = webex.consumers().get(0).connection().reconnects();
        sandbox.closeAllSockets(code, reason);
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.consumers().get(0).state() == MercuryState.FAILED);
        assertThat(readiness()).isEqualTo(503);
        assertThat(liveness()).isEqualTo(200);
        assertThat(lastError()).contains(String.valueOf(code)).contains(explained);
        assertThat(webex.consumers().get(0).connection().reconnects()).isEqualTo(reconnects);
        assertThat(sandbox.connectedSockets()).isZero();

        JsonNode connected = management("/actuator/metrics/webex.connected");
        assertThat(connected.path("measurements").path(0).path("value").asDouble()).isZero();

        camel.getRouteController().stopRoute("webex-inbound");
        camel.getRouteController().startRoute("webex-inbound");
        await().atMost(Duration.ofSeconds(15)).until(() -> !webex.consumers().isEmpty()
                && webex.consumers().get(0).state() == MercuryState.CONNECTED);
        await().atMost(Duration.ofSeconds(15)).until(() -> readiness() == 200);
    }

    /** A token revoked while the bot runs: the reconnect's upgrade is refused with 401, and that is said plainly. */
    @Test
    void upgradeRefusedWith401StopsWithTheTokenNamed() throws Exception {
        sandbox.faults().failNextUpgrades(1, 401);
        sandbox.closeAllSockets(1006, "abnormal");
        await().atMost(Duration.ofSeconds(10)).until(() -> webex.consumers().get(0).state() == MercuryState.FAILED);
        assertThat(readiness()).isEqualTo(503);
        assertThat(liveness()).isEqualTo(200);
        assertThat(lastError()).contains("401").contains("WEBEX_API_TOKEN").doesNotContain(sandbox.botToken());

        camel.getRouteController().stopRoute("webex-inbound");
        camel.getRouteController().startRoute("webex-inbound");
        await().atMost(Duration.ofSeconds(15)).until(() -> !webex.consumers().isEmpty()
                && webex.consumers().get(0).state() == MercuryState.CONNECTED);
    }

    private int readiness() {
        return TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness").statusCode();
    }

    private int liveness() {
        return TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/health/liveness").statusCode();
    }

    /** The reason, as an admin sees it in the whole health: the webex:events consumer's Camel check. */
    private String lastError() {
        return management("/actuator/health").path("components").path("camelHealth").path("details")
                .path("webex-events:webex-inbound.data").path("webex.last.error").asText();
    }
}
