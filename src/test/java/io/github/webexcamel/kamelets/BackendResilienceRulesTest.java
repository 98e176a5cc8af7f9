package io.github.webexcamel.kamelets;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry decisions of {@link BackendResilience}, without a gateway: what is sent again, after how long, and what not. */
class BackendResilienceRulesTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private final BackendResilience jira = new BackendResilience("Jira", CircuitBreaker.ofDefaults("test"),
            Duration.ofSeconds(10), Duration.ofSeconds(30), null);

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    private Exchange call(String method, Throwable failure) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
        jira.start(exchange);
        assertThat(jira.again(exchange)).as("the first round").isTrue();
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return exchange;
    }

    private static BackendStatusException status(int status, Map<String, String> headers) {
        return new BackendStatusException("Jira", status, headers, "{}", BackendResilience.rateLimited(status, headers));
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateAndGitHubsResetAreTheWait() {
        assertThat(BackendResilience.rateLimitWait(Map.of("retry-after", "7"), Duration.ZERO)).isEqualTo(Duration.ofSeconds(7));
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20));
        assertThat(BackendResilience.rateLimitWait(Map.of("retry-after", date), Duration.ZERO).toSeconds()).isBetween(18L, 20L);
        String reset = Long.toString(Instant.now().getEpochSecond() + 12);
        assertThat(BackendResilience.rateLimitWait(Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", reset), Duration.ZERO)
                .toSeconds()).isBetween(11L, 12L);
        // Jira's X-RateLimit-Reset is a date, not an epoch: the backoff then
        assertThat(BackendResilience.rateLimitWait(Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "2026-01-01T10:00Z"),
                Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void gitHubsForbiddenIsARateLimitOnlyWithItsHeaders() {
        assertThat(BackendResilience.rateLimited(403, Map.of("x-ratelimit-remaining", "0"))).isTrue();
        assertThat(BackendResilience.rateLimited(403, Map.of("retry-after", "30"))).isTrue();
        assertThat(BackendResilience.rateLimited(403, Map.of())).isFalse();
        assertThat(BackendResilience.rateLimited(429, Map.of())).isTrue();
    }

    @Test
    void backoffGrowsWithJitter() {
        assertThat(BackendResilience.backoff(1).toMillis()).isBetween(375L, 625L);
        assertThat(BackendResilience.backoff(2).toMillis()).isBetween(750L, 1250L);
        assertThat(BackendResilience.backoff(3).toMillis()).isBetween(1500L, 2500L);
    }

    @Test
    void aReadIsSentAgainAfterATimeout() throws Exception {
        Exchange exchange = call("GET", new SocketTimeoutException("Read timed out"));
        jira.failed(exchange);
        assertThat(jira.again(exchange)).isTrue();
    }

    @Test
    void aCreateIsNotSentAgainAfterATimeoutOrA500() {
        SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");
        Exchange timedOut = call("POST", timeout);
        assertThatThrownBy(() -> jira.failed(timedOut)).isSameAs(timeout);
        assertThat(jira.again(timedOut)).isFalse();

        Exchange failed = call("POST", status(500, Map.of()));
        assertThat(failedQuietly(failed)).isTrue();
        assertThat(jira.again(failed)).isFalse();
        assertThat(failed.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
    }

    @Test
    void aCreateIsSentAgainWhenItCannotHaveBeenProcessed() throws Exception {
        for (Throwable refused : new Throwable[] {status(429, Map.of("retry-after", "0")), status(503, Map.of()),
                new ConnectException("Connection refused")}) {
            Exchange exchange = call("POST", refused);
            jira.failed(exchange);
            assertThat(jira.again(exchange)).as(refused.toString()).isTrue();
        }
    }

    @Test
    void aRateLimitLongerThanTheBudgetIsHandedBackAtOnce() {
        Exchange exchange = call("GET", status(429, Map.of("retry-after", "60")));
        assertThat(failedQuietly(exchange)).isTrue();
        assertThat(jira.again(exchange)).isFalse();
        assertThat(exchange.getMessage().getHeader("retry-after")).isEqualTo("60");
    }

    @Test
    void anOpenCircuitIsOneLineAndAnError() {
        CircuitBreaker open = CircuitBreaker.ofDefaults("open");
        open.transitionToOpenState();
        for (Throwable rejected : new Throwable[] {null, CallNotPermittedException.createCallNotPermittedException(open)}) {
            Exchange exchange = call("GET", rejected);
            assertThatThrownBy(() -> jira.failed(exchange)).isInstanceOf(ActionException.class)
                    .hasMessage("Jira is not answering; I stopped asking for 30 s. Try again later.")
                    .satisfies(e -> assertThat(((ActionException) e).getOutcome()).isEqualTo("error"));
        }
    }

    @Test
    void onlyNoAnswerAnd5xxCountAsFailuresOfTheBackend() {
        assertThat(BackendResilience.backendFault(new SocketTimeoutException(), null)).isTrue();
        assertThat(BackendResilience.backendFault(new IOException(new ConnectException()), null)).isTrue();
        assertThat(BackendResilience.backendFault(status(502, Map.of()), null)).isTrue();
        assertThat(BackendResilience.backendFault(status(404, Map.of()), null)).isFalse();
        assertThat(BackendResilience.backendFault(status(429, Map.of()), null)).isFalse();
        assertThat(BackendResilience.rateLimitedAnswer(status(429, Map.of()), null)).isTrue();
    }

    private boolean failedQuietly(Exchange exchange) {
        try {
            jira.failed(exchange);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
