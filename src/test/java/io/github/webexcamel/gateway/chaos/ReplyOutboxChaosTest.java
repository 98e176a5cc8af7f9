package io.github.webexcamel.gateway.chaos;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Webex refusing every reply for longer than the write retry budget while 20 spaces are busy: the replies it did not
 * take are kept (and the later ones of their spaces behind them) and posted once it takes messages again — none
 * lost, none twice, each space in order, and no apology (#13, durable replies).
 */
@TestPropertySource(properties = { "camel.component.webex.write-retry-budget=1s", "webex.outbox.interval=500" })
class ReplyOutboxChaosTest extends ChaosTestSupport {

    @Test
    void repliesRefusedForLongerThanTheRetryBudget() {
        burst("every reply refused for 8 s, beyond 4 attempts and a 1 s retry budget (reply outbox)", 100,
                () -> sandbox.faults().failNextPosts(1_000_000, 503), 200, () -> {
                    try {
                        Thread.sleep(8000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sandbox.faults().failNextPosts(0, 503);
                }).assertPerfect();
    }
}
