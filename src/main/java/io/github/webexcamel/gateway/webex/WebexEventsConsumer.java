package io.github.webexcamel.gateway.webex;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.mercury.DeviceRegistry;
import io.github.webexcamel.gateway.webex.mercury.MercuryConnection;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Webex activities over Mercury and turns each into one exchange. Events of one room are handled
 * in arrival order, rooms in parallel. The socket's event loop parses, filters and starts the event's REST
 * fetch (non-blocking); the exchange runs on a worker thread, never on an event loop.
 */
public class WebexEventsConsumer extends DefaultConsumer implements ShutdownAware {

    private static final Logger LOG = LoggerFactory.getLogger(WebexEventsConsumer.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** Catch-up reads from a little before the last event heard: events still queued then are covered too. */
    private static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(2);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);

    private final WebexConfiguration config;
    private final AtomicInteger inFlight = new AtomicInteger();
    /**
     * Bumped at every start. Camel restarts a stopped route with this same consumer, so events queued before
     * a stop would otherwise run after the restart too, beside the catch-up that reads them back: twice.
     */
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean paused;
    private WebexIdentity me;
    private MercuryConnection connection;
    private ActivityResolver resolver;
    private OrderedLanes lanes;
    private ExecutorService workers;
    private CatchUp catchUp;
    private Checkpoint checkpoint;
    private Instant startedAt;
    /** Live activities that arrive while missed messages are being read back; touched on the socket's loop only. */
    private final List<JsonNode> held = new ArrayList<>();
    private volatile boolean catchingUp;
    private long catchUpRound;
    private Context connectionContext;
    private long reconcileTimer = -1;
    private long backpressureTimer = -1;
    private long startRetryTimer = -1;
    private volatile String startupProblem;
    /** Webhook deliveries are taken (ingress webhook or both, once the bot's identity is known). */
    private volatile boolean webhookReady;
    /** Readiness (socket authorised) and liveness, in Camel's health check registry while the route exists. */
    private WebexEventsHealthCheck healthCheck;
    private final Set<EventDone> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong stuckEvents = new AtomicLong();
    /**
     * Activity uuids that reached us (socket or catch-up), so reconciliation only picks up the truly missing.
     * 20,000 is far more than can be in flight (maxInFlight) or arrive within the few minutes reconciliation
     * looks back; older ones are answered by the event store.
     */
    private final Set<String> seen = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 20_000;
        }
    }));

    WebexEventsConsumer(WebexEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.config = endpoint.getConfiguration();
    }

    @Override
    public WebexEndpoint getEndpoint() {
        return (WebexEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        registerHealthCheck();
        WebexComponent component = getEndpoint().getComponent();
        workers = component.workers(config);
        if (lanes == null) {
            // kept across a route restart: a room's leftover events and its caught-up ones share one lane
            lanes = new OrderedLanes();
        }
        generation.incrementAndGet();
        paused = false;
        connection = null;
        webhookReady = false;
        component.register(this);
        try {
            me = component.identity(config);
        } catch (WebexAuthenticationException e) {
            throw e;
        } catch (RuntimeException e) {
            // Webex (or the way to it) is down: the gateway starts anyway, DOWN in health, and keeps trying
            startupProblem = e.getMessage();
            LOG.warn("Webex is not reachable yet ({}); retrying in the background", e.getMessage());
            retryStart(config.getReconnectInitialDelay());
            return;
        }
        connect(component, true);
    }

    /** Reads the bot's identity again later, with the reconnect backoff, and connects once it is known. */
    private void retryStart(long delay) {
        WebexComponent component = getEndpoint().getComponent();
        long startedIn = generation.get();
        startRetryTimer = component.vertx().setTimer(Math.max(1, delay), id -> runOffLoop(() -> {
            if (!isRunAllowed() || startedIn != generation.get()) {
                return;
            }
            try {
                me = component.identity(config); // blocking, hence on a worker
            } catch (WebexAuthenticationException e) {
                startupProblem = e.getMessage();
                LOG.warn("{}; the webex consumer stops trying", e.getMessage());
                return;
            } catch (RuntimeException e) {
                startupProblem = e.getMessage();
                LOG.debug("Webex still not reachable: {}", e.getMessage());
                retryStart(Math.min(config.getReconnectMaxDelay(), delay * 2));
                return;
            }
            startupProblem = null;
            LOG.info("Webex is reachable now: connecting");
            try {
                connect(component, false);
            } catch (Exception e) {
                getExceptionHandler().handleException("Cannot connect to Webex", e);
            }
        }));
    }

    private void runOffLoop(Runnable work) {
        try {
            workers.execute(work);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Workers stopped: not retrying the start");
        }
    }

    /** Mercury and everything around it; waits for the first connection only when the start-up may wait. */
    private void connect(WebexComponent component, boolean waitForFirstConnection) throws Exception {
        WebexRestClient rest = component.restClient(config);
        DeviceRegistry devices = new DeviceRegistry(rest, config.getU2cUrl(), config.getDeviceName())
                .pruneOthers(config.isPruneOtherGatewayDevices());
        resolver = new ActivityResolver(rest, devices, component.mapper(), me);
        catchUp = new CatchUp(rest, me);
        checkpoint = component.checkpoint(config);
        startedAt = Instant.now();
        webhookReady = config.webhookIngress();
        if (!config.mercuryIngress()) {
            // webhooks only: no socket, so no catch-up or reconciliation; the watchdog still guards each room
            LOG.info("Webex ingress is webhook: no Mercury socket is opened; events come from webhook deliveries");
            backpressureTimer = component.vertx().setPeriodic(1000, id -> {
                if (config.getEventTimeout() > 0) {
                    sweepStuckEvents();
                }
            });
            return;
        }
        connection = new MercuryConnection(component.vertx(), config, devices, component.mapper(),
                WebexComponent.proxyOptions(config), new MercuryConnection.Listener() {
                    @Override
                    public void onActivity(JsonNode activity) {
                        WebexEventsConsumer.this.onActivity(activity);
                    }

                    @Override
                    public void onConnected(boolean reconnect) {
                        WebexEventsConsumer.this.onConnected(reconnect);
                    }
                });
        backpressureTimer = component.vertx().setPeriodic(1000, id -> {
            if (paused && inFlight.get() <= config.getMaxInFlight() / 2) {
                paused = false;
                LOG.info("Routes caught up: reading the socket again");
                connection.resume();
            }
            if (config.getEventTimeout() > 0) {
                sweepStuckEvents();
            }
        });
        if (!waitForFirstConnection) {
            connection.start();
            return;
        }
        try {
            connection.start().toCompletionStage().toCompletableFuture()
                    .get(config.getStartupTimeout(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebexAuthenticationException auth) {
                throw auth;
            }
            LOG.warn("Webex is not reachable yet ({}); retrying in the background", e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("Mercury did not connect within {} ms; still trying in the background", config.getStartupTimeout());
        }
    }

    /**
     * On the socket's event loop, once authorised: reads back what was said while the gateway was away,
     * and holds live events until then so each room still sees its messages in order.
     */
    private void onConnected(boolean reconnect) {
        connectionContext = Vertx.currentContext();
        startReconciling();
        Instant floor = Instant.now().minusMillis(config.getCatchUpWindow());
        Instant since;
        if (reconnect) {
            Instant last = connection.lastEventAt() != null ? connection.lastEventAt() : startedAt;
            since = last.minus(CATCH_UP_MARGIN);
        } else {
            Instant seen = checkpoint.read();
            since = seen == null ? null : seen.minus(CATCH_UP_MARGIN);
        }
        if (since == null || config.getCatchUpWindow() <= 0) {
            return;
        }
        if (since.isBefore(floor)) {
            since = floor;
        }
        catchingUp = true;
        long round = ++catchUpRound;
        long began = System.nanoTime();
        // a catch-up that hangs (an unanswered REST call) must not hold live events for ever
        long guard = getEndpoint().getComponent().vertx().setTimer(CATCH_UP_LIMIT.toMillis(), id -> {
            if (catchingUp && round == catchUpRound) {
                LOG.warn("Catch-up did not finish within {} s; letting live events through", CATCH_UP_LIMIT.toSeconds());
                releaseHeld();
            }
        });
        catchUp.run(since, (room, message) -> {
            seen.add(WebexIds.uuidOf(message.path("id").asText()));
            enqueue(room, "catch-up", done -> resolver.fromMessage(message)
                    .onComplete(result -> afterResolve(result, "catch-up", done)));
        })
                .onComplete(result -> {
                    getEndpoint().getComponent().vertx().cancelTimer(guard);
                    if (result.succeeded()) {
                        LOG.info("Caught up on {} message(s) sent while disconnected ({} ms, {} live held)",
                                result.result(), (System.nanoTime() - began) / 1_000_000, held.size());
                    } else {
                        LOG.warn("Could not read back messages sent while disconnected: {}", result.cause().getMessage());
                    }
                    if (round == catchUpRound) {
                        releaseHeld();
                    }
                });
    }

    /**
     * A safety net under the socket: now and then, read back the recent messages and handle any that never
     * arrived (a frame lost between Webex and us leaves no other trace). Handled ones are skipped by id.
     */
    private void startReconciling() {
        if (reconcileTimer >= 0 || config.getReconcileInterval() <= 0) {
            return;
        }
        Vertx vertx = getEndpoint().getComponent().vertx();
        reconcileTimer = vertx.setPeriodic(config.getReconcileInterval(), id -> {
            if (!isRunAllowed() || catchingUp || connection.state() != MercuryState.CONNECTED) {
                return;
            }
            // messages younger than one interval may still be on their way through the socket
            Instant until = Instant.now().minusMillis(config.getReconcileInterval());
            Instant since = until.minusMillis(2 * config.getReconcileInterval());
            IdempotentRepository handled = config.getEventRepository();
            List<Map.Entry<String, JsonNode>> recent = new ArrayList<>();
            catchUp.run(since, until, (room, message) -> recent.add(Map.entry(room, message)))
                    .onSuccess(count -> workers.execute(() -> {
                        // the event store may block (file lock, database): never on the event loop
                        for (Map.Entry<String, JsonNode> entry : recent) {
                            String messageId = entry.getValue().path("id").asText();
                            if (seen.contains(WebexIds.uuidOf(messageId)) || (handled != null && handled.contains(messageId))) {
                                continue;
                            }
                            seen.add(WebexIds.uuidOf(messageId));
                            LOG.warn("Reconciliation found message {} in room {} that never arrived on the socket;"
                                    + " handling it now", WebexIds.uuidOf(messageId), entry.getKey());
                            JsonNode message = entry.getValue();
                            enqueue(entry.getKey(), "reconciled", done -> resolver.fromMessage(message)
                                    .onComplete(result -> afterResolve(result, "reconciled", done)));
                        }
                    }))
                    .onFailure(e -> LOG.debug("Reconciliation skipped: {}", e.getMessage()));
        });
    }

    /** Lets the live events held during a catch-up through, in arrival order, behind the caught-up ones. */
    private void releaseHeld() {
        connectionContext.runOnContext(v -> {
            catchingUp = false;
            List<JsonNode> live = new ArrayList<>(held);
            held.clear();
            live.forEach(this::onActivity);
        });
    }

    /** On the socket's event loop: filter cheaply, then queue in the room's lane. */
    private void onActivity(JsonNode activity) {
        if (!isRunAllowed() || !resolver.accepts(activity)) {
            return;
        }
        if (catchingUp) {
            held.add(activity);
            if (LOG.isDebugEnabled()) {
                LOG.debug("Activity {} held until the catch-up is done ({} held)", activity.path("id").asText(), held.size());
            }
            return;
        }
        Instant now = Instant.now();
        if (checkpoint.due(now)) {
            workers.execute(() -> checkpoint.write(now, false)); // file I/O stays off the event loop
        }
        seen.add(activity.path("id").asText());
        String room = activity.path("target").path("id").asText();
        String verb = activity.path("verb").asText();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Activity {} {} in room {} queued ({} in flight)", verb, activity.path("id").asText(), room,
                    inFlight.get());
        }
        enqueue(room, verb, done -> resolver.resolve(activity).onComplete(result -> afterResolve(result, verb, done)));
    }

    /**
     * A verified webhook delivery (the webhook receiver checked its signature). It joins the room's lane like a
     * Mercury activity, so a room keeps its order and an event that also came over Mercury runs once (the route's
     * idempotent consumer, on the same event id: the message id, or the attachment action id). Never blocks.
     *
     * @return false when this consumer takes no webhooks now (not started, stopping, or Mercury-only)
     */
    public boolean onWebhook(JsonNode delivery) {
        if (!isRunAllowed() || !webhookReady) {
            return false;
        }
        String resource = delivery.path("resource").asText("");
        JsonNode data = delivery.path("data");
        String id = data.path("id").asText(null);
        String roomId = data.path("roomId").asText(null);
        if (!"created".equals(delivery.path("event").asText()) || !isId(id) || !isId(roomId)) {
            LOG.debug("Ignored a {} {} webhook delivery", resource, delivery.path("event").asText());
            return true;
        }
        if (me.isSelf(data.path("personId").asText(null), data.path("personEmail").asText(null))) {
            LOG.trace("Ignored a webhook delivery of the bot's own {}", resource);
            return true;
        }
        String room = WebexIds.uuidOf(roomId);
        switch (resource) {
            case "messages" -> {
                seen.add(WebexIds.uuidOf(id));
                enqueue(room, "webhook", done -> resolver.fromWebhookMessage(id)
                        .onComplete(result -> afterResolve(result, "webhook", done)));
            }
            case "attachmentActions" -> enqueue(room, "webhook", done -> resolver.fromWebhookAction(id)
                    .onComplete(result -> afterResolve(result, "webhook", done)));
            default -> LOG.debug("Ignored a webhook delivery for resource '{}'", resource);
        }
        return true;
    }

    /** Webex ids are base64url; anything else is not looked up (it would be spliced into a REST path). */
    private static boolean isId(String id) {
        return id != null && !id.isEmpty() && id.length() <= 512 && id.chars().allMatch(c -> c >= 'A' && c <= 'Z'
                || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '=');
    }

    private void enqueue(String room, String what, OrderedLanes.Task task) {
        if (inFlight.incrementAndGet() >= config.getMaxInFlight() && !paused && connection != null) {
            paused = true;
            LOG.info("{} events in flight: pausing the socket until routes catch up", inFlight.get());
            connection.pause();
        }
        long queuedIn = generation.get();
        lanes.submit(room, done -> {
            EventDone guarded = new EventDone(done, what, room, queuedIn);
            running.add(guarded);
            if (stale(guarded)) {
                guarded.run();
                return;
            }
            task.accept(guarded);
        });
    }

    /**
     * The watchdog: an event that never finishes would block its room for good. One periodic sweep (not a
     * timer per event, whose cancelled tasks would pin every finished event in memory until they expire)
     * releases events older than eventTimeout and logs where they were stuck.
     */
    private void sweepStuckEvents() {
        long now = System.nanoTime();
        long limit = config.getEventTimeout() * 1_000_000L;
        for (EventDone event : running) {
            if (now - event.startedAt > limit && event.released.compareAndSet(false, true)) {
                running.remove(event);
                LOG.error("A {} event in room {} did not finish within {} ms ({}); the room moves on",
                        event.what, event.room, config.getEventTimeout(),
                        event.exchangeId == null ? event.stage : whereIs(event.exchangeId));
                stuckEvents.incrementAndGet();
                release(event.done);
            }
        }
    }

    /** The completion handed to an event's task: frees the room once, whether the event or the watchdog ends first. */
    private final class EventDone implements Runnable {
        private final Runnable done;
        private final String what;
        private final String room;
        private final long startedAt = System.nanoTime();
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile String exchangeId;
        private volatile String stage = "fetching it from Webex";
        private final long generation;

        EventDone(Runnable done, String what, String room, long generation) {
            this.done = done;
            this.what = what;
            this.room = room;
            this.generation = generation;
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                running.remove(this);
                release(done);
            }
        }
    }

    /** Where an exchange is, from Camel's in-flight repository: route and node, or that it never started. */
    private String whereIs(String exchangeId) {
        if (exchangeId == null) {
            return "before its exchange was created: fetching it from Webex";
        }
        for (InflightRepository.InflightExchange inflight : getEndpoint().getCamelContext().getInflightRepository().browse()) {
            if (exchangeId.equals(inflight.getExchange().getExchangeId())) {
                return "exchange " + exchangeId + " at route " + inflight.getAtRouteId() + ", node " + inflight.getNodeId()
                        + " for " + inflight.getElapsed() + " ms";
            }
        }
        return "exchange " + exchangeId + " is no longer in flight";
    }

    private void afterResolve(AsyncResult<WebexEvent> result, String what, Runnable done) {
        if (result.failed()) {
            LOG.warn("Could not fetch the content of a {} event: {}", what, result.cause().getMessage());
            finish(done);
        } else if (result.result() == null) {
            finish(done);
        } else if (stale(done)) {
            // shutting down: not started is not lost, the next start reads it back (checkpoint + catch-up)
            LOG.debug("Stopping: a {} event is left for the catch-up after the next start", what);
            finish(done);
        } else {
            if (done instanceof EventDone guarded) {
                guarded.stage = "fetched, waiting for a free route thread (all " + config.getWorkerThreads() + " busy?)";
            }
            try {
                workers.execute(() -> process(result.result(), done));
            } catch (RejectedExecutionException shuttingDown) {
                LOG.debug("Workers stopped: a {} event is left for the catch-up after the next start", what);
                finish(done);
            }
        }
    }

    /** An event taken before the consumer stopped (or while it stops) is left to the next start's catch-up. */
    private boolean stale(Runnable done) {
        return !isRunAllowed() || done instanceof EventDone guarded && guarded.generation != generation.get();
    }

    private void process(WebexEvent event, Runnable done) {
        if (stale(done)) {
            finish(done);
            return;
        }
        Exchange exchange = createExchange(false);
        if (done instanceof EventDone guarded) {
            guarded.exchangeId = exchange.getExchangeId();
        }
        try {
            populate(exchange, event);
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Cannot build an exchange from a Webex event", exchange, e);
            releaseExchange(exchange, false);
            finish(done);
            return;
        }
        try {
            getAsyncProcessor().process(exchange, doneSync -> completed(exchange, event, done));
        } catch (RuntimeException e) {
            exchange.setException(e);
            completed(exchange, event, done);
        }
    }

    /** Always frees the room's lane, whatever happened, so one bad event cannot stall a room. */
    private void completed(Exchange exchange, WebexEvent event, Runnable done) {
        try {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error handling a Webex " + event.verb(), exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        } catch (RuntimeException e) {
            LOG.warn("Failed to complete a Webex {} event: {}", event.verb(), e.toString(), e);
        } finally {
            finish(done);
        }
    }

    private void populate(Exchange exchange, WebexEvent event) {
        Message in = exchange.getIn();
        in.setHeader(WebexConstants.VERB, event.verb());
        in.setHeader(WebexConstants.EVENT_ID, event.eventId());
        in.setHeader(WebexConstants.ROOM_ID, event.roomId());
        in.setHeader(WebexConstants.ROOM_TYPE, event.roomType());
        in.setHeader(WebexConstants.PERSON_ID, event.personId());
        in.setHeader(WebexConstants.PERSON_EMAIL, event.personEmail());
        if (event.personType() != null) {
            in.setHeader(WebexConstants.PERSON_TYPE, event.personType());
        }
        in.setHeader(WebexConstants.MESSAGE_ID, event.messageId());
        if (event.parentId() != null) {
            in.setHeader(WebexConstants.PARENT_ID, event.parentId());
        }
        if (event.attachmentActionId() != null) {
            in.setHeader(WebexConstants.ATTACHMENT_ACTION_ID, event.attachmentActionId());
        }
        exchange.setVariable(WebexConstants.VAR_TEXT, event.text());
        exchange.setVariable(WebexConstants.VAR_INPUTS, event.inputs());
        exchange.setVariable(WebexConstants.VAR_FILES, event.files());
        in.setBody(getEndpoint().getComponent().mapper().convertValue(event.body(), MAP));
    }

    /** Ends an event: through its guard when it has one, so the room and the count are released once. */
    private void finish(Runnable done) {
        if (done instanceof EventDone guarded) {
            guarded.run();
        } else {
            release(done);
        }
    }

    private void release(Runnable done) {
        int left = inFlight.decrementAndGet();
        if (paused && left <= config.getMaxInFlight() / 2) {
            paused = false;
            LOG.info("Routes caught up: reading the socket again");
            connection.resume();
        }
        done.run();
    }

    /** Camel's graceful shutdown waits for these: events accepted from Webex but not yet handled. */
    @Override
    public int getPendingExchangesSize() {
        return inFlight.get();
    }

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    /** First step of a graceful shutdown: stop taking events; what is in flight still completes. */
    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        if (connection != null && !suspendOnly) {
            connection.pause();
        }
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getComponent().unregister(this);
        if (startRetryTimer >= 0) {
            getEndpoint().getComponent().vertx().cancelTimer(startRetryTimer);
            startRetryTimer = -1;
        }
        if (reconcileTimer >= 0) {
            getEndpoint().getComponent().vertx().cancelTimer(reconcileTimer);
            reconcileTimer = -1;
        }
        if (backpressureTimer >= 0) {
            getEndpoint().getComponent().vertx().cancelTimer(backpressureTimer);
            backpressureTimer = -1;
        }
        if (checkpoint != null && connection != null) {
            checkpoint.write(connection.lastEventAt(), true);
        }
        if (connection != null) {
            try {
                connection.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("Mercury did not close within 10 s");
            }
        }
        super.doStop();
    }

    /**
     * Camel makes a new consumer when a route is started again: its check replaces the one of the same id, which
     * stays registered while the route is stopped (so a stopped route reads as not ready) and goes with the route.
     */
    private void registerHealthCheck() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(getEndpoint().getCamelContext());
        if (healthCheck == null && registry != null) {
            healthCheck = new WebexEventsHealthCheck(this, getRouteId() != null ? getRouteId() : getEndpoint().getEndpointKey());
            healthCheck.setCamelContext(getEndpoint().getCamelContext());
            registry.getCheck(healthCheck.getId()).ifPresent(registry::unregister);
            registry.register(healthCheck);
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        HealthCheckRegistry registry = HealthCheckRegistry.get(getEndpoint().getCamelContext());
        if (healthCheck != null && registry != null) {
            // by identity: a newer consumer of the same route may have registered its own check under this id
            registry.getCheck(healthCheck.getId()).filter(check -> check == healthCheck).ifPresent(registry::unregister);
        }
        healthCheck = null;
        super.doShutdown();
    }

    boolean workersUsable() {
        ExecutorService pool = workers;
        return pool != null && !pool.isShutdown();
    }

    public MercuryState state() {
        if (connection == null) {
            if (!isRunAllowed()) {
                return MercuryState.STOPPED;
            }
            // webhooks only: ready once the bot's identity is known (there is no socket to be connected)
            return webhookReady ? MercuryState.CONNECTED : MercuryState.STARTING;
        }
        return connection.state();
    }

    /** Why the consumer has not connected yet (Webex unreachable at start-up), or null. */
    public String startupProblem() {
        return startupProblem;
    }

    public MercuryConnection connection() {
        return connection;
    }

    public WebexIdentity identity() {
        return me;
    }

    /** Events the watchdog had to give up on (a bug indicator: should stay 0). */
    public long stuckEvents() {
        return stuckEvents.get();
    }

    /** Whether this consumer takes webhook deliveries now. */
    public boolean acceptsWebhooks() {
        return isRunAllowed() && webhookReady;
    }

    public int inFlight() {
        return inFlight.get();
    }
}
