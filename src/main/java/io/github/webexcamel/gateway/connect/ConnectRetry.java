package io.github.webexcamel.gateway.connect;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The retry-while of the connect-post route's redelivery: a reply Webex Connect answered with 5xx or 429, or did
 * not answer at all (refused, reset, timed out), is tried again until {@code webex.connect.reply-retry-budget} has
 * passed since the first attempt, so a Connect outage delays replies instead of losing them. Anything else (a 4xx:
 * the request itself is wrong) is not retried.
 */
public class ConnectRetry implements Predicate {

    /** Exchange property: when the current POST was first tried (epoch millis). */
    public static final String STARTED_AT = "connectPostStartedAt";

    private final long budgetMillis;

    public ConnectRetry(long budgetMillis) {
        this.budgetMillis = budgetMillis;
    }

    /** The start of a POST's budget (set once per POST: a redelivery repeats only the failed call). */
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        Long startedAt = exchange.getProperty(STARTED_AT, Long.class);
        if (failure == null || startedAt == null || !retryable(failure)) {
            return false;
        }
        return System.currentTimeMillis() - startedAt < budgetMillis;
    }

    static boolean retryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode() >= 500 || http.getStatusCode() == 429;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
