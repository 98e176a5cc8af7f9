package io.github.webexcamel.kamelets;

import java.util.Map;

/**
 * A backend answered, but with a status worth another try (429, or 5xx): thrown inside the circuit breaker so
 * that resilience4j records it, and caught by {@link BackendResilience#failed}. Carries the answer (status, the
 * headers that say when to come back, the body) so that, once the retries are used up, the answer can be put
 * back on the exchange and worded by the connector's own results bean. No request header travels in it.
 */
public class BackendStatusException extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final boolean rateLimited;

    public BackendStatusException(String service, int status, Map<String, String> headers, String body, boolean rateLimited) {
        super(service + " answered HTTP " + status, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.rateLimited = rateLimited;
    }

    public int status() {
        return status;
    }

    /** Response headers, lower-case names: Retry-After, the x-ratelimit-* family, Content-Type. */
    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    /** A rate limit (429, or GitHub's 403 with no requests left): the backend did not process the request. */
    public boolean rateLimited() {
        return rateLimited;
    }
}
