package io.github.webexcamel.gateway.e2e;

import io.github.webexcamel.gateway.config.GatewayRouteController;
import io.github.webexcamel.gateway.fakes.FakeGitHub;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Camel's supervising route controller in the gateway (camel.routecontroller.enabled, on by default): a user's route
 * whose consumer cannot start — camel-github's, with GitHub answering 503 while the gateway starts — does not stop
 * the gateway; it is tried again with back-off, starts once GitHub answers, and then delivers commits.
 */
class SupervisedRoutesTest extends ConnectorTestSupport {

    private static final FakeGitHub.Repo REPO = GITHUB.addRepo("acme", "supervised");
    private static final String COMMITS = "/api/v3/repos/acme/supervised/commits";

    static {
        GITHUB.failNext(3, COMMITS, FakeGitHub.serverError(503));
    }

    @DynamicPropertySource
    static void userRoutes(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/gateway/*.camel.yaml,file:routes/commands/*.camel.yaml,"
                + "classpath:test-routes/*.camel.yaml,classpath:supervised-routes/*.camel.yaml");
        registry.add("camel.routecontroller.back-off-delay", () -> "200");
    }

    @Autowired
    private CamelContext camel;
    @Autowired
    private ConsumerTemplate consumer;

    @Test
    void aRouteThatCannotStartIsRetriedUntilItsBackendAnswers() {
        assertThat(camel.getRouteController()).isInstanceOf(GatewayRouteController.class);
        // the gateway's own routes run whatever the user's route does
        assertThat(camel.getRouteController().getRouteStatus("webex-inbound").isStarted()).isTrue();

        await().atMost(TIMEOUT).until(() -> camel.getRouteController().getRouteStatus("user-github-commits").isStarted());
        // three starts refused with 503, then the one that indexed the branch (and the polls since)
        assertThat(GITHUB.requests("GET", COMMITS)).hasSizeGreaterThanOrEqualTo(4);

        REPO.addCommit("main", "Made after the route started");
        assertThat(consumer.receiveBody("seda:supervised-commits", TIMEOUT.toMillis(), String.class))
                .isEqualTo("Made after the route started");
    }
}
