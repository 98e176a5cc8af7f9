package io.github.webexcamel.kamelets;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * The kamelets' circuit breakers, one per backend name in the JVM. A kamelet declares its breaker as a template bean
 * ({@code factoryMethod: named}) for its {@code circuitBreaker} EIP. An application that configures and shares a
 * backend's breaker itself (the gateway: the GitHub notification poll and the Jenkins build watch use the same ones)
 * publishes it first, and the kamelet then uses that one; alone (Camel JBang, a Pipe) the kamelet makes its own from
 * its properties.
 */
public final class CircuitBreakers {

    private static final Map<String, CircuitBreaker> SHARED = new ConcurrentHashMap<>();

    private CircuitBreakers() {
    }

    /**
     * The application's own breaker, for the kamelets that name it. An application that may run more than once in a JVM
     * (tests start several) publishes each under a name of its own, and passes that name to its kamelets.
     */
    public static void publish(String name, CircuitBreaker breaker) {
        SHARED.put(name, breaker);
    }

    /**
     * The published breaker of this name, else one made now: {@code failureThreshold} consecutive failures (5xx,
     * timeouts, no connection) open it for {@code openDuration}.
     */
    public static CircuitBreaker named(String name, int failureThreshold, String openDuration) {
        return SHARED.computeIfAbsent(name, n -> CircuitBreaker.of(n,
                config(failureThreshold, RetryAfter.duration(openDuration), null)));
    }

    /**
     * What the gateway and the kamelets count: a count window as long as the threshold, all of it failed, opens the
     * circuit; a 429 is neither a failure nor a success.
     *
     * @param translate turns a Java client's failure into the status it stands for, or null
     */
    public static CircuitBreakerConfig config(int failureThreshold, Duration openFor,
                                              Function<Throwable, BackendStatusException> translate) {
        int failures = Math.max(1, failureThreshold);
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> BackendResilience.backendFault(e, translate))
                .ignoreException(e -> BackendResilience.rateLimitedAnswer(e, translate))
                .writableStackTraceEnabled(false)
                .build();
    }
}
