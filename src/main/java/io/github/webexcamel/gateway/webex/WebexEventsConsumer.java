package io.github.webexcamel.gateway.webex;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.mercury.DeviceRegistry;
import io.github.webexcamel.gateway.webex.mercury.MercuryConnection;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Webex activities over Mercury and turns each into one exchange. Events of one room are handled
 * in arrival order, rooms in parallel; the socket's event loop only parses and hands over.
 */
public class WebexEventsConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(WebexEventsConsumer.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final WebexConfiguration config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean paused;
    private WebexIdentity me;
    private MercuryConnection connection;
    private ActivityResolver resolver;
    private OrderedLanes lanes;
    private ExecutorService workers;

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
        WebexComponent component = getEndpoint().getComponent();
        WebexRestClient rest = component.restClient(config);
        me = component.identity();
        workers = component.workers(config);
        lanes = new OrderedLanes(workers);
        DeviceRegistry devices = new DeviceRegistry(rest, config.getU2cUrl(), config.getDeviceName());
        resolver = new ActivityResolver(rest, devices, component.mapper(), me);
        connection = new MercuryConnection(component.vertx(), config, devices, component.mapper(),
                WebexComponent.proxyOptions(config), this::onActivity);
        component.register(this);
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
        if (inFlight.incrementAndGet() >= config.getMaxInFlight() && !paused) {
            paused = true;
            LOG.info("{} events in flight: pausing the socket until routes catch up", inFlight.get());
            connection.pause();
        }
        String room = activity.path("target").path("id").asText();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Activity {} {} in room {} queued ({} in flight)", activity.path("verb").asText(),
                    activity.path("id").asText(), room, inFlight.get());
        }
        lanes.submit(room, done -> resolver.resolve(activity).onComplete(result -> {
            if (result.failed()) {
                LOG.warn("Could not fetch the {} activity's content: {}", activity.path("verb").asText(),
                        result.cause().getMessage());
                finish(done);
            } else if (result.result() == null) {
                finish(done);
            } else {
                workers.execute(() -> process(result.result(), done));
            }
        }));
    }

    private void process(WebexEvent event, Runnable done) {
        Exchange exchange = createExchange(false);
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

    private void finish(Runnable done) {
        int left = inFlight.decrementAndGet();
        if (paused && left <= config.getMaxInFlight() / 2) {
            paused = false;
            LOG.info("Routes caught up: reading the socket again");
            connection.resume();
        }
        done.run();
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getComponent().unregister(this);
        if (connection != null) {
            try {
                connection.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("Mercury did not close within 10 s");
            }
        }
        super.doStop();
    }

    public MercuryState state() {
        return connection == null ? MercuryState.STOPPED : connection.state();
    }

    public MercuryConnection connection() {
        return connection;
    }

    public WebexIdentity identity() {
        return me;
    }

    public int inFlight() {
        return inFlight.get();
    }
}
