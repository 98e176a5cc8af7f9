package io.github.webexcamel.kamelets.a2a;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.kamelets.ActionException;
import io.github.webexcamel.kamelets.CircuitBreakers;
import io.github.webexcamel.kamelets.CircuitGuard;
import io.github.webexcamel.kamelets.RetryAfter;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of {@code a2a-agent-action.kamelet.yaml}: one agent (its card, its OAuth2 token, its circuit breaker) and
 * the operations on it, chosen by the header {@code a2aOperation}:
 * <ul>
 * <li>{@code send} (the default): the body (the request as text, or a JSON object {@code {"text": …, "data": {…}}})
 * goes to the agent as a user message, continuing the headers' {@code a2aContextId} and {@code a2aTaskId} when set;
 * {@code message/stream} when the card says the agent streams (resubscribing when the stream drops), else
 * {@code message/send} and {@code tasks/get} until the task stops. While it works, the progress as Markdown goes to
 * {@code progressUri} (at once when the agent names its task, then at most every {@code progressInterval}); at the
 * end the body is the outcome as JSON: state, contextId, taskId, answer, status, progress (plan and tool lines),
 * inputRequest (what an input-required task asks for), error (the run's failure in one line).</li>
 * <li>{@code card}: the agent card as JSON (name, description, protocolVersion, streaming, skills, supported).</li>
 * <li>{@code cancel}: cancels task {@code a2aTaskId}; a stream of it still open here is closed after a grace.</li>
 * </ul>
 * Failures before the agent took the request (not configured, not reachable, credentials refused, circuit open) end
 * in an {@link A2aException}, an {@link ActionException} with one line.
 */
public class A2aAgentAction {

    public static final String OPERATION = "a2aOperation";
    public static final String CONTEXT_ID = "a2aContextId";
    public static final String TASK_ID = "a2aTaskId";
    public static final String STATE = "a2aState";
    private static final Logger LOG = LoggerFactory.getLogger(A2aAgentAction.class);
    private static final int MAX_RESUBSCRIBES = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "a2a-progress");
        t.setDaemon(true);
        return t;
    });

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Stream> open = new ConcurrentHashMap<>();
    private String url = "";
    private String tokenUrl = "";
    private String clientId = "";
    private String clientSecret = "";
    private String scope = "";
    private String audience = "";
    private int timeoutSeconds = 300;
    private String refreshBefore = "60s";
    private String cardTtl = "5m";
    private String progressUri = "";
    private String progressInterval = "3s";
    private String circuitBreaker = "a2a";
    private int failureThreshold = 5;
    private String openDuration = "30s";
    private volatile A2aClient client;
    private volatile ProducerTemplate producer;

    public void setUrl(String url) {
        this.url = url == null ? "" : url.strip();
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl == null ? "" : tokenUrl.strip();
    }

    public void setClientId(String clientId) {
        this.clientId = clientId == null ? "" : clientId;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret == null ? "" : clientSecret;
    }

    public void setScope(String scope) {
        this.scope = scope == null ? "" : scope;
    }

    public void setAudience(String audience) {
        this.audience = audience == null ? "" : audience;
    }

    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public void setRefreshBefore(String refreshBefore) {
        this.refreshBefore = refreshBefore;
    }

    public void setCardTtl(String cardTtl) {
        this.cardTtl = cardTtl;
    }

    public void setProgressUri(String progressUri) {
        this.progressUri = progressUri == null ? "" : progressUri.strip();
    }

    public void setProgressInterval(String progressInterval) {
        this.progressInterval = progressInterval;
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

    private synchronized A2aClient client(Exchange exchange) {
        if (url.isEmpty()) {
            throw new A2aException("No agent is configured: the kamelet needs its url.");
        }
        if (client == null) {
            producer = exchange.getContext().createProducerTemplate();
            OAuth2Tokens tokens = new OAuth2Tokens(tokenUrl, clientId, clientSecret, scope, audience,
                    RetryAfter.duration(refreshBefore), HTTP, mapper);
            client = new A2aClient(url, tokens, mapper, RetryAfter.duration(cardTtl), HTTP).circuitGuard(
                    new CircuitGuard("The agent", CircuitBreakers.named(circuitBreaker, failureThreshold, openDuration)));
        }
        return client;
    }

    /** Dispatches on the header {@code a2aOperation}. */
    public void process(Exchange exchange) throws Exception {
        String operation = exchange.getIn().getHeader(OPERATION, "send", String.class).strip().toLowerCase();
        switch (operation) {
            case "card" -> card(exchange);
            case "cancel" -> cancel(exchange);
            case "send", "" -> send(exchange);
            default -> throw new ActionException("Unknown a2aOperation " + operation.replaceAll("[^a-z-]", "")
                    + ": send, card or cancel.");
        }
    }

    // ---------------------------------------------------------------- card

    public void card(Exchange exchange) throws Exception {
        AgentCard card = client(exchange).card();
        ObjectNode out = mapper.createObjectNode();
        out.put("name", card.name());
        out.put("description", card.description());
        out.put("protocolVersion", card.protocolVersion());
        out.put("majorMinor", card.majorMinor());
        out.put("streaming", card.streaming());
        ArrayNode skills = out.putArray("skills");
        card.skills().forEach(skills::add);
        boolean supported = true;
        try {
            A2aProtocol.forCard(card);
        } catch (A2aException e) {
            supported = false;
            out.put("unsupported", e.getMessage());
        }
        out.put("supported", supported);
        exchange.getMessage().setBody(mapper.writeValueAsString(out));
    }

    // ---------------------------------------------------------------- cancel

    public void cancel(Exchange exchange) throws Exception {
        String taskId = exchange.getIn().getHeader(TASK_ID, String.class);
        if (taskId == null || taskId.isBlank()) {
            throw new ActionException("Cancel needs the task: header a2aTaskId.");
        }
        A2aClient agent = client(exchange);
        AgentCard card = agent.card();
        A2aProtocol protocol = A2aProtocol.forCard(card);
        Stream stream = open.get(taskId);
        if (stream != null) {
            stream.canceled = true;
        }
        try {
            A2aEvent event = protocol.event(agent.call(card, protocol, protocol.cancelMethod(),
                    protocol.taskIdParams(taskId), Duration.ofSeconds(30)));
            String state = event == null || event.state() == null ? "canceled" : event.state();
            if (stream != null) {
                // the agent ends the stream with the canceled state; one that does not is closed after a grace
                TICKER.schedule(stream::stop, 5, TimeUnit.SECONDS);
            }
            exchange.getMessage().setHeader(STATE, state);
            exchange.getMessage().setBody(mapper.writeValueAsString(mapper.createObjectNode().put("state", state)
                    .put("taskId", taskId)));
        } catch (A2aException e) {
            if (stream != null) {
                stream.canceled = false;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- send

    /** The run of one request; its stream, as the cancel of its task finds it. */
    private static final class Stream {
        volatile boolean canceled;
        volatile Runnable stopper = () -> { };

        void stop() {
            stopper.run();
        }
    }

    public void send(Exchange exchange) throws Exception {
        A2aClient agent = client(exchange);
        String text;
        JsonNode data = null;
        Object body = exchange.getIn().getBody();
        JsonNode json = body instanceof Map<?, ?> map ? mapper.valueToTree(map) : null;
        String raw = body == null ? "" : exchange.getIn().getBody(String.class);
        if (json == null && raw != null && raw.strip().startsWith("{")) {
            try {
                json = mapper.readTree(raw);
            } catch (Exception notJson) {
                json = null; // text that starts with a brace
            }
        }
        if (json != null && json.isObject() && (json.has("text") || json.has("data"))) {
            text = json.path("text").asText("");
            data = json.path("data").isObject() ? json.path("data") : null;
        } else {
            text = raw == null ? "" : raw.strip();
        }
        if (text.isBlank() && data == null) {
            throw new ActionException("The agent needs a request: text, or {\"text\": …, \"data\": {…}} as the body.");
        }
        String contextId = blankToNull(exchange.getIn().getHeader(CONTEXT_ID, String.class));
        String taskId = blankToNull(exchange.getIn().getHeader(TASK_ID, String.class));
        AgentCard card = agent.card();
        A2aProtocol protocol = A2aProtocol.forCard(card);
        ObjectNode params = protocol.sendParams(UUID.randomUUID().toString(), text, data, contextId, taskId);
        exchange.getIn().removeHeaders("*", "Camel(?!Http).*");

        Run run = new Run(exchange, agent, card, protocol);
        run.progress.contextId = contextId;
        run.progress.taskId = taskId;
        long interval = Math.max(50, RetryAfter.duration(progressInterval).toMillis());
        ScheduledFuture<?> tick = TICKER.scheduleWithFixedDelay(run::tick, interval, interval, TimeUnit.MILLISECONDS);
        String failure;
        try {
            failure = run.run(params, interval);
        } finally {
            tick.cancel(false);
            if (run.progress.taskId != null) {
                open.remove(run.progress.taskId, run.stream);
            }
        }
        AgentProgress progress = run.progress;
        String state = progress.state;
        if (failure == null && run.stream.canceled && !A2aEvent.stops(state)) {
            state = "canceled";
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("agent", card.name());
        out.put("state", state);
        out.put("contextId", progress.contextId);
        out.put("taskId", progress.taskId);
        out.put("answer", progress.answer());
        out.put("status", progress.statusMessage());
        out.put("progress", progress.render(""));
        JsonNode input = progress.inputRequest();
        if (input != null && ("input-required".equals(state) || "auth-required".equals(state))) {
            out.set("inputRequest", input);
        }
        if (failure != null) {
            out.put("error", failure);
        }
        exchange.getMessage().setHeader(STATE, failure != null ? "failed" : state);
        exchange.getMessage().setHeader(CONTEXT_ID, progress.contextId);
        exchange.getMessage().setHeader(TASK_ID, progress.taskId);
        exchange.getMessage().setBody(mapper.writeValueAsString(out));
    }

    private final class Run {
        final Exchange exchange;
        final A2aClient agent;
        final AgentCard card;
        final A2aProtocol protocol;
        final AgentProgress progress = new AgentProgress(mapper);
        final Stream stream = new Stream();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        private boolean named;

        Run(Exchange exchange, A2aClient agent, AgentCard card, A2aProtocol protocol) {
            this.exchange = exchange;
            this.agent = agent;
            this.card = card;
            this.protocol = protocol;
        }

        /** Applies an event; the caller hears of the task as soon as the agent names it, so a cancel finds it. */
        void apply(A2aEvent event) {
            progress.apply(event);
            if (!named && progress.taskId != null) {
                named = true;
                open.put(progress.taskId, stream);
                tick();
            }
        }

        /** The progress so far to progressUri, when something new arrived. */
        synchronized void tick() {
            if (progressUri.isEmpty() || !progress.takeDirty()) {
                return;
            }
            Exchange copy = exchange.copy();
            copy.getIn().setHeader(STATE, progress.state);
            copy.getIn().setHeader(CONTEXT_ID, progress.contextId);
            copy.getIn().setHeader(TASK_ID, progress.taskId);
            copy.getIn().setBody(progress.renderProgress("Working"));
            Exchange sent = producer.send(progressUri, copy);
            if (sent.getException() != null) {
                LOG.warn("Progress to {} failed: {}", progressUri, sent.getException().toString());
            }
        }

        /** The run's failure in one line, or null. */
        String run(ObjectNode params, long interval) {
            try {
                A2aClient.End end;
                if (card.streaming()) {
                    end = agent.stream(card, protocol, protocol.streamMethod(), params, this::apply, deadline,
                            s -> stream.stopper = s);
                    int resubscribes = 0;
                    while (end == A2aClient.End.DROPPED && !stream.canceled && progress.taskId != null
                            && !A2aEvent.stops(progress.state) && resubscribes++ < MAX_RESUBSCRIBES) {
                        LOG.info("The stream of agent task {} dropped; resubscribing", progress.taskId);
                        end = agent.stream(card, protocol, protocol.resubscribeMethod(),
                                protocol.taskIdParams(progress.taskId), this::apply, deadline, s -> stream.stopper = s);
                    }
                } else {
                    end = poll(params, interval);
                }
                if (end == A2aClient.End.TIMEOUT) {
                    cancelQuietly();
                    return "The agent did not finish within " + timeoutSeconds + " seconds; its task was canceled.";
                }
                if (end == A2aClient.End.DROPPED && !stream.canceled && !A2aEvent.stops(progress.state)) {
                    return "The connection to the agent dropped before it finished, and it could not be resumed.";
                }
                return null;
            } catch (A2aException e) {
                if (e.rpcCode() == -32004 || e.rpcCode() == -32601) {
                    return "The connection to the agent dropped before it finished, and the agent cannot resume it ("
                            + e.getMessage().replaceFirst("^The agent answered with an error: ", "") + ")";
                }
                return e.getMessage();
            } catch (RuntimeException e) {
                LOG.error("Agent run failed", e);
                return "Something went wrong while talking to the agent; the details are in the log.";
            }
        }

        /** message/send, then tasks/get until the task stops (an agent that does not stream). */
        private A2aClient.End poll(ObjectNode params, long interval) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            A2aEvent event = protocol.event(agent.call(card, protocol, protocol.sendMethod(), params, left));
            if (event != null) {
                apply(event);
            }
            while (progress.taskId != null && progress.state != null && !A2aEvent.stops(progress.state)) {
                if (System.nanoTime() > deadline) {
                    return A2aClient.End.TIMEOUT;
                }
                if (stream.canceled) {
                    return A2aClient.End.DROPPED;
                }
                try {
                    Thread.sleep(Math.min(2000, interval));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return A2aClient.End.DROPPED;
                }
                A2aEvent polled = protocol.event(agent.call(card, protocol, "tasks/get",
                        protocol.taskIdParams(progress.taskId), Duration.ofSeconds(30)));
                if (polled != null) {
                    apply(polled);
                }
            }
            return A2aClient.End.FINAL;
        }

        private void cancelQuietly() {
            if (progress.taskId == null) {
                return;
            }
            try {
                agent.call(card, protocol, protocol.cancelMethod(), protocol.taskIdParams(progress.taskId),
                        Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.info("Could not cancel the timed-out agent task: {}", e.getMessage());
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
