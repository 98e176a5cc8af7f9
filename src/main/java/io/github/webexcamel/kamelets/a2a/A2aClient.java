package io.github.webexcamel.kamelets.a2a;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.kamelets.BoundedHttp;
import io.github.webexcamel.kamelets.CircuitGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport to one A2A agent: agent card discovery, JSON-RPC calls and SSE streams over
 * {@code java.net.http} (camel-http buffers whole bodies; a stream must be read as it arrives), the OAuth2
 * bearer token, and the HTTP status checked before a stream is read (CAIPE answers 401 with a plain text body
 * labelled {@code text/event-stream}). What the JSON means is the {@link A2aProtocol}'s.
 */
public class A2aClient {

    private static final Logger LOG = LoggerFactory.getLogger(A2aClient.class);
    // what an agent may send, whatever it tries: a card, one answer or event, one line of a stream
    static final int MAX_CARD = 256 * 1024;
    static final int MAX_ANSWER = 4 * 1024 * 1024;
    static final int MAX_LINE = 4 * 1024 * 1024;
    private static final Duration CARD_TIMEOUT = Duration.ofSeconds(15);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "a2a-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** How a stream ended: with the agent's last event, cut before it, or at the deadline. */
    public enum End { FINAL, DROPPED, TIMEOUT }

    private final String baseUrl;
    private final OAuth2Tokens tokens;
    private final ObjectMapper mapper;
    private final Duration cardTtl;
    private final HttpClient http;
    private volatile AgentCard card;
    private CircuitGuard circuit = CircuitGuard.none("The agent");
    private volatile long cardUntil;

    public A2aClient(String baseUrl, OAuth2Tokens tokens, ObjectMapper mapper, Duration cardTtl, HttpClient http) {
        this.baseUrl = baseUrl == null ? "" : baseUrl.strip();
        this.tokens = tokens;
        this.mapper = mapper;
        this.cardTtl = cardTtl;
        this.http = http;
    }

    /** The agent's circuit breaker (a2a.circuit-breaker.*): while it is open, no call is made. */
    public A2aClient circuitGuard(CircuitGuard circuit) {
        this.circuit = circuit;
        return this;
    }

    private long permit() {
        if (!circuit.permitted()) {
            throw new A2aException(circuit.openLine());
        }
        return System.nanoTime();
    }

    public boolean configured() {
        return !baseUrl.isEmpty();
    }

    /** The agent card, from {@code /.well-known/agent-card.json} (or the deprecated {@code agent.json}), cached. */
    public AgentCard card() {
        AgentCard cached = card;
        if (cached != null && System.nanoTime() < cardUntil) {
            return cached;
        }
        String root = baseUrl.replaceAll("/+$", "");
        A2aException failure = null;
        for (String path : new String[] { "/.well-known/agent-card.json", "/.well-known/agent.json" }) {
            long started = permit();
            try {
                HttpResponse<String> response = BoundedHttp.send(http, HttpRequest.newBuilder(URI.create(root + path))
                        .timeout(CARD_TIMEOUT).header("Accept", "application/json").GET().build(), MAX_CARD, CARD_TIMEOUT);
                circuit.answered(started, response.statusCode());
                if (response.statusCode() == 200) {
                    card = AgentCard.parse(mapper.readTree(response.body()), baseUrl);
                    cardUntil = System.nanoTime() + cardTtl.toNanos();
                    return card;
                }
                failure = new A2aException("The agent URL serves no agent card (HTTP " + response.statusCode()
                        + " for " + path + ").");
            } catch (IOException e) {
                circuit.failed(started, e);
                LOG.warn("Agent card from {} not readable: {}", root + path, e.toString());
                failure = new A2aException(e instanceof ConnectException ? "The agent is not reachable."
                        : "The agent's card could not be read: " + e.getClass().getSimpleName() + ".", e);
                if (e instanceof ConnectException) {
                    break;
                }
            } catch (InterruptedException e) {
                circuit.release();
                Thread.currentThread().interrupt();
                throw new A2aException("Interrupted while reading the agent card.", e);
            }
        }
        throw failure;
    }

