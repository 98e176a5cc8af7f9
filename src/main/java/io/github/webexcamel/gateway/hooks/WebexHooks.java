package io.github.webexcamel.gateway.hooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.reply.CardTemplates;
import io.github.webexcamel.gateway.state.Replays;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks every notification route ({@code routes/notifications/}) makes before it posts, and its answers to the
 * caller: bearer token or GitHub signature (401), rate limit (429), target space (404), JSON body (400); then the
 * notification is queued and the caller gets 202 at once. A refusal answers and stops the route, so nothing is
 * posted; each is counted in {@code webex.hooks.refused} (tags {@code hook} and {@code reason}).
 *
 * <p>Every request header is dropped once checked: platform-http turns them into Camel headers, and a caller must not
 * steer {@code webex:messages} (an allowed mention, an edit) nor get its own headers echoed back.
 */
public class WebexHooks {

    private static final Logger LOG = LoggerFactory.getLogger(WebexHooks.class);
    private static final Pattern CARD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** Variables the rendering steps read; set by {@link #accept} from the request before its headers go. */
    public static final String VAR_EVENT = "hookEvent";
    public static final String VAR_DELIVERY = "hookDelivery";
    public static final String VAR_ROOM = "hookRoomId";
    private static final String VAR_REPLAY_KEY = "hookReplayKey";
    private static final int MAX_ROOM_CACHE = 10_000;

    private final HooksProperties properties;
    private final String githubSecret;
    private final BiPredicate<String, String> isMember;
    private final java.util.function.Consumer<Map<String, Object>> poster;
    private final java.util.function.Supplier<String> botEmail;
    private final CardTemplates cards;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final java.util.function.Predicate<String> isHook;
    private final IdempotentRepository deliveries;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private record Room(boolean member, long expiresAt) {
    }

    /**
     * @param isMember asks Webex whether (room id, e-mail) is a membership; throws when it cannot tell
     * @param poster   posts a complete message through webex:messages, waiting for Webex's answer; throws on failure
     * @param botEmail the bot's own e-mail address
     * @param isHook   whether a name is that of a loaded hook route ({@code /hooks/<name>}), for the metric's tag
     * @param deliveries the signed GitHub bodies posted already (the state store's handled events, shared by replicas)
     */
    public WebexHooks(HooksProperties properties, String githubSecret, BiPredicate<String, String> isMember,
                      java.util.function.Consumer<Map<String, Object>> poster, java.util.function.Supplier<String> botEmail, CardTemplates cards, ObjectMapper mapper,
                      MeterRegistry meters, java.util.function.Predicate<String> isHook, IdempotentRepository deliveries) {
        this.deliveries = deliveries;
        this.properties = properties;
        this.githubSecret = githubSecret == null ? "" : githubSecret.strip();
        this.isMember = isMember;
        this.poster = poster;
        this.botEmail = botEmail;
        this.cards = cards;
        this.mapper = mapper;
        this.meters = meters;
        this.isHook = isHook;
    }

    /** 401 unless {@code Authorization: Bearer <webex.hooks.token>}; with no token configured, always 401. */
    public void bearer(Exchange exchange) {
        String given = exchange.getIn().getHeader("Authorization", String.class);
        boolean ok = properties.hasToken() && given != null && given.regionMatches(true, 0, "Bearer ", 0, 7)
                && constantTimeEquals(given.substring(7).strip(), properties.token().strip());
        if (!ok) {
            refuse(exchange, 401, "unauthorized", properties.hasToken()
                    ? "Missing or wrong bearer token" : "This hook is closed: WEBEX_HOOKS_TOKEN is not set");
        }
    }

    /**
     * 401 unless {@code X-Hub-Signature-256} is {@code sha256=} and the hex HMAC-SHA256 of the raw body with
     * {@code GITHUB_WEBHOOK_SECRET}; GitHub's {@code ping} is then answered 200 and goes no further.
     */
    public void github(Exchange exchange) {
        byte[] body = rawBody(exchange);
        String signature = exchange.getIn().getHeader("X-Hub-Signature-256", String.class);
        if (githubSecret.isEmpty() || signature == null || !signature.startsWith("sha256=")
                || !constantTimeEquals(signature.substring(7).toLowerCase(java.util.Locale.ROOT),
                        hmacSha256Hex(githubSecret, body))) {
            refuse(exchange, 401, "unauthorized", githubSecret.isEmpty()
                    ? "This hook is closed: GITHUB_WEBHOOK_SECRET is not set" : "Missing or wrong X-Hub-Signature-256");
            return;
        }
        if ("ping".equals(exchange.getIn().getHeader("X-GitHub-Event", String.class))) {
            answer(exchange, 200, Map.of("status", "pong"));
        }
    }

    /**
     * The checks after authentication: rate limit (429), {@code roomId} a space the bot is in (404, or 400 when
     * missing; 503 when Webex cannot say), the body JSON (400). Body out: the parsed JSON (maps, lists, values).
     */
    public void accept(Exchange exchange) {
        String hook = hook(exchange);
        String room = exchange.getIn().getHeader("roomId", String.class);
        variable(exchange, VAR_EVENT, exchange.getIn().getHeader("X-GitHub-Event", String.class));
        variable(exchange, VAR_DELIVERY, exchange.getIn().getHeader("X-GitHub-Delivery", String.class));
        String card = exchange.getIn().getHeader("card", String.class);
        byte[] body = rawBody(exchange);
        exchange.getIn().removeHeaders("*");
        if (!take(hook)) {
            refuse(exchange, 429, "rate-limited", "Too many notifications to this hook: try again in a minute");
            return;
        }
        if (room == null || room.isBlank()) {
            refuse(exchange, 400, "bad-request", "Say which space: ?roomId=<Webex room id>");
            return;
        }
        Boolean member = member(room.strip());
        if (member == null) {
            refuse(exchange, 503, "webex-unavailable", "Webex cannot be asked about that space now: try again");
            return;
        }
        if (!member) {
            refuse(exchange, 404, "unknown-room", "The bot is not in a space with that roomId");
            return;
        }
        if (!properties.roomAllowed(room.strip())) {
            refuse(exchange, 403, "room-not-allowed", "Hooks may not post into that space (WEBEX_HOOKS_ROOMS)");
            return;
        }
        Object json;
        try {
            json = mapper.readValue(body, Object.class);
        } catch (java.io.IOException e) {
            refuse(exchange, 400, "bad-request", "The body is not JSON");
            return;
        }
        if (exchange.getVariable(VAR_EVENT) != null && deliveries != null) {
            // GitHub signs the body only: the same signed body again (a replay, with any roomId) posts nothing. The
            // claim is kept once the notification is queued (accepted, ignored) and given back when it is not
            String key = Replays.key("github-delivery", body);
            if (!deliveries.add(key)) {
                LOG.info("GitHub delivery {} refused: its signed body was delivered before", delivery(exchange));
                answer(exchange, 200, Map.of("status", "duplicate"));
                return;
            }
            exchange.setVariable(VAR_REPLAY_KEY, key);
        }
        exchange.setVariable(VAR_ROOM, room.strip());
        if (card != null) {
            exchange.setVariable("hookCard", card);
        }
        exchange.getIn().setBody(json);
    }

    /** The claim on a GitHub body ends: remembered when the notification was queued, else given back. */
    private void settle(Exchange exchange, boolean handled) {
        String key = exchange.getVariable(VAR_REPLAY_KEY, String.class);
        if (key != null && deliveries != null) {
            exchange.removeVariable(VAR_REPLAY_KEY);
            if (handled) {
                deliveries.confirm(key);
            } else {
                deliveries.remove(key);
            }
        }
    }

    private static String delivery(Exchange exchange) {
        // the sender's header, in a log line: its safe characters only, and not many
        String id = exchange.getVariable(VAR_DELIVERY, "", String.class).replaceAll("[^A-Za-z0-9-]", "");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    /** {@code ?card=<name>}: the name of a template in routes/cards/ (nothing else: it names no file), or 400. */
    public void card(Exchange exchange) {
        String name = exchange.getVariable("hookCard", String.class);
        if (name == null || name.isEmpty()) {
            return;
        }
        if (!CARD_NAME.matcher(name).matches() || !cards.names().contains(name)) {
            refuse(exchange, 400, "bad-request", "No card template with that name in routes/cards/");
            return;
        }
        exchange.setVariable(WebexConstants.VAR_CARD, name);
    }

    /** Body in: the markdown (or text, per {@code webexFormat}) or a complete message map. Out: the message map. */
    public Map<String, Object> message(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        Map<String, Object> message = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> message.put(String.valueOf(k), v));
        } else {
            String format = exchange.getVariable(WebexConstants.VAR_FORMAT, "markdown", String.class);
            message.put("text".equalsIgnoreCase(format) ? "text" : "markdown", exchange.getIn().getBody(String.class));
        }
        // the space that was checked, whatever the rendering put there
        message.remove("toPersonEmail");
        message.remove("toPersonId");
        message.put("roomId", exchange.getVariable(VAR_ROOM, String.class));
        return message;
    }

