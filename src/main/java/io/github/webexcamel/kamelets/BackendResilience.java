package io.github.webexcamel.kamelets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a kamelet (or the gateway) calls one HTTP backend (GitHub, Jira or Jenkins): through that backend's resilience4j circuit
 * breaker (one instance, shared by every route and bean that calls it), again after a 429 for as long as its
 * {@code Retry-After} (or GitHub's {@code x-ratelimit-reset}) says, again with backoff after a 5xx, a timeout or
 * a refused connection — at most {@link #MAX_ATTEMPTS} attempts, and only while the backend's retry budget lasts.
 *
 * <p>The routes use it around Camel's {@code circuitBreaker} EIP:
 * <pre>
 * - bean: {ref: jiraResilience, method: start}          # once per call; the budget runs from the first call of the exchange
 * - loop: {doWhile: true, method: {ref: jiraResilience, method: again}, steps: [
 *     circuitBreaker: {resilience4jConfiguration: {circuitBreaker: jiraCircuitBreaker},
 *                      steps: [toD ..., bean jiraResilience.answered], onFallback: [bean jiraResilience.failed]}]}
 * </pre>
 * {@link #answered} turns a 429/5xx answer into a {@link BackendStatusException} inside the breaker (so 5xx
 * count as failures); {@link #failed} (the fallback) sleeps and asks for another round, or gives up: it puts the
 * backend's last answer back on the exchange for the connector's results bean to word, throws the connector's
 * own line for a transport failure ({@link #givingUpWith}: what leaves the fallback reaches the route's error
 * handler, not the kamelet's {@code doCatch}), or — circuit open — answers at once with one clear line. The retry
 * flag is an AtomicBoolean because the loop's condition and the breaker's steps run on copies of the exchange.
 *
 * <p>A call that may create something (POST, PATCH: Jira create/comment/transition, a Jenkins build trigger,
 * GitHub issue, comment, workflow dispatch) is repeated only when the backend cannot have processed it: a 429, a
 * 503, or a connection that was never made. After a timeout, a reset connection or another 5xx it is not.
 */
public class BackendResilience {

    public static final String VAR_AGAIN = "resilienceAgain";
    static final String VAR_ATTEMPT = "resilienceAttempt";
    static final String VAR_METHOD = "resilienceMethod";
    static final String VAR_DEADLINE_PREFIX = "resilienceDeadline";
    static final int MAX_ATTEMPTS = 4;
    private static final Duration BASE_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofHours(1);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
    private static final Set<String> KEPT_HEADERS = Set.of("retry-after", "x-ratelimit-remaining", "x-ratelimit-reset",
            "x-ratelimit-limit", "x-ratelimit-used", "x-ratelimit-resource", "content-type");
    private static final Logger LOG = LoggerFactory.getLogger(BackendResilience.class);

    private final String service;
    private final CircuitBreaker circuitBreaker;
    private final Duration budget;
    private final Duration openFor;
    private final Function<Throwable, BackendStatusException> translate;
    private volatile Processor giveUp;

    /**
     * @param translate turns a failure of a Java client (egit for GitHub) into the status it stands for, or null
     */
    public BackendResilience(String service, CircuitBreaker circuitBreaker, Duration budget, Duration openFor,
                             Function<Throwable, BackendStatusException> translate) {
        this.service = service;
        this.circuitBreaker = circuitBreaker;
        this.budget = budget;
        this.openFor = openFor;
        this.translate = translate == null ? t -> null : translate;
    }

    /**
     * Words a failure that is given up on (the exception in {@code CamelExceptionCaught}) as the connector's one
     * line, by throwing its CommandException. Needed because an exception thrown out of the circuit breaker's
     * fallback reaches the route's error handler, not the connector's {@code doCatch}.
     */
    public BackendResilience givingUpWith(Processor words) {
        this.giveUp = words;
        return this;
    }

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** Before a camel-http call, whose HTTP method is in the CamelHttpMethod header. */
    public void start(Exchange exchange) {
        begin(exchange, exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class));
    }

    /** Before a call that creates something and has no method header (camel-github createIssue, pullRequestComment). */
    public void startCreate(Exchange exchange) {
        begin(exchange, "POST");
    }

    private void begin(Exchange exchange, String method) {
        if (method == null || method.isBlank()) {
            method = exchange.getIn().getBody() == null ? "GET" : "POST"; // what camel-http does without the header
        }
        exchange.setVariable(VAR_METHOD, method.toUpperCase(Locale.ROOT));
        exchange.setVariable(VAR_ATTEMPT, 0);
        // a holder, not a value: the loop's condition (a bean expression) and the circuit breaker's steps run on
        // copies of the exchange, which share the variables' objects but not their map
        exchange.setVariable(VAR_AGAIN, new AtomicBoolean(true));
        // one budget per command, however many calls it makes
        String deadline = VAR_DEADLINE_PREFIX + service;
        if (exchange.getVariable(deadline) == null) {
            exchange.setVariable(deadline, Instant.now().plus(budget).toEpochMilli());
        }
    }

    /**
     * The loop's condition: true for the first round and after {@link #failed} asked for another, false otherwise.
     * It consumes the request, so a round that neither succeeded nor failed through this bean ends the loop.
     */
    public boolean again(Exchange exchange) {
        AtomicBoolean again = exchange.getVariable(VAR_AGAIN, AtomicBoolean.class);
        return again != null && again.getAndSet(false);
    }

    private static void setAgain(Exchange exchange, boolean value) {
        AtomicBoolean again = exchange.getVariable(VAR_AGAIN, AtomicBoolean.class);
        if (again != null) {
            again.set(value);
        }
    }

    /** Inside the breaker, after a camel-http call with throwExceptionOnFailure=false: a 429 or 5xx fails the call. */
    public void answered(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Object> h : exchange.getMessage().getHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (KEPT_HEADERS.contains(name) && h.getValue() != null) {
                headers.put(name, String.valueOf(h.getValue()));
            }
        }
        boolean rateLimited = rateLimited(status, headers);
        if (status >= 500 || rateLimited) {
            throw new BackendStatusException(service, status, headers, exchange.getMessage().getBody(String.class), rateLimited);
        }
        setAgain(exchange, false);
    }

    /** The circuit breaker's fallback: another attempt after a wait, or the end of the call. */
    public void failed(Exchange exchange) throws Exception {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        setAgain(exchange, false);
        if (caught == null || find(caught, CallNotPermittedException.class) != null) {
            LOG.warn("{} circuit breaker is {}: the call was not made", service, circuitBreaker.getState());
            throw new ActionException(openLine(), 0, "error");
        }
        int attempt = exchange.getVariable(VAR_ATTEMPT, 0, Integer.class) + 1;
        exchange.setVariable(VAR_ATTEMPT, attempt);
        String method = exchange.getVariable(VAR_METHOD, "GET", String.class);
        boolean idempotent = IDEMPOTENT.contains(method);
        BackendStatusException answer = find(caught, BackendStatusException.class);
        boolean fromHttp = answer != null;
        if (answer == null) {
            answer = translate.apply(caught);
        }
        Duration wait = backoff(attempt);
        boolean retry;
        String why;
        if (answer != null) {
            why = "HTTP " + answer.status();
            if (answer.rateLimited()) {
                wait = rateLimitWait(answer.headers(), wait);
                retry = true; // refused before it was processed
            } else if (answer.status() == 503) {
                wait = answer.headers().containsKey("retry-after")
                        ? RetryAfter.parse(answer.headers().get("retry-after"), wait, MAX_RATE_LIMIT_WAIT) : wait;
                retry = true; // unavailable: not processed
            } else {
                retry = answer.status() >= 500 && idempotent;
            }
        } else if (find(caught, ConnectException.class) != null) {
            why = "connection refused";
            retry = true; // nothing was sent
        } else if (find(caught, IOException.class) != null) {
            why = find(caught, InterruptedIOException.class) != null ? "timeout" : "I/O error";
            retry = idempotent; // the request may have been processed
        } else {
            why = String.valueOf(caught);
            retry = false;
        }
        Duration left = Duration.ofMillis(exchange.getVariable(VAR_DEADLINE_PREFIX + service, 0L, Long.class)
                - System.currentTimeMillis());
        if (retry && attempt < MAX_ATTEMPTS && wait.compareTo(left) < 0 && circuitBreaker.getState() != CircuitBreaker.State.OPEN) {
            LOG.info("{} {} failed ({}), attempt {} of {}; trying again in {} ms", service, method, why, attempt, MAX_ATTEMPTS,
                    wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                rethrow(caught);
            }
            setAgain(exchange, true);
            return;
        }
        if (retry) {
            LOG.warn("{} {} failed ({}) after {} attempt(s); giving up (next wait {} ms, {} ms of the retry budget left)", service,
                    method, why, attempt, wait.toMillis(), Math.max(0, left.toMillis()));
        }
        if (fromHttp) {
            // the backend's own answer, for the connector's results bean to word as before
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
            for (Map.Entry<String, String> header : answer.headers().entrySet()) {
                exchange.getMessage().setHeader(header.getKey(), header.getValue());
            }
            exchange.getMessage().setBody(answer.body());
            return;
        }
        if (giveUp != null) {
            giveUp.process(exchange);
        }
        rethrow(caught);
    }

    /** The line an open circuit answers with. */
    public String openLine() {
        return service + " is not answering; I stopped asking for " + openFor.toSeconds() + " s. Try again later.";
    }

    static boolean rateLimited(int status, Map<String, String> headers) {
        return status == 429 || status == 403 && ("0".equals(headers.get("x-ratelimit-remaining")) || headers.containsKey("retry-after"));
    }

    /** Retry-After (seconds or HTTP date), else GitHub's reset epoch when no request is left, else the backoff. */
    static Duration rateLimitWait(Map<String, String> headers, Duration fallback) {
        String retryAfter = headers.get("retry-after");
        if (retryAfter != null && !retryAfter.isBlank()) {
            return RetryAfter.parse(retryAfter, fallback, MAX_RATE_LIMIT_WAIT);
        }
        String reset = headers.get("x-ratelimit-reset");
        if ("0".equals(headers.get("x-ratelimit-remaining")) && reset != null && reset.matches("[0-9]{1,12}")) {
            long seconds = Long.parseLong(reset) - Instant.now().getEpochSecond();
            return Duration.ofSeconds(Math.max(1, Math.min(seconds, MAX_RATE_LIMIT_WAIT.toSeconds())));
        }
        return fallback;
    }

    /** 0.5 s, 1 s, 2 s ... with ±25 % jitter, so that the callers of a recovering backend do not come back together. */
    static Duration backoff(int attempt) {
        long base = BASE_BACKOFF.toMillis() << Math.min(attempt - 1, 6);
        return Duration.ofMillis(base * 3 / 4 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /** What resilience4j records as a failure of the backend: no answer, or a 5xx. */
    public static boolean backendFault(Throwable error, Function<Throwable, BackendStatusException> translate) {
        BackendStatusException answer = find(error, BackendStatusException.class);
        if (answer == null && translate != null) {
            answer = translate.apply(error);
        }
        if (answer != null) {
            return answer.status() >= 500;
        }
        return find(error, IOException.class) != null;
    }

    /** What resilience4j neither counts as a failure nor as a success: a rate limit, the backend being up but busy. */
    public static boolean rateLimitedAnswer(Throwable error, Function<Throwable, BackendStatusException> translate) {
        BackendStatusException answer = find(error, BackendStatusException.class);
        if (answer == null && translate != null) {
            answer = translate.apply(error);
        }
        return answer != null && answer.rateLimited();
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static void rethrow(Throwable caught) throws Exception {
        // the connector's doCatch words the original failure (timeout, unreachable, GitHub's RequestException)
        Throwable t = caught;
        while (t instanceof org.apache.camel.RuntimeCamelException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof Exception e) {
            throw e;
        }
        throw (Error) t;
    }
}
