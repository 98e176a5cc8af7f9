package io.github.webexcamel.gateway.e2e;

import io.github.webexcamel.gateway.webex.WebexConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webex.* names the component's options had before camel.component.webex.* still work: an operator's existing
 * application.properties or command line keeps its meaning (application.properties falls back to them).
 */
@TestPropertySource(properties = { "webex.write-retry-budget=7s", "webex.mercury.ping-interval=9s",
        "webex.state.reconcile-interval=45s", "webex.worker-threads=5" })
class LegacyPropertyNamesTest extends GatewayTestSupport {

    @Test
    void theOldWebexPropertyNamesStillConfigureTheComponent() {
        WebexConfiguration config = webex.getConfiguration();
        assertThat(config.getWriteRetryBudget()).isEqualTo(7_000);
        assertThat(config.getPingInterval()).isEqualTo(9_000);
        assertThat(config.getReconcileInterval()).isEqualTo(45_000);
        assertThat(config.getWorkerThreads()).isEqualTo(5);
    }
}
