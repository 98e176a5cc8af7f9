package io.github.webexcamel.gateway.webex.rest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.webexcamel.kamelets.RetryAfter;
import io.github.webexcamel.gateway.webex.Backoff;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.ProxyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Non-blocking client for the Webex REST API (and the U2C/WDM services, which share its auth and error
 * conventions). Every call returns a Vert.x {@link Future}; nothing here blocks the event loop. 429 and
 * 5xx answers are retried with Retry-After or capped exponential backoff.
 */
public class WebexRestClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebexRestClient.class);
    private static final Duration DEFAULT_RETRY_WAIT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final String apiUrl;
    private final String authorization;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration maxRetryWait;
    private final Duration maxRateLimitWait = Duration.ofMinutes(5);
    private static final long MAX_BACKOFF_MILLIS = 8000;
    private Duration readTimeout = Duration.ofSeconds(5);
    private Duration writeRetryBudget = Duration.ZERO;
    /** Event-loop contexts that calls from route threads are handed to (see {@link #call}). */
    private final Context[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    /** For the metrics: calls asked again, and 429 answers (each one, retried or not). */
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    public WebexRestClient(Vertx vertx, ObjectMapper mapper, String apiUrl, String token, ProxyOptions proxy,
                           Duration timeout, int maxAttempts, Duration maxRetryWait, int poolSize) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.authorization = "Bearer " + token;
        this.timeout = timeout;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.maxRetryWait = maxRetryWait;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(poolSize)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        if (proxy != null) {
            options.setProxyOptions(proxy);
        }
        this.client = vertx.createHttpClient(options);
        int loopCount = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        this.loops = new Context[loopCount];
        for (int i = 0; i < loopCount; i++) {
            loops[i] = vertx instanceof VertxInternal internal ? internal.createEventLoopContext() : vertx.getOrCreateContext();
        }
    }

    /** How long a GET or HEAD may stay silent before it is retried (writes use the request timeout). */
    public WebexRestClient readTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
        return this;
    }

    /** How long a write failing with 5xx or no answer is retried after its {@code maxAttempts} (zero: not). */
    public WebexRestClient writeRetryBudget(Duration budget) {
        this.writeRetryBudget = budget;
        return this;
    }

    public String apiUrl() {
        return apiUrl;
    }

    /** {@code pathOrUrl} is either absolute (U2C, WDM, file URLs) or relative to the REST base. */
    public Future<JsonNode> get(String pathOrUrl) {
        return call(HttpMethod.GET, pathOrUrl, null).map(Response::json);
    }

    public Future<JsonNode> post(String pathOrUrl, Object body) {
        return call(HttpMethod.POST, pathOrUrl, body).map(Response::json);
    }

    public Future<JsonNode> put(String pathOrUrl, Object body) {
        return call(HttpMethod.PUT, pathOrUrl, body).map(Response::json);
    }

    public Future<Void> delete(String pathOrUrl) {
        return call(HttpMethod.DELETE, pathOrUrl, null).mapEmpty();
    }

    /**
     * One DELETE, not retried and given at most {@code limit} to connect and answer: for what a stopping gateway
     * tidies up (its WDM device), which must not hold the stop for the write retry budget while Webex is out of reach.
     */
    public Future<Void> deleteOnce(String pathOrUrl, Duration limit) {
        return call(HttpMethod.DELETE, pathOrUrl, null, limit).mapEmpty();
    }

    public Future<MultiMap> head(String pathOrUrl) {
        return call(HttpMethod.HEAD, pathOrUrl, null).map(Response::headers);
    }

    private Future<Response> call(HttpMethod method, String pathOrUrl, Object body) {
        return call(method, pathOrUrl, body, null);
    }

    /** @param once null, or the bound of a single attempt that is not retried */
    private Future<Response> call(HttpMethod method, String pathOrUrl, Object body, Duration once) {
        String url = pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://") ? pathOrUrl
                : apiUrl + (pathOrUrl.startsWith("/") ? "" : "/") + pathOrUrl;
        Buffer payload;
        try {
            payload = body == null ? null : Buffer.buffer(mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        Promise<Response> promise = Promise.promise();
        long startedAt = System.nanoTime();
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext()) {
            attempt(method, url, payload, 1, startedAt, once, promise);
        } else {
            // A request made from a route thread (no Vert.x context) now and then lost its answer's body under
            // load: the 200 arrived, body() never completed, and since the exchange had ended no idle timeout
            // fired either. Made from an event loop, the request and its answer stay on one context.
            loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)]
                    .runOnContext(v -> attempt(method, url, payload, 1, startedAt, once, promise));
        }
        return promise.future();
    }

    private void attempt(HttpMethod method, String url, Buffer payload, int attempt, long startedAt, Duration once,
                         Promise<Response> promise) {
        // reads are safe to repeat, so a silent one is given up on sooner than a write
        long usual = method == HttpMethod.GET || method == HttpMethod.HEAD ? Math.min(readTimeout.toMillis(), timeout.toMillis())
                : timeout.toMillis();
        long idle = once == null ? usual : Math.max(1, Math.min(usual, once.toMillis()));
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(url)
                .setIdleTimeout(idle)
                // bounds the wait for a pooled connection too, which the idle timeout does not cover
                .setConnectTimeout(once == null ? timeout.toMillis() : idle)
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        if (payload != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        client.request(options)
                .compose(request -> payload == null ? request.send() : request.send(payload))
                .compose(response -> body(method, url, response, idle))
                .onComplete(result -> {
                    WebexApiException failure;
                    if (result.succeeded() && result.result().status() < 300) {
                        promise.complete(result.result());
                        return;
                    } else if (result.succeeded()) {
                        failure = toException(method, url, result.result());
                    } else {
                        failure = new WebexApiException(method.name(), pathOf(url), result.cause());
                    }
                    if (failure.status() == 429) {
                        rateLimited.incrementAndGet();
                    }
                    Duration wait = failure.retryAfter() != null ? failure.retryAfter() : backoff(attempt);
                    if (once == null && shouldRetry(failure, method, attempt, startedAt, wait)) {
                        retries.incrementAndGet();
                        vertx.setTimer(Math.max(1, wait.toMillis()),
                                id -> attempt(method, url, payload, attempt + 1, startedAt, null, promise));
                    } else {
                        promise.fail(failure);
                    }
                });
    }

    /**
     * The answer's body, bounded in time: should the body still go missing after the status line came, a read
     * is failed (and retried) and a write that Webex accepted completes without a body rather than hang.
     */
    private Future<Response> body(HttpMethod method, String url, HttpClientResponse response, long idle) {
        Promise<Response> body = Promise.promise();
        long guard = vertx.setTimer(Math.max(1, idle), id -> {
            if (response.statusCode() < 300 && method != HttpMethod.GET && method != HttpMethod.HEAD) {
                if (body.tryComplete(new Response(response.statusCode(), response.headers(), null))) {
                    LOG.warn("{} {} was accepted (HTTP {}) but its answer's body did not arrive within {} ms",
                            method, pathOf(url), response.statusCode(), idle);
                }
            } else {
                body.tryFail(new IllegalStateException("the answer's body did not arrive within " + idle + " ms"));
            }
        });
        response.body().onComplete(result -> {
            vertx.cancelTimer(guard);
            if (result.succeeded()) {
                body.tryComplete(new Response(response.statusCode(), response.headers(), result.result()));
            } else {
                body.tryFail(result.cause());
            }
        });
        return body.future();
    }

    /**
     * A rate limit (429, or 423 while a file is scanned) says "not yet", never "no": it is retried for as
     * long as {@code maxRateLimitWait} allows, so a 429 storm delays replies but loses none. Other
     * failures (5xx, no answer) get {@code maxAttempts}; a write (a reply, an edit) is then retried for as long as
     * {@code writeRetryBudget} allows, so Webex's own outage delays a reply instead of turning it into an apology.
     */
    private boolean shouldRetry(WebexApiException failure, HttpMethod method, int attempt, long startedAt, Duration wait) {
        if (!failure.isRetryable()) {
            return false;
        }
        long elapsed = System.nanoTime() - startedAt;
        if (failure.status() == 429 || failure.status() == 423) {
            return elapsed + wait.toNanos() <= maxRateLimitWait.toNanos();
        }
        if (attempt < maxAttempts) {
            return true;
        }
        boolean write = method != HttpMethod.GET && method != HttpMethod.HEAD;
        return write && elapsed + wait.toNanos() <= writeRetryBudget.toNanos();
    }

    private Duration backoff(int attempt) {
        // at most 8 s apart: once Webex is back, a waiting reply goes out within seconds
        return Duration.ofMillis(Backoff.of(250, Math.min(maxRetryWait.toMillis(), MAX_BACKOFF_MILLIS)).delayMillis(attempt));
    }

    private WebexApiException toException(HttpMethod method, String url, Response response) {
        String message = null;
        String trackingId = response.headers().get("TrackingID");
        JsonNode json = response.jsonOrMissing();
        if (json.hasNonNull("message")) {
            message = json.get("message").asText();
        }
        if (json.hasNonNull("trackingId")) {
            trackingId = json.get("trackingId").asText();
        }
        Duration retryAfter = null;
        if (response.status() == 429 || response.status() == 423 || response.status() == 503) {
            retryAfter = RetryAfter.parse(response.headers().get("Retry-After"), DEFAULT_RETRY_WAIT, maxRetryWait);
        }
        return new WebexApiException(method.name(), pathOf(url), response.status(), message, trackingId, retryAfter);
    }

    /** Only the path goes into errors: query strings may carry e-mail addresses. */
    private static String pathOf(String url) {
        try {
            return URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            return "<invalid url>";
        }
    }

    /** Calls retried since start (each retry once). */
    public long retries() {
        return retries.get();
    }

    /** 429 answers received since start. */
    public long rateLimited() {
        return rateLimited.get();
    }

    @Override
    public void close() {
        client.close();
    }

    private final class Response {
        private final int status;
        private final MultiMap headers;
        private final Buffer body;

        Response(int status, MultiMap headers, Buffer body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        int status() {
            return status;
        }

        MultiMap headers() {
            return headers;
        }

        JsonNode json() {
            if (body == null || body.length() == 0) {
                return MissingNode.getInstance();
            }
            try {
                // read where the answer lies rather than from a copy of it (one per REST call, on the event loop)
                ByteBuf bytes = body.getByteBuf();
                return bytes.hasArray()
                        ? mapper.readTree(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes())
                        : mapper.readTree(body.getBytes());
            } catch (IOException e) {
                throw new WebexApiException("parse", "response", status,
                        "answer is not JSON (" + body.length() + " bytes)", headers.get("TrackingID"), null);
            }
        }

        JsonNode jsonOrMissing() {
            try {
                return json();
            } catch (WebexApiException e) {
                return MissingNode.getInstance();
            }
        }
    }
}
