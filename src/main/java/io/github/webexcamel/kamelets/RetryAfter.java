package io.github.webexcamel.kamelets;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code Retry-After} (seconds, an HTTP date, or garbage) and the kamelets' duration properties ({@code 30s},
 * {@code 500ms}, {@code 2m}). The gateway's Webex client uses it too (this package needs nothing of the gateway,
 * the other way round is fine).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Duration parse(String header, Duration fallback, Duration max) {
        Duration wait = fallback;
        if (header != null && !header.isBlank()) {
            String value = header.trim();
            try {
                wait = Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                } catch (DateTimeParseException notDate) {
                    wait = fallback;
                }
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** A kamelet property's duration: a number with ms, s, m or h (no unit: milliseconds), or ISO-8601 (PT30S). */
    public static Duration duration(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.startsWith("pt")) {
            return Duration.parse(v);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)?").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a duration: " + value + " (e.g. 30s, 500ms, 2m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMillis(n);
        };
    }
}
