package io.github.webexcamel.gateway.webex.rest;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code Retry-After}. Real servers send seconds, an HTTP-date, nothing, or garbage
 * (WebexPythonSDK#181 crashed on {@code rand(30),add(30)}): every form yields a usable wait.
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
}
