package io.github.webexcamel.gateway.ha;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateways with sockets open at the same time (the overlap of a handover, or two deployments of one bot): Webex
 * gives each event to both at the same instant, and the eager claim in the shared store lets exactly one run it.
 */
class SameEventTwiceTest extends HaTestSupport {

    @BeforeAll
    static void services() throws Exception {
        services("ha_twice_", false);
    }

    private static ConfigurableApplicationContext gateway(String device) {
        List<String> args = new ArrayList<>(sharedState());
        args.addAll(List.of("--camel.component.webex.token=" + sandbox.botToken(), "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--management.server.port=0",
                "--webex.access.open=true", "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0",
                "--camel.component.webex.device-name=" + device));
        return new SpringApplicationBuilder(WebexGatewayApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void eachEventDeliveredToTwoGatewaysRunsOnce() {
        try (ConfigurableApplicationContext a = gateway("twice-a"); ConfigurableApplicationContext b = gateway("twice-b")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.connectedSockets() == 2);
            Burst burst = new Burst(sandbox, "twice-" + UUID.randomUUID().toString().substring(0, 6), 8);
            burst.send("twice", 0, 200);
            await().atMost(Duration.ofSeconds(60)).until(() -> burst.lost() == 0);
            assertThat(burst.duplicates()).isEmpty();
            assertThat(burst.outOfOrder()).isEmpty();
        }
    }
}
