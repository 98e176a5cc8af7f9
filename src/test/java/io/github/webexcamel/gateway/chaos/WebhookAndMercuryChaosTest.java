package io.github.webexcamel.gateway.chaos;

import io.github.webexcamel.gateway.webhook.WebhookReceiver;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * camel.component.webex.ingress=both: every event comes over Mercury and as a webhook, and from part-way through the burst every
 * webhook is delivered twice: three arrivals of each event, one run.
 */
@TestPropertySource(properties = "camel.component.webex.ingress=both")
class WebhookAndMercuryChaosTest extends ChaosTestSupport {

    @Autowired
    WebhookReceiver receiver;

    @Test
    void mercuryPlusEveryWebhookTwice() {
        long before = receiver.accepted();
        burst("Mercury plus every webhook delivered twice (both)", 400, () -> sandbox.faults().duplicateWebhooks(true), 0, null,
                () -> awaitDeliveries(before)).assertPerfect();
        assertThat(sandbox.connectedSockets()).as("Mercury is open too").isEqualTo(1);
    }

    /**
     * Until every delivery of the burst has arrived, so a late duplicate is counted: the 400 messages before the
     * fault once, the 600 after it, the 20 sentinels and the recovery probe twice, and each of their replies the same.
     */
    private void awaitDeliveries(long before) {
        long expected = 2 * (400 + 2 * (600 + 20 + 1));
        await().atMost(Duration.ofMinutes(3)).until(() -> receiver.accepted() - before >= expected);
    }
}
