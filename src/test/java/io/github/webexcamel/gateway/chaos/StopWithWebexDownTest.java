package io.github.webexcamel.gateway.chaos;

import java.time.Duration;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway stopped (SIGTERM, a handover) while Webex is out of reach: the device delete is tried once, not for the
 * write retry budget, so the stop ends in a few seconds instead of at its 10 s bound — what a replica handing over
 * the lead, or a pod within its grace period, needs. With Webex up the device is deleted (RestartChaosTest).
 */
@Tag("chaos")
class StopWithWebexDownTest {

    @Test
    void aStopDoesNotWaitForWebexToComeBack() {
        Vertx vertx = Vertx.vertx();
        try {
            WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0));
            sandbox.start();
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(WebexGatewayApplication.class).run(
                    "--camel.component.webex.token=" + sandbox.botToken(), "--webex.access.open=true",
                    "--management.server.port=0", "--server.port=0", "--webex.state.store=memory",
                    "--camel.component.webex.api-url=" + sandbox.apiUrl(), "--camel.component.webex.u2c-url=" + sandbox.u2cUrl());
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.devices().size() == 1 && sandbox.connectedSockets() == 1);
            } finally {
                sandbox.close(); // Webex gone: connections refused from now on
                long started = System.nanoTime();
                gateway.close();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(millis).as("stop took %d ms", millis).isLessThan(6_000);
            }
        } finally {
            vertx.close();
        }
    }
}