    /** A unary JSON-RPC call; its {@code result}. JSON-RPC errors throw with their code. */
    public JsonNode call(AgentCard card, A2aProtocol protocol, String method, ObjectNode params, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            long started = permit();
            try {
                HttpResponse<String> response = BoundedHttp.send(http, request(card, protocol, method, params,
                        "application/json", timeout), MAX_ANSWER, timeout);
                circuit.answered(started, response.statusCode());
                if (response.statusCode() == 401 && tokens.enabled() && attempt == 1) {
                    tokens.invalidate();
                    continue;
                }
                checkStatus(response.statusCode());
                JsonNode body = mapper.readTree(response.body());
                checkRpcError(body);
                return body.path("result");
            } catch (IOException e) {
                circuit.failed(started, e);
                throw transport(e, timeout);
            } catch (InterruptedException e) {
                circuit.release();
                Thread.currentThread().interrupt();
                throw new A2aException("Interrupted while calling the agent.", e);
            }
        }
    }

    /**
     * A streaming JSON-RPC call: every SSE {@code data:} is a JSON-RPC response whose result goes to {@code sink} as
     * an event, until an event the agent ends the stream with, the end of the stream, or {@code deadlineNanos}.
     * {@code stop} closes the stream from another thread (set to a closer once the stream is open).
     */
    public End stream(AgentCard card, A2aProtocol protocol, String method, ObjectNode params, Consumer<A2aEvent> sink,
                      long deadlineNanos, Consumer<Runnable> stop) {
        Duration left = Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            long started = permit();
            try {
                // the request's timeout covers the headers; the watchdog below, the body
                response = http.send(request(card, protocol, method, params, "text/event-stream", left),
                        HttpResponse.BodyHandlers.ofInputStream());
                circuit.answered(started, response.statusCode());
            } catch (HttpTimeoutException e) {
                circuit.failed(started, e);
                return End.TIMEOUT;
            } catch (IOException e) {
                circuit.failed(started, e);
                throw transport(e, left);
            } catch (InterruptedException e) {
                circuit.release();
                Thread.currentThread().interrupt();
                throw new A2aException("Interrupted while calling the agent.", e);
            }
            if (response.statusCode() == 401 && tokens.enabled() && attempt == 1) {
                try {
                    response.body().close();
                } catch (IOException ignored) {
                    // only the connection was to be let go
                }
                tokens.invalidate();
                continue;
            }
            try (BoundedHttp.Lines lines = new BoundedHttp.Lines(response.body(), MAX_LINE)) {
                checkStatus(response.statusCode());
                AtomicBoolean timedOut = new AtomicBoolean();
                Closer closer = new Closer(lines, Thread.currentThread());
                ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                    timedOut.set(true);
                    closer.run();
                }, Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                stop.accept(closer);
                try {
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    if (!type.startsWith("text/event-stream")) {
                        // an agent that answered the stream request with one JSON-RPC response (an error, usually)
                        return single(lines, protocol, sink);
                    }
                    return read(lines, protocol, sink) ? End.FINAL : timedOut.get() ? End.TIMEOUT : End.DROPPED;
                } catch (UncheckedIOException | IllegalStateException e) {
                    // the connection was cut (or closed by the watchdog or a cancel) while reading, or the agent sent
                    // more than an answer may hold
                    if (!timedOut.get()) {
                        LOG.warn("The agent's stream ended: {}", e.getMessage());
                    }
                    return timedOut.get() ? End.TIMEOUT : End.DROPPED;
                } finally {
                    watchdog.cancel(false);
                    stop.accept(() -> { });
                    closer.done();
                }
            } catch (IOException e) {
                throw new A2aException("The agent's answer was not JSON-RPC.", e);
            }
        }
    }

    /**
     * Ends a stream from another thread: closes it and interrupts its reader, which may be blocked waiting for bytes
     * from a silent agent — but only while that reader is still on this stream (the thread goes on to other runs).
     */
    private static final class Closer implements Runnable {
        private final BoundedHttp.Lines lines;
        private final Thread reader;
        private boolean active = true;

        Closer(BoundedHttp.Lines lines, Thread reader) {
            this.lines = lines;
            this.reader = reader;
        }

        @Override
        public synchronized void run() {
            if (active) {
                active = false;
                lines.close();
                reader.interrupt();
            }
        }

        synchronized void done() {
            active = false;
            Thread.interrupted(); // an interrupt meant for this stream must not reach the reader's next task
        }
    }

    /** One JSON-RPC response as the whole body, of at most {@link #MAX_ANSWER} characters. */
    private End single(Iterator<String> lines, A2aProtocol protocol, Consumer<A2aEvent> sink) throws IOException {
        StringBuilder text = new StringBuilder();
        while (lines.hasNext()) {
            text.append(lines.next()).append('\n');
            if (text.length() > MAX_ANSWER) {
                throw new UncheckedIOException(new IOException("the answer is longer than " + MAX_ANSWER + " characters"));
            }
        }
        JsonNode body = mapper.readTree(text.toString());
        checkRpcError(body);
        A2aEvent event = protocol.event(body.path("result"));
        if (event != null) {
            sink.accept(event);
        }
        return End.FINAL;
    }

    /** True when an event the agent ends the stream with arrived. */
    private boolean read(Iterator<String> lines, A2aProtocol protocol, Consumer<A2aEvent> sink) throws IOException {
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!data.isEmpty() && dispatch(data.toString(), protocol, sink)) {
                    return true;
                }
                data.setLength(0);
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(5).stripLeading());
                if (data.length() > MAX_ANSWER) {
                    throw new UncheckedIOException(new IOException("an event is longer than " + MAX_ANSWER + " characters"));
                }
            }
            // comments (": ping - …"), event:, id: and retry: lines carry nothing the client needs
        }
        return !data.isEmpty() && dispatch(data.toString(), protocol, sink);
    }

    private boolean dispatch(String data, A2aProtocol protocol, Consumer<A2aEvent> sink) throws IOException {
        JsonNode body = mapper.readTree(data);
        checkRpcError(body);
        A2aEvent event = protocol.event(body.path("result"));
        if (event == null) {
            return false;
        }
        sink.accept(event);
        return event.last();
    }

    private HttpRequest request(AgentCard card, A2aProtocol protocol, String method, ObjectNode params, String accept,
                                Duration timeout) throws IOException {
        ObjectNode rpc = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", UUID.randomUUID().toString())
                .put("method", method);
        rpc.set("params", params);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(card.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .header("X-Client-Source", "webex-camel-gateway")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(rpc)));
        protocol.headers(request);
        String token = tokens.token();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static void checkStatus(int status) {
        if (status == 200) {
            return;
        }
        throw new A2aException(switch (status) {
            case 401, 403 -> "The agent refused the gateway's credentials (HTTP " + status + "): check its OAuth2 client settings.";
            case 404 -> "The agent's endpoint was not found (HTTP 404): check the agent URL and the card's url.";
            case 429 -> "The agent is rate limited (HTTP 429); try again in a moment.";
            default -> status >= 500 ? "The agent is failing (HTTP " + status + "); try again later."
                    : "The agent rejected the request (HTTP " + status + ").";
        });
    }

    private static void checkRpcError(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isObject()) {
            int code = error.path("code").asInt();
            String message = error.path("message").asText("").replaceAll("\\s+", " ");
            if (message.length() > 200) {
                message = message.substring(0, 200) + "…";
            }
            throw new A2aException("The agent answered with an error: " + message + " (" + code + ").", code, null);
        }
    }

    private static A2aException transport(IOException e, Duration timeout) {
        LOG.warn("A2A call failed: {}", e.toString());
        if (e instanceof ConnectException) {
            return new A2aException("The agent is not reachable; try again later.", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new A2aException("The agent did not answer within " + timeout.toSeconds() + " seconds.", e);
        }
        return new A2aException("The connection to the agent failed (" + e.getClass().getSimpleName() + ").", e);
    }
}
