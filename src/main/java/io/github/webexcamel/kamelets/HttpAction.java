package io.github.webexcamel.kamelets;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP action kamelets' beans share: their resilience properties and the {@link BackendResilience} built
 * from them around the kamelet's circuit breaker ({@link CircuitBreakers#named}), the header hygiene before and after
 * the call, and turning an answer that is not 2xx into one {@link ActionException} line (with a WARN for the
 * operator). A kamelet creates its bean from its own properties ({@code beans:} in its template), so nothing of an
 * application is needed.
 */
public abstract class HttpAction {

    /** Whatever is not a Camel header, and Camel's HTTP headers (which would redirect the call), goes. */
    private static final String KEEP_HEADERS = "Camel(?!Http).*";

    protected final ObjectMapper mapper = new ObjectMapper();
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String service;
    private String circuitBreaker;
    private int failureThreshold = 5;
    private String openDuration = "30s";
    private String retryBudget = "30s";
    private volatile BackendResilience resilience;

    protected HttpAction(String service, String circuitBreaker) {
        this.service = service;
        this.circuitBreaker = circuitBreaker;
    }

    public void setCircuitBreaker(String circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public void setFailureThreshold(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    public void setOpenDuration(String openDuration) {
        this.openDuration = openDuration;
    }

    public void setRetryBudget(String retryBudget) {
        this.retryBudget = retryBudget;
    }

    private BackendResilience resilience() {
        BackendResilience r = resilience;
        if (r == null) {
            synchronized (this) {
                if (resilience == null) {
                    CircuitBreaker breaker = CircuitBreakers.named(circuitBreaker, failureThreshold, openDuration);
                    // the breaker's own, which an application may have configured apart from this kamelet's properties
                    Duration openFor = Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
                    resilience = new BackendResilience(service, breaker, RetryAfter.duration(retryBudget), openFor, null)
                            .givingUpWith(this::unreachable);
                }
                r = resilience;
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ the kamelet's resilience loop

    public void start(Exchange exchange) {
        resilience().start(exchange);
    }

    public boolean again(Exchange exchange) {
        return resilience().again(exchange);
    }

    public void answered(Exchange exchange) {
        resilience().answered(exchange);
    }

    public void failed(Exchange exchange) throws Exception {
        resilience().failed(exchange);
    }

    // ------------------------------------------------------------------ answers

    /** Fails with one line when the backend did not answer 2xx. */
    public void check(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        String message = errorText(exchange.getMessage().getBody(String.class));
        log.warn("{} {} {} answered HTTP {}: {}", service, exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                exchange.getMessage().getHeader(Exchange.HTTP_PATH), status, message);
        throw new ActionException(userLine(status, message, exchange), status);
    }

    /** The backend could not be reached or did not answer in time (the exception is the caught one). */
    public void unreachable(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.warn("{} call to {} failed: {}", service, exchange.getMessage().getHeader(Exchange.HTTP_PATH), String.valueOf(e));
        boolean timeout = e instanceof java.io.InterruptedIOException
                || (e != null && e.getClass().getSimpleName().contains("Timeout"));
        throw new ActionException(timeout ? service + " did not answer in time; try again later."
                : service + " is not reachable; try again later.", 0, "error");
    }

    /** The line for an answer with this status and error text. */
    protected abstract String userLine(int status, String message, Exchange exchange);

    /** The error text inside a JSON error body, in the backend's own format. */
    protected abstract String errorText(JsonNode body);

    // ------------------------------------------------------------------ headers

    /** Before the call: only Camel's own headers (not its HTTP ones) stay; the kamelet sets what the call needs. */
    protected static void clearHeaders(Message message) {
        message.removeHeaders("*", KEEP_HEADERS);
    }

    /** After the call: the backend's response headers and the request's go, the status stays. */
    protected static void clearResponseHeaders(Message message) {
        Object status = message.getHeader(Exchange.HTTP_RESPONSE_CODE);
        message.removeHeaders("*", KEEP_HEADERS);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    }

    protected static String header(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        return value == null ? "" : value.strip();
    }

    private String errorText(String body) {
        try {
            return shorten(errorText(mapper.readTree(body)));
        } catch (Exception notJson) {
            // an HTML error page from a proxy or a servlet container: its text, without the tags
            return shorten(body == null ? "" : body.replaceAll("<[^>]*>", " "));
        }
    }

    protected static String shorten(String s) {
        s = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
