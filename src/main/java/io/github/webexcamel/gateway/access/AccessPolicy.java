package io.github.webexcamel.gateway.access;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the bot (seed 000, as webex_bot does it): listed users, users of listed e-mail domains,
 * and anyone in, or a member of, a listed room. Nothing listed means open to everyone. Decisions are
 * logged with who and where, never with what was written.
 */
public class AccessPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);
    private static final Duration MEMBERSHIP_TTL = Duration.ofMinutes(5);

    private final Set<String> users;
    private final Set<String> domains;
    private final Set<String> rooms;
    private final boolean notice;
    private final WebexRestClientSupplier rest;
    private final ConcurrentHashMap<String, Expiring> membershipCache = new ConcurrentHashMap<>();

    /** The REST client exists only once the webex component has started; look it up when needed. */
    public interface WebexRestClientSupplier {
        WebexRestClient get();
    }

    public AccessPolicy(Set<String> users, Set<String> domains, Set<String> rooms, boolean notice,
                        WebexRestClientSupplier rest) {
        this.users = lower(users);
        this.domains = lower(domains).stream().map(d -> d.startsWith("@") ? d.substring(1) : d).collect(Collectors.toSet());
        this.rooms = Set.copyOf(rooms);
        this.notice = notice;
        this.rest = rest;
        if (isOpen()) {
            LOG.warn("No approved users, domains or rooms are set: anyone who can message the bot can run its commands");
        } else {
            LOG.info("Access limited to {} user(s), {} domain(s), {} room(s)", users.size(), domains.size(), rooms.size());
        }
    }

    private static Set<String> lower(Set<String> values) {
        return values.stream().map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean isOpen() {
        return users.isEmpty() && domains.isEmpty() && rooms.isEmpty();
    }

    /** Whether the deny notice is sent (else the command is dropped silently). */
    public boolean isNotice() {
        return notice;
    }

    /** Used by the dispatch route: true when the sender may not run commands. */
    public boolean denied(Exchange exchange) {
        String email = exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, "", String.class).toLowerCase(Locale.ROOT);
        String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        String reason = decide(email, room);
        if (reason == null) {
            LOG.debug("Access allowed: person={} room={}", email, room);
            return false;
        }
        LOG.info("Access denied: person={} room={} reason={}", email, room, reason);
        return true;
    }

    /** Null when allowed, else the reason. */
    String decide(String email, String room) {
        if (isOpen()) {
            return null;
        }
        if (users.contains(email)) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at > 0 && domains.contains(email.substring(at + 1))) {
            return null;
        }
        if (room != null && rooms.contains(room)) {
            return null;
        }
        if (!rooms.isEmpty() && isMemberOfApprovedRoom(email)) {
            return null;
        }
        return "not an approved user, domain or room";
    }

    private boolean isMemberOfApprovedRoom(String email) {
        Expiring cached = membershipCache.get(email);
        if (cached != null && cached.expiresAt > System.nanoTime()) {
            return cached.member;
        }
        boolean member = false;
        for (String room : rooms) {
            try {
                JsonNode page = rest.get().get("/memberships?roomId=" + room + "&personEmail="
                        + URLEncoder.encode(email, StandardCharsets.UTF_8))
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                if (page.path("items").size() > 0) {
                    member = true;
                    break;
                }
            } catch (Exception e) {
                // fail closed: an unreadable membership is no membership
                LOG.warn("Cannot check membership of an approved room: {}", e.getMessage());
            }
        }
        membershipCache.put(email, new Expiring(member, System.nanoTime() + MEMBERSHIP_TTL.toNanos()));
        return member;
    }

    private record Expiring(boolean member, long expiresAt) {
    }
}
