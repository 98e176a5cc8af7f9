package io.github.webexcamel.gateway.e2e;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.fakes.TestHttp;
import io.github.webexcamel.gateway.webex.mercury.MercuryConnection;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health is Camel's: the webex:events consumer's check decides readiness (socket authorised), never liveness; both
 * through Spring's probe groups. And the commands list is served for operators and the playground.
 */
class HealthTest extends GatewayTestSupport {

    @Autowired
    TestRestTemplate http;
    @Autowired
    CamelContext camel;

    @Test
    void readinessAndLivenessAreUpWhileTheSocketIsConnected() {
        assertThat(probe("readiness").statusCode()).isEqualTo(200);
        assertThat(probe("liveness").statusCode()).isEqualTo(200);
        JsonNode readiness = management("/actuator/health/readiness");
        assertThat(readiness.path("components").path("camelReadinessState").path("status").asText()).isEqualTo("UP");
        assertThat(management("/actuator/health/liveness").path("components").path("camelLivenessState").path("status")
                .asText()).isEqualTo("UP");
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
            await().atMost(TIMEOUT).until(() -> probe("readiness").statusCode() == 200);
        } finally {
            sandbox.faults().reset();
        }
    }

    /**
     * Webex drops the socket and refuses the next upgrades: not ready (no events can arrive) but live, since a
     * restart cannot fix Webex; ready again once the socket is back.
     */
    @Test
    void aDroppedSocketMakesTheGatewayNotReadyButNeverNotLive() {
        MercuryConnection connection = webex.consumers().get(0).connection();
        sandbox.faults().failNextUpgrades(3, 503);
        try {
            sandbox.closeAllSockets(1012, "service restart");
            await().atMost(TIMEOUT).until(() -> connection.state() != MercuryState.CONNECTED);
            HttpResponse<String> readiness = probe("readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode down = management("/actuator/health/readiness");
            assertThat(down.path("components").path("camelReadinessState").path("status").asText()).isEqualTo("OUT_OF_SERVICE");
            // the reason, for an operator (an admin) on the whole health: Camel's check of the consumer
            JsonNode camel = management("/actuator/health").path("components").path("camelHealth");
            assertThat(camel.path("details").path("webex-events:webex-inbound").asText()).isEqualTo("DOWN");
            while (connection.state() != MercuryState.CONNECTED) {
                assertThat(probe("liveness").statusCode()).isEqualTo(200);
                await().pollDelay(java.time.Duration.ofMillis(200)).until(() -> true);
            }
            await().atMost(TIMEOUT).until(() -> probe("readiness").statusCode() == 200);
            assertThat(probe("liveness").statusCode()).isEqualTo(200);
        } finally {
            sandbox.faults().reset();
        }
    }

    /**
     * A follower's webex:events route is stopped by the leader policy, which marks it autoStartup=false (as
     * LeaderRoutePolicy does) before the supervising route controller sees it: standing by, so ready and live. In a
     * single gateway the route is the supervising controller's (which marks it autoStartup=false too): stopped, it is
     * not ready.
     */
    @Test
    void aStoppedConsumerIsNotReadyUnlessItsRoutePolicyStandsItBy() throws Exception {
        Route route = camel.getRoute("webex-inbound");
        boolean autoStartup = route.isAutoStartup();
        Object supervised = route.getProperties().get(Route.SUPERVISED);
        assertThat(supervised).isEqualTo(true);
        try {
            camel.getRouteController().stopRoute("webex-inbound");
            assertThat(probe("readiness").statusCode()).isEqualTo(503);
            assertThat(probe("liveness").statusCode()).isEqualTo(200);

            route.setAutoStartup(false);
            route.getProperties().remove(Route.SUPERVISED);
            assertThat(probe("readiness").statusCode()).isEqualTo(200);
            assertThat(probe("liveness").statusCode()).isEqualTo(200);
        } finally {
            route.setAutoStartup(autoStartup);
            route.getProperties().put(Route.SUPERVISED, supervised);
            camel.getRouteController().startRoute("webex-inbound");
        }
        await().atMost(TIMEOUT).until(() -> !webex.consumers().isEmpty()
                && webex.consumers().get(0).state() == MercuryState.CONNECTED);
        await().atMost(TIMEOUT).until(() -> probe("readiness").statusCode() == 200);
    }

    @Test
    void commandsAreListedWithTheirHelpLines() {
        JsonNode commands = http.getForObject("/api/commands", JsonNode.class);
        assertThat(commands.findValuesAsText("keyword")).contains("/help", "/echo", "/chat");
        assertThat(commands.toString()).contains("I reply with exactly");
    }

    private HttpResponse<String> probe(String group) {
        return TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/health/" + group);
    }
}
