package io.github.webexcamel.gateway.access;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the bot at all (seed 000, as webex_bot does it, closed by default): listed users, users of listed
 * e-mail domains, and anyone in a listed room — in that room only. Other bots are ignored unless listed by e-mail.
 * Open to all only when asked for ({@code webex.access.open}) or on the sandbox. Decisions are logged with who and
 * where, never with what was written.
 */
public class AccessPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);
    private static final int MAX_PEOPLE = 10_000;

    private final Set<String> users;
    private final Set<String> domains;
    private final Set<String> rooms;
    private final boolean open;
    private final boolean notice;
    /** Person id to "is a bot", for events whose activity did not say (catch-up, webhooks). */
    private final Function<String, Boolean> botLookup;
    private final Map<String, Boolean> bots = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_PEOPLE;
        }
    };

    public AccessPolicy(Set<String> users, Set<String> domains, Set<String> rooms, boolean open, boolean notice,
                        Function<String, Boolean> botLookup) {
        this.users = lower(users);
        this.domains = lower(domains).stream().map(d -> d.startsWith("@") ? d.substring(1) : d).collect(Collectors.toSet());
        this.rooms = rooms.stream().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.open = open;
        this.notice = notice;
        this.botLookup = botLookup;
        if (open) {
            LOG.warn("Access is open: anyone who can message the bot can run the commands no role restricts");
        } else {
            LOG.info("Access limited to {} user(s), {} domain(s), {} room(s)", users.size(), domains.size(), rooms.size());
        }
    }

    private static Set<String> lower(Set<String> values) {
        return values.stream().map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether any rule admits anyone (else, with a real token, start-up stops). */
    public boolean hasRules() {
        return !users.isEmpty() || !domains.isEmpty() || !rooms.isEmpty();
    }

    /** Whether the deny notice is sent (else the command is dropped silently). */
    public boolean isNotice() {
        return notice;
    }

    /**
     * The inbound route's access step: sets the {@code webexAccess} variable to allowed, denied (tell them, if notices
     * are on) or silent (never answered, e.g. another bot).
     */
    public void check(Exchange exchange) {
        boolean denied = denied(exchange);
        exchange.setVariable("webexAccess", !denied ? "allowed"
                : exchange.getVariable("webexSilentDeny", false, Boolean.class) || !notice ? "silent" : "denied");
    }

    /** True when the sender may not use the bot here. */
    public boolean denied(Exchange exchange) {
        String email = exchange.getIn().getHeader(WebexConstants.PERSON_EMAIL, "", String.class).toLowerCase(Locale.ROOT);
        String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        String reason = decide(email, room, isBot(exchange));
        if (reason == null) {
            LOG.debug("Access allowed: person={} room={}", email, room);
            return false;
        }
        LOG.info("Access denied: person={} room={} reason={}", email, room, reason);
        if (reason.startsWith("a bot")) {
            exchange.setVariable("webexSilentDeny", true); // answering a bot can start a loop between two bots
        }
        return true;
    }

    /** Null when allowed, else the reason. */
    String decide(String email, String room, boolean bot) {
        if (bot) {
            return users.contains(email) ? null : "a bot not approved by e-mail";
        }
        if (open || users.contains(email)) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at > 0 && domains.contains(email.substring(at + 1))) {
            return null;
        }
        if (room != null && rooms.contains(room)) {
            return null;
        }
        return "not an approved user, domain or room";
    }

    private boolean isBot(Exchange exchange) {
        String type = exchange.getIn().getHeader(WebexConstants.PERSON_TYPE, String.class);
        if (type != null) {
            return "BOT".equalsIgnoreCase(type);
        }
        String personId = exchange.getIn().getHeader(WebexConstants.PERSON_ID, String.class);
        if (personId == null || personId.isBlank()) {
            // an event that names no actor cannot be looked up: closed, as when Webex cannot say (below)
            return true;
        }
        synchronized (bots) {
            Boolean known = bots.get(personId);
            if (known != null) {
                return known;
            }
        }
        Boolean bot;
        try {
            bot = botLookup.apply(personId);
        } catch (RuntimeException e) {
            // cannot tell: treated as a bot (closed), so only an e-mail approved by name gets through until Webex
            // answers again; a bot must not pass as a person of an approved domain or room because Webex was busy
            LOG.warn("Cannot tell whether {} is a bot ({}): admitted only if approved by e-mail", personId, e.getMessage());
            return true;
        }
        synchronized (bots) {
            bots.put(personId, Boolean.TRUE.equals(bot));
        }
        return Boolean.TRUE.equals(bot);
    }
}