    /**
     * Posts a queued message and returns when Webex has taken it. Waiting here (not an asynchronous {@code to:
     * webex:messages}) is what keeps the queue's order: the seda consumer takes the next message only when this one
     * and its redeliveries are done.
     */
    public void post(Map<String, Object> message) {
        poster.accept(message);
    }

    /** 202 with the delivery id (GitHub's, else one of ours); the message is queued. */
    public void accepted(Exchange exchange) {
        settle(exchange, true);
        String delivery = exchange.getVariable(VAR_DELIVERY, String.class);
        answer(exchange, 202, Map.of("status", "accepted", "id", delivery != null ? delivery : exchange.getExchangeId()));
    }

    /** Answers 202 without posting: an event this hook does not post (a GitHub label change, a build start…). */
    public void ignored(Exchange exchange, String why) {
        settle(exchange, true);
        answer(exchange, 202, Map.of("status", "ignored", "reason", why));
    }

    /** 400 with {@code message}: the payload is not one this hook understands. */
    public void badRequest(Exchange exchange, String message) {
        settle(exchange, false);
        refuse(exchange, 400, "bad-request", message);
    }

    /** 422: the payload made a card Webex would refuse (too large, not valid); nothing is posted. */
    public void unrenderable(Exchange exchange, Exception exception) {
        settle(exchange, false);
        String why = exception instanceof io.github.webexcamel.gateway.command.CommandException
                ? exception.getMessage() : "The notification does not render as a valid Webex message or card";
        refuse(exchange, 422, "unrenderable", why);
    }

