package io.github.webexcamel.gateway.governance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a person is a member of a room, asked of Webex and remembered for a short while (at most 60 s: a
 * person removed from a room loses what the room granted within a minute) in a bounded cache.
 */
public class Memberships {

    private static final Logger LOG = LoggerFactory.getLogger(Memberships.class);
    private static final Duration MAX_TTL = Duration.ofSeconds(60);
    private static final int MAX_ENTRIES = 10_000;

    private final BiPredicate<String, String> webex;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private record Entry(boolean member, long expiresAt) {
    }

    /** @param webex asks Webex whether (room id, e-mail) is a membership; throws when it cannot tell */
    public Memberships(BiPredicate<String, String> webex, Duration ttl) {
        this.webex = webex;
        this.ttlNanos = (ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl).toNanos();
    }

    public boolean isMember(String roomId, String email) {
        String key = roomId + '\n' + email;
        long now = System.nanoTime();
        synchronized (cache) {
            Entry cached = cache.get(key);
            if (cached != null && cached.expiresAt - now > 0) {
                return cached.member;
            }
        }
        boolean member;
        try {
            member = webex.test(roomId, email);
        } catch (RuntimeException e) {
            // fail closed, and do not remember: the next check asks again
            LOG.warn("Cannot check a room membership: {}", e.getMessage());
            return false;
        }
        synchronized (cache) {
            cache.put(key, new Entry(member, now + ttlNanos));
        }
        return member;
    }
}
