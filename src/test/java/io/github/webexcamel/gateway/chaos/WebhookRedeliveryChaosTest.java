package io.github.webexcamel.gateway.chaos;

import io.github.webexcamel.gateway.webhook.WebhookReceiver;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** camel.component.webex.ingress=webhook: from part-way through the burst Webex delivers every webhook twice; each runs once. */
@TestPropertySource(properties = "camel.component.webex.ingress=webhook")
class WebhookRedeliveryChaosTest extends ChaosTestSupport {

    @Autowired
    WebhookReceiver receiver;

    @Test
    void everyWebhookDeliveredTwice() {
        long before = receiver.accepted();
        burst("every webhook delivered twice (webhook ingress)", 400, () -> sandbox.faults().duplicateWebhooks(true), 0, null,
                () -> awaitDeliveries(before)).assertPerfect();
        assertThat(sandbox.connectedSockets()).as("no socket in webhook mode").isZero();
        // 600 messages after the fault, each delivered twice, with the bot's replies delivered twice too
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
