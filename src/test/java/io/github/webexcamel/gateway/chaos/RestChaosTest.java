package io.github.webexcamel.gateway.chaos;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Webex's REST API pushes back (429 storms, 5xx bursts, slowness); replies still arrive once, in order. */
class RestChaosTest extends ChaosTestSupport {

    @Test
    void rateLimitStormOnReplies() {
        burst("429 storm on replies (Retry-After 1)", 100, () -> sandbox.faults().rateLimitNextPosts(150, 1), 0, null)
                .assertPerfect();
    }

    @Test
    void serverErrorBurst() {
        burst("503 burst on REST calls", 100, () -> sandbox.faults().failNextRequests(60, 503, null), 0, null)
                .assertPerfect();
    }

    @Test
    void lockedWithRetryAfter() {
        burst("423 with Retry-After on REST calls", 100, () -> sandbox.faults().failNextRequests(30, 423, 1), 0, null)
                .assertPerfect();
    }

    @Test
    void slowRest() {
        burst("slow REST (40 ms per call)", 100, () -> sandbox.faults().delayRest(Duration.ofMillis(40)), 400,
                () -> sandbox.faults().delayRest(Duration.ZERO)).assertPerfect();
    }
}
