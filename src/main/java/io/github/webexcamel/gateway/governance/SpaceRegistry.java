package io.github.webexcamel.gateway.governance;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Group spaces an admin authorized with {@code /authorize} (the CAIPE bot's space registry): persisted in the state
 * store, with a bounded, short-lived cache in front so the check costs no query per message.
 */
public class SpaceRegistry {

    private static final int MAX_CACHED = 10_000;
    private static final long TTL_NANOS = Duration.ofMinutes(1).toNanos();
    private static final long NOTICE_NANOS = Duration.ofHours(1).toNanos();

    /** One authorized space. */
    public record Space(String roomId, String authorizedBy, Instant authorizedAt) {
    }

    private record Cached(boolean authorized, long until) {
    }

    private final JdbcTemplate jdbc;
    private final Map<String, Cached> cache = lru();
    private final Map<String, Long> noticed = lru();

    public SpaceRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_CACHED;
            }
        };
    }

    public boolean isAuthorized(String roomId) {
        long now = System.nanoTime();
        synchronized (cache) {
            Cached c = cache.get(roomId);
            if (c != null && c.until - now > 0) {
                return c.authorized;
            }
        }
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM space_registry WHERE room_id = ?", Integer.class, roomId);
        boolean authorized = count != null && count > 0;
        synchronized (cache) {
            cache.put(roomId, new Cached(authorized, now + TTL_NANOS));
        }
        return authorized;
    }

    /** @return false when the space was authorized already */
    public boolean authorize(String roomId, String by) {
        forget(roomId);
        if (isAuthorized(roomId)) {
            return false;
        }
        jdbc.update("INSERT INTO space_registry (room_id, authorized_by, authorized_at) VALUES (?, ?, ?)", roomId, by,
                System.currentTimeMillis());
        forget(roomId);
        return true;
    }

    /** @return false when the space was not authorized */
    public boolean deauthorize(String roomId) {
        int removed = jdbc.update("DELETE FROM space_registry WHERE room_id = ?", roomId);
        forget(roomId);
        return removed > 0;
    }

    public List<Space> list() {
        return jdbc.query("SELECT room_id, authorized_by, authorized_at FROM space_registry ORDER BY authorized_at DESC",
                (rs, n) -> new Space(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
    }

    /** Whether the "not authorized" notice may be posted in this space now (at most once an hour). */
    public boolean noticeDue(String roomId) {
        long now = System.nanoTime();
        synchronized (noticed) {
            Long last = noticed.get(roomId);
            if (last != null && now - last < NOTICE_NANOS) {
                return false;
            }
            noticed.put(roomId, now);
            return true;
        }
    }

    /** Drops cached answers (another replica may have changed the registry while this one was a follower). */
    public void forgetAll() {
        synchronized (cache) {
            cache.clear();
        }
    }

    private void forget(String roomId) {
        synchronized (cache) {
            cache.remove(roomId);
        }
    }
}
