package io.github.webexcamel.gateway.fakes;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a fake does instead of (or before) answering normally. Immutable; the {@code with*} methods return copies.
 * Each fake offers factories that build these with the backend's real error bodies and headers
 * (e.g. {@link FakeGitHub#secondaryRateLimit(int, String)}); this class is the generic mechanism.
 */
public final class Fault {

    /** A Retry-After value no RFC 9110 parser accepts, for testing the client's fallback. */
    public static final String MALFORMED_RETRY_AFTER = "soon-ish";

    private final int status;
    private final String contentType;
    private final String body;
    private final Map<String, String> headers;
    private final Duration delay;
    private final boolean dropConnection;

    private Fault(int status, String contentType, String body, Map<String, String> headers, Duration delay,
                  boolean dropConnection) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.delay = delay;
        this.dropConnection = dropConnection;
    }

    public static Fault respond(int status, String contentType, String body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return new Fault(status, contentType, body, Map.of(), Duration.ZERO, false);
    }

    public static Fault json(int status, String jsonBody) {
        return respond(status, "application/json; charset=utf-8", jsonBody);
    }

    public static Fault empty(int status) {
        return respond(status, null, "");
    }

    /**
     * Holds the request for {@code delay} and then lets the fake answer normally: long enough and the client's
     * read timeout fires first, which is the point.
     */
    public static Fault stall(Duration delay) {
        return new Fault(0, null, null, Map.of(), Objects.requireNonNull(delay), false);
    }

    /** Closes the TCP connection without any response (what a crashed backend or a proxy reset looks like). */
    public static Fault dropConnection() {
        return new Fault(0, null, null, Map.of(), Duration.ZERO, true);
    }

    /** Adds a response header; a {@code null} value adds nothing, so callers can pass "header missing" through. */
    public Fault withHeader(String name, String value) {
        if (value == null) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Fault(status, contentType, body, copy, delay, dropConnection);
    }

    /** Waits before answering with this fault. */
    public Fault withDelay(Duration delay) {
        return new Fault(status, contentType, body, headers, Objects.requireNonNull(delay), dropConnection);
    }

    public static String retryAfterSeconds(long seconds) {
        return Long.toString(seconds);
    }

    /** Retry-After in its other legal form, an IMF-fixdate (RFC 9110 section 10.2.3). */
    public static String retryAfterHttpDate(Duration fromNow) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plus(fromNow));
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public String body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Duration delay() {
        return delay;
    }

    public boolean dropsConnection() {
        return dropConnection;
    }

    /** True when, after any delay, the fake should carry on and answer normally. */
    public boolean passesThrough() {
        return status == 0 && !dropConnection;
    }

    @Override
    public String toString() {
        if (dropConnection) {
            return "Fault[drop connection after " + delay + "]";
        }
        return status == 0 ? "Fault[stall " + delay + "]" : "Fault[" + status + " after " + delay + ", headers=" + headers + "]";
    }
}
