package io.github.webexcamel.gateway.webex;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry policy of the webex component: capped exponential backoff, {@code initial · 2^attempt} up to
 * {@code max}. With jitter (the default) an attempt waits a random time between half and all of that ("equal
 * jitter"), so replicas, or the spaces of one replica, that failed together do not come back together; the half
 * kept fixed still lets a long outage slow the retries down. Used by the consumer's start-up retry, the Mercury
 * reconnect and the REST client's retries.
 *
 * @param initial the step of the first retry
 * @param max     the largest step
 * @param jitter  randomise each step between half and all of it
 */
public record Backoff(Duration initial, Duration max, boolean jitter) {

    public Backoff {
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("A backoff cannot be negative");
        }
    }

    public static Backoff of(long initialMillis, long maxMillis) {
        return new Backoff(Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis), true);
    }

    /** The same steps, each waited in full. */
    public Backoff withoutJitter() {
        return new Backoff(initial, max, false);
    }

    /** The step before retry number {@code attempt} (0 for the first retry), without jitter. */
    public long stepMillis(int attempt) {
        int shift = Math.max(0, Math.min(attempt, 20)); // 2^20 steps is beyond any max; no overflow
        return Math.min(max.toMillis(), initial.toMillis() << shift);
    }

    /** How long to wait before retry number {@code attempt}, in milliseconds (at least 1). */
    public long delayMillis(int attempt) {
        long step = stepMillis(attempt);
        long delay = jitter ? step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1) : step;
        return Math.max(1, delay);
    }
}
