package io.github.webexcamel.gateway.webex.rest;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.github.webexcamel.kamelets.RetryAfter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Duration FALLBACK = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void everyFormGivesAUsableWait() {
        assertThat(RetryAfter.parse("7", FALLBACK, MAX)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(null, FALLBACK, MAX)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse("rand(30),add(30)", FALLBACK, MAX)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse("-5", FALLBACK, MAX)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("99999", FALLBACK, MAX)).isEqualTo(MAX);
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(RetryAfter.parse(inTenSeconds, FALLBACK, MAX)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    }
}
