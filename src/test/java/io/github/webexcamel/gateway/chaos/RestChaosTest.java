package io.github.webexcamel.gateway.chaos;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Webex's REST API pushes back (429 storms, 5xx bursts, slowness); replies still arrive once, in order. */
class RestChaosTest extends ChaosTestSupport {

    /** Every form a Retry-After comes in: seconds, an HTTP date, none at all, and nonsense. */
    @ParameterizedTest(name = "Retry-After {0}")
    @ValueSource(strings = { "1", "http-date", "missing", "malformed" })
    void rateLimitStormOnReplies(String form) {
        String header = switch (form) {
            case "http-date" -> DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
            case "missing" -> null;
            case "malformed" -> "soon, maybe";
            default -> form;
        };
        burst("429 storm on replies (Retry-After " + form + ")", 100, () -> sandbox.faults().rateLimitNextPosts(150, header),
                0, null).assertPerfect();
    }

    @Test
    void serverErrorBurst() {
        burst("503 burst on REST calls", 100, () -> sandbox.faults().failNextRequests(60, 503, null), 0, null)
                .assertPerfect();
    }

    /**
     * Webex failing every reply for a while (200 consecutive 5xx on POST /v1/messages while 20 spaces are busy;
     * with 4 attempts and no retry budget, 20 of the 1,000 replies were lost): each reply is retried within
     * webex.write-retry-budget until Webex answers again.
     */
    @Test
    void serverErrorsOnEveryReplyForAWhile() {
        burst("200 consecutive 5xx on replies across 20 busy spaces", 100, () -> sandbox.faults().failNextPosts(200, 503), 0, null)
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
