package io.github.webexcamel.gateway.webex;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.mercury.DeviceRegistry;
import io.github.webexcamel.gateway.webex.mercury.MercuryConnection;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.AsyncResult;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Webex activities over Mercury (or webhooks) and turns each into one exchange. Events of one room are
 * handled in arrival order, rooms in parallel. The socket's event loop parses, filters and starts the event's REST
 * fetch (non-blocking); the exchange runs on a worker thread, never on an event loop. This class starts, connects
 * and stops; the duties around it have their own: {@link EventLanes} (lanes, backpressure, watchdog),
 * {@link MissedEvents} (catch-up and reconciliation), {@link EventExchanges} (the exchange), {@link StartupRetry}
 * (a start while Webex is unreachable, on the component's one {@link Backoff}).
 */
public class WebexEventsConsumer extends DefaultConsumer implements ShutdownAware {

    private static final Logger LOG = LoggerFactory.getLogger(WebexEventsConsumer.class);

    private final WebexConfiguration config;
    /** Lanes, backpressure and the watchdog; kept across a route restart, like the rooms' order. */
    private final EventLanes lanes;
    /** Catch-up and reconciliation; made at the first start (the component's Vert.x is known by then). */
    private MissedEvents missed;
    private WebexIdentity me;
    private MercuryConnection connection;
    private ActivityResolver resolver;
    private ExecutorService workers;
    private Checkpoint checkpoint;
    private long backpressureTimer = -1;
    private StartupRetry startRetry;
    private volatile String startupProblem;
    /** Webhook deliveries are taken (ingress webhook or both, once the bot's identity is known). */
    private volatile boolean webhookReady;
    /** Readiness (socket authorised) and liveness, in Camel's health check registry while the route exists. */
    private WebexEventsHealthCheck healthCheck;

    WebexEventsConsumer(WebexEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.config = endpoint.getConfiguration();
        this.lanes = new EventLanes(config, endpoint.getCamelContext(), this::isRunAllowed);
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
        if (missed == null) {
            missed = new MissedEvents(config, component.vertx(), this::isRunAllowed, (room, message, what) ->
                    lanes.enqueue(room, what, done -> resolver.fromMessage(message)
                            .onComplete(result -> afterResolve(result, what, done))), this::onActivity);
        }
        lanes.restart();
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
            retryStart();
            return;
        }
        connect(component, true);
    }

    /** Reads the bot's identity again later, with the reconnect backoff, and connects once it is known. */
    private void retryStart() {
        WebexComponent component = getEndpoint().getComponent();
        long startedIn = lanes.generation();
        startRetry = new StartupRetry(component.vertx(),
                Backoff.of(config.getReconnectInitialDelay(), config.getReconnectMaxDelay()).withoutJitter());
        startRetry.start(workers, () -> isRunAllowed() && startedIn == lanes.generation(), () -> {
            try {
                me = component.identity(config); // blocking, hence on a worker
            } catch (WebexAuthenticationException e) {
                startupProblem = e.getMessage();
                LOG.warn("{}; the webex consumer stops trying", e.getMessage());
                return true;
            } catch (RuntimeException e) {
                startupProblem = e.getMessage();
                LOG.debug("Webex still not reachable: {}", e.getMessage());
                return false;
            }
            startupProblem = null;
            LOG.info("Webex is reachable now: connecting");
            try {
                connect(component, false);
            } catch (Exception e) {
                getExceptionHandler().handleException("Cannot connect to Webex", e);
            }
            return true;
        });
    }

    /** Mercury and everything around it; waits for the first connection only when the start-up may wait. */
    private void connect(WebexComponent component, boolean waitForFirstConnection) throws Exception {
        WebexRestClient rest = component.restClient(config);
        DeviceRegistry devices = new DeviceRegistry(rest, config.getU2cUrl(), config.getDeviceName())
                .pruneOthers(config.isPruneOtherGatewayDevices());
        resolver = new ActivityResolver(rest, devices, component.mapper(), me);
        checkpoint = component.checkpoint(config);
        webhookReady = config.webhookIngress();
        if (!config.mercuryIngress()) {
            // webhooks only: no socket, so no catch-up or reconciliation; the watchdog still guards each room
            LOG.info("Webex ingress is webhook: no Mercury socket is opened; events come from webhook deliveries");
            backpressureTimer = component.vertx().setPeriodic(1000, id -> lanes.tick());
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
                        missed.onConnected(reconnect);
                    }
                });
        MercuryConnection socket = connection;
        missed.start(new CatchUp(rest, me), checkpoint, socket, workers);
        lanes.source(new EventLanes.Source() {
            @Override
            public void pause() {
                socket.pause();
            }

            @Override
            public void resume() {
                socket.resume();
            }
        });
        backpressureTimer = component.vertx().setPeriodic(1000, id -> lanes.tick());
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

    /** On the socket's event loop: filter cheaply, then queue in the room's lane. */
    private void onActivity(JsonNode activity) {
        if (!isRunAllowed() || !resolver.accepts(activity)) {
            return;
        }
        if (missed.hold(activity)) {
            return;
        }
        Instant now = Instant.now();
        if (checkpoint.due(now)) {
            workers.execute(() -> checkpoint.write(now, false)); // file I/O stays off the event loop
        }
        missed.seen(activity.path("id").asText());
        String room = activity.path("target").path("id").asText();
        String verb = activity.path("verb").asText();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Activity {} {} in room {} queued ({} in flight)", verb, activity.path("id").asText(), room,
                    lanes.inFlight());
        }
        lanes.enqueue(room, verb, done -> resolver.resolve(activity).onComplete(result -> afterResolve(result, verb, done)));
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
                missed.seen(WebexIds.uuidOf(id));
                lanes.enqueue(room, "webhook", done -> resolver.fromWebhookMessage(id)
                        .onComplete(result -> afterResolve(result, "webhook", done)));
            }
            case "attachmentActions" -> lanes.enqueue(room, "webhook", done -> resolver.fromWebhookAction(id)
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

    private void afterResolve(AsyncResult<WebexEvent> result, String what, Runnable done) {
        if (result.failed()) {
            LOG.warn("Could not fetch the content of a {} event: {}", what, result.cause().getMessage());
            lanes.finish(done);
        } else if (result.result() == null) {
            lanes.finish(done);
        } else if (lanes.stale(done)) {
            // shutting down: not started is not lost, the next start reads it back (checkpoint + catch-up)
            LOG.debug("Stopping: a {} event is left for the catch-up after the next start", what);
            lanes.finish(done);
        } else {
            lanes.stage(done, "fetched, waiting for a free route thread (all " + config.getWorkerThreads() + " busy?)");
            try {
                workers.execute(() -> process(result.result(), done));
            } catch (RejectedExecutionException shuttingDown) {
                LOG.debug("Workers stopped: a {} event is left for the catch-up after the next start", what);
                lanes.finish(done);
            }
        }
    }

    private void process(WebexEvent event, Runnable done) {
        if (lanes.stale(done)) {
            lanes.finish(done);
            return;
        }
        Exchange exchange = createExchange(false);
        lanes.exchangeId(done, exchange.getExchangeId());
        try {
            EventExchanges.populate(exchange, event, getEndpoint().getComponent().mapReader());
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Cannot build an exchange from a Webex event", exchange, e);
            releaseExchange(exchange, false);
            lanes.finish(done);
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
            lanes.finish(done);
        }
    }

    /** Camel's graceful shutdown waits for these: events accepted from Webex but not yet handled. */
    @Override
    public int getPendingExchangesSize() {
        return lanes.inFlight();
    }

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    /** First step of a graceful shutdown: stop taking events; what is in flight still completes. */
    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        if (!suspendOnly) {
            // through the lanes: a backpressure resume as in-flight events finish would read the socket again
            lanes.hold();
        }
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getComponent().unregister(this);
        if (startRetry != null) {
            startRetry.cancel();
            startRetry = null;
        }
        if (missed != null) {
            missed.stop();
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
        return lanes.stuckEvents();
    }

    /** Whether this consumer takes webhook deliveries now. */
    public boolean acceptsWebhooks() {
        return isRunAllowed() && webhookReady;
    }

    public int inFlight() {
        return lanes.inFlight();
    }
}
