package io.github.webexcamel.gateway.sandbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the handlers consult on every request or frame. Set from any thread; read on the event loop.
 * Counters are "next N" budgets so a test can provoke exactly one retry.
 */
public final class SandboxFaults {

    private final AtomicInteger rateLimitedPosts = new AtomicInteger();
    private volatile String rateLimitRetryAfter = "1";

    private final AtomicInteger failingPosts = new AtomicInteger();
    private volatile int failingPostStatus = 500;

    private final AtomicInteger failingRequests = new AtomicInteger();
    private volatile int failingRequestStatus = 503;
    private volatile Integer failingRetryAfterSeconds;

    private final AtomicInteger failingUpgrades = new AtomicInteger();
    private volatile int failingUpgradeStatus = 404;

    private volatile long restDelayMillis;
    private volatile boolean answerPings = true;
    private volatile boolean duplicateDelivery;
    private volatile boolean sendBufferState = true;
    private volatile boolean duplicateWebhooks;
    private volatile long drainLagMillis;

    /** The next {@code count} {@code POST /v1/messages} answer 429 with {@code Retry-After}. */
    public SandboxFaults rateLimitNextPosts(int count, int retryAfterSeconds) {
        return rateLimitNextPosts(count, String.valueOf(retryAfterSeconds));
    }

    /**
     * As {@link #rateLimitNextPosts(int, int)} with the header's raw value: delta-seconds, an HTTP date, something
     * malformed, or null to leave the header out (all seen from real rate limiters).
     */
    public SandboxFaults rateLimitNextPosts(int count, String retryAfter) {
        rateLimitRetryAfter = retryAfter;
        rateLimitedPosts.set(count);
        return this;
    }

    /** The next {@code count} {@code POST /v1/messages} answer {@code status} (500, 502, 503: Webex's own outage). */
    public SandboxFaults failNextPosts(int count, int status) {
        failingPostStatus = status;
        failingPosts.set(count);
        return this;
    }

    /** The next {@code count} Hydra calls (any method) answer {@code status}, e.g. 423, 500, 503. */
    public SandboxFaults failNextRequests(int count, int status, Integer retryAfterSeconds) {
        failingRequestStatus = status;
        failingRetryAfterSeconds = retryAfterSeconds;
        failingRequests.set(count);
        return this;
    }

    /** The next {@code count} WebSocket upgrades answer {@code status} (404, 401, 403, 429...). */
    public SandboxFaults failNextUpgrades(int count, int status) {
        failingUpgradeStatus = status;
        failingUpgrades.set(count);
        return this;
    }

    /** Every Hydra call is answered only after this delay (zero disables). */
    public SandboxFaults delayRest(Duration delay) {
        restDelayMillis = delay.toMillis();
        return this;
    }

    /** false: JSON {@code ping} frames get no {@code pong} (RFC 6455 pings are answered by Vert.x itself). */
    public SandboxFaults answerPings(boolean answer) {
        answerPings = answer;
        return this;
    }

    /** true: every activity frame is sent twice to each socket (same activity, next sequence number). */
    public SandboxFaults duplicateDelivery(boolean duplicate) {
        duplicateDelivery = duplicate;
        return this;
    }

    /** false: no {@code mercury.buffer_state} after authorization, as a server that is silent until the first event. */
    public SandboxFaults sendBufferState(boolean send) {
        sendBufferState = send;
        return this;
    }

    /** Every webhook delivery is sent twice (the second once the first is answered), as a redelivering Webex would. */
    public SandboxFaults duplicateWebhooks(boolean duplicate) {
        duplicateWebhooks = duplicate;
        return this;
    }

    /**
     * A socket told to shut down delivers every later frame this much later (zero disables), as a Mercury node that
     * is draining can be slower than the one its successor socket landed on.
     */
    public SandboxFaults lagDrainingSockets(Duration lag) {
        drainLagMillis = lag.toMillis();
        return this;
    }

    long drainLagMillis() {
        return drainLagMillis;
    }

    boolean duplicateWebhooks() {
        return duplicateWebhooks;
    }

    public SandboxFaults reset() {
        duplicateWebhooks = false;
        drainLagMillis = 0;
        rateLimitedPosts.set(0);
        failingPosts.set(0);
        failingRequests.set(0);
        failingUpgrades.set(0);
        restDelayMillis = 0;
        answerPings = true;
        duplicateDelivery = false;
        sendBufferState = true;
        return this;
    }

    /** Whether this post is rate limited; {@link #rateLimitRetryAfter()} is then its header (may be null). */
    boolean takeRateLimitedPost() {
        return take(rateLimitedPosts);
    }

    /** Status to fail the current post with, or -1. */
    int takeFailingPost() {
        return take(failingPosts) ? failingPostStatus : -1;
    }

    String rateLimitRetryAfter() {
        return rateLimitRetryAfter;
    }

    /** Status to fail the current request with, or -1. */
    int takeFailingRequest() {
        return take(failingRequests) ? failingRequestStatus : -1;
    }

    Integer failingRetryAfterSeconds() {
        return failingRetryAfterSeconds;
    }

    int takeFailingUpgrade() {
        return take(failingUpgrades) ? failingUpgradeStatus : -1;
    }

    long restDelayMillis() {
        return restDelayMillis;
    }

    boolean answersPings() {
        return answerPings;
    }

    boolean sendsBufferState() {
        return sendBufferState;
    }

    boolean duplicatesDelivery() {
        return duplicateDelivery;
    }

    private static boolean take(AtomicInteger budget) {
        while (true) {
            int n = budget.get();
            if (n <= 0) {
                return false;
            }
            if (budget.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }
}
