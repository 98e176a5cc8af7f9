package io.github.webexcamel.kamelets;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's circuit breaker for a client that calls it from Java rather than through the circuitBreaker EIP: the
 * LLM's and the A2A agent's answers stream, and the EIP would only see the call end. The client asks
 * {@link #permitted()} before each request and reports how it went; the breaker's own rules (ResilienceConfiguration)
 * decide what counts: a 5xx, a timeout or no connection is a failure, a 429 neither a failure nor a success.
 */
public final class CircuitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitGuard.class);

    private final String service;
    private final CircuitBreaker breaker;

    /**
     * @param service how the open line names the backend, e.g. "The LLM"
     * @param breaker null: every call is permitted and nothing is recorded
     */
    public CircuitGuard(String service, CircuitBreaker breaker) {
        this.service = service;
        this.breaker = breaker;
    }

    public static CircuitGuard none(String service) {
        return new CircuitGuard(service, null);
    }

    /** False while the circuit is open: the call must not be made, and {@link #openLine()} is the answer. */
    public boolean permitted() {
        if (breaker == null || breaker.tryAcquirePermission()) {
            return true;
        }
        LOG.warn("{} circuit breaker is {}: the call was not made", breaker.getName(), breaker.getState());
        return false;
    }

    /** A permitted call got an HTTP answer. */
    public void answered(long startNanos, int status) {
        if (breaker == null) {
            return;
        }
        if (status >= 500 || status == 429) {
            breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS,
                    new BackendStatusException(service, status, Map.of(), null, status == 429));
        } else {
            breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A permitted call failed without an answer (no connection, a timeout, a cut stream) or for another reason. */
    public void failed(long startNanos, Throwable error) {
        if (breaker != null) {
            breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, error);
        }
    }

    /** A permitted call that ended for a reason of the gateway's own (interrupted): it tells nothing about the backend. */
    public void release() {
        if (breaker != null) {
            breaker.releasePermission();
        }
    }

    /** True once the circuit is open: retrying now would only be refused. */
    public boolean open() {
        return breaker != null && breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** The line an open circuit answers with, worded as the other backends' (BackendResilience#openLine). */
    public String openLine() {
        long seconds = breaker == null ? 0
                : TimeUnit.MILLISECONDS.toSeconds(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
        return service + " is not answering; I stopped asking for " + seconds + " s. Try again later.";
    }
}