    /** The queue is full (Webex has been down for long): the caller should send again later. */
    public void queueFull(Exchange exchange) {
        settle(exchange, false);
        refuse(exchange, 503, "queue-full", "Too many notifications waiting for Webex: try again later");
    }

    /** Whether a failed post is worth trying again: Webex's 429, 5xx, timeouts, no connection. */
    public boolean retryable(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof WebexApiException api) {
                return api.status() <= 0 || api.status() == 429 || api.status() >= 500 || api.isRetryable();
            }
            if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is that of a loaded hook route ({@code platform-http:/hooks/<name>}). */
    public boolean isHook(String name) {
        return isHook.test(name);
    }

    /** Counts a refusal; {@code hook} is the last path segment of a loaded hook route, else {@code other}. */
    public void refused(String hook, String reason) {
        // only names of loaded hooks: a scanner trying /hooks/<anything> must not grow the metric without bound
        String tag = isHook.test(hook) ? hook : "other";
        Counter.builder("webex.hooks.refused").description("Notification requests refused (401, 404, 413, 429…)")
                .tag("hook", tag).tag("reason", reason).register(meters).increment();
    }

    private void refuse(Exchange exchange, int status, String reason, String message) {
        settle(exchange, false);
        String hook = hook(exchange);
        refused(hook, reason);
        // at most one line per hook and reason every 10 s: a flood of bad requests is a count, not a flood of logs
        long now = System.nanoTime();
        String key = hook + ' ' + reason;
        Long last = lastLogged.get(key);
        if ((last == null || now - last > LOG_EVERY_NANOS) && lastLogged.size() < 1000) {
            lastLogged.put(key, now);
            LOG.info("Hook {} refused a request: {} ({}; metric webex.hooks.refused counts them all)", hook, status, reason);
        }
        answer(exchange, status, Map.of("error", message));
    }

    private void answer(Exchange exchange, int status, Map<String, Object> json) {
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            exchange.getIn().setBody(mapper.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.setRouteStop(true);
    }

    /** The hook's name: the last segment of its platform-http path ({@code /hooks/github} → github). */
    private String hook(Exchange exchange) {
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        String uri = route == null ? "" : route.getEndpoint().getEndpointBaseUri();
        String path = uri.replaceFirst("\\?.*", "");
        return HookBodyLimit.hookName(path.substring(path.lastIndexOf('/') + 1));
    }

    private static void variable(Exchange exchange, String name, String value) {
        if (value != null) {
            exchange.setVariable(name, value);
        }
    }

    private static byte[] rawBody(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        exchange.getIn().setBody(body);
        return body;
    }

    /** True/false as Webex answered (cached), null when it could not be asked. */
    private Boolean member(String room) {
        long now = System.nanoTime();
        Room cached = rooms.get(room);
        if (cached != null && cached.expiresAt - now > 0) {
            return cached.member;
        }
        boolean member;
        try {
            member = isMember.test(room, botEmail.get());
        } catch (RuntimeException e) {
            Integer status = status(e);
            if (status == null || status == 429 || status >= 500) {
                LOG.warn("Cannot check whether the bot is in a space: {}", e.getMessage());
                return null;
            }
            // Webex says no (400 for an id that is none, 403, 404): no such space for the bot
            member = false;
        }
        if (rooms.size() >= MAX_ROOM_CACHE) {
            rooms.clear();
        }
        rooms.put(room, new Room(member, now + properties.roomCacheTtl().toNanos()));
        return member;
    }

    private static Integer status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebexApiException api && api.status() > 0) {
                return api.status();
            }
        }
        return null;
    }

    private boolean take(String hook) {
        int perMinute = properties.ratePerMinute();
        if (perMinute <= 0) {
            return true;
        }
        return buckets.computeIfAbsent(hook, h -> new Bucket(perMinute)).take();
    }

    /** A token bucket: {@code perMinute} at once, refilled evenly over a minute. */
    private static final class Bucket {
        private final double capacity;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(int perMinute) {
            this.capacity = perMinute;
            this.tokens = perMinute;
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) / 60e9 * capacity);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
