package io.github.webexcamel.gateway.governance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per person and per space (commands per minute, refilled continuously). Over the limit the command
 * does not run; the person is told at most once a minute, so a flood does not become a flood of refusals.
 */
public class RateLimits {

    private static final int MAX_BUCKETS = 20_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_BUCKETS;
        }
    };
    private final Map<String, Long> lastNotice = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_BUCKETS;
        }
    };

    private static final class Bucket {
        double tokens;
        long updatedAt;
    }

    /**
     * Takes one token from each bucket, or none when any is empty.
     *
     * @return 0 when allowed, else the seconds until a token is back
     */
    public synchronized long take(String personKey, int perPerson, String spaceKey, int perSpace) {
        long now = System.nanoTime();
        long waitPerson = perPerson > 0 ? wait(personKey, perPerson, now) : 0;
        long waitSpace = perSpace > 0 ? wait(spaceKey, perSpace, now) : 0;
        if (waitPerson > 0 || waitSpace > 0) {
            return Math.max(waitPerson, waitSpace);
        }
        if (perPerson > 0) {
            buckets.get(personKey).tokens -= 1;
        }
        if (perSpace > 0) {
            buckets.get(spaceKey).tokens -= 1;
        }
        return 0;
    }

    /** Refills the bucket; the seconds until it holds a whole token (0 when it does). */
    private long wait(String key, int perMinute, long now) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.tokens = perMinute;
            bucket.updatedAt = now;
            buckets.put(key, bucket);
        }
        double refill = (now - bucket.updatedAt) * (double) perMinute / MINUTE_NANOS;
        bucket.tokens = Math.min(perMinute, bucket.tokens + refill);
        bucket.updatedAt = now;
        if (bucket.tokens >= 1) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) * 60.0 / perMinute));
    }

    /** Whether this person should be told (at most once a minute). */
    public synchronized boolean notice(String personKey) {
        long now = System.nanoTime();
        Long last = lastNotice.get(personKey);
        if (last != null && now - last < MINUTE_NANOS) {
            return false;
        }
        lastNotice.put(personKey, now);
        return true;
    }
}
