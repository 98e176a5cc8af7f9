package io.github.webexcamel.gateway.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.github.webexcamel.gateway.connect.ConnectChannel;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexEventsConsumer;
import io.github.webexcamel.gateway.webex.mercury.MercuryConnection;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import io.github.webexcamel.gateway.webhook.WebhookReceiver;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The Webex connection and API as metrics (README "Metrics"; /actuator/prometheus). What only grows is a counter
 * ({@code *_total} in Prometheus, for {@code rate()}); what goes up and down is a gauge.
 */
@Component
public class WebexMetrics implements MeterBinder {

    private final WebexComponent webex;
    private final ObjectProvider<WebhookReceiver> webhooks;
    private final ObjectProvider<ConnectChannel> connect;
    /** Micrometer holds a function counter's object weakly: these live as long as this bean. */
    private final List<Monotonic> sources = new CopyOnWriteArrayList<>();

    public WebexMetrics(WebexComponent webex, ObjectProvider<WebhookReceiver> webhooks,
                        ObjectProvider<ConnectChannel> connect) {
        this.webex = webex;
        this.webhooks = webhooks;
        this.connect = connect;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "webex.connected", "1 while the Mercury socket is connected and authorised",
                c -> c.state() == MercuryState.CONNECTED ? 1 : 0);
        gauge(registry, "webex.inflight", "Events accepted and not yet handled", WebexEventsConsumer::inFlight);
        gauge(registry, "webex.last.event.age.seconds", "Seconds since the last activity (-1: none yet)",
                c -> c.connection() == null || c.connection().lastEventAt() == null ? -1
                        : (System.currentTimeMillis() - c.connection().lastEventAt().toEpochMilli()) / 1000.0);

        connectionCounter(registry, "webex.events", "Activities received on the socket", MercuryConnection::events);
        connectionCounter(registry, "webex.reconnects", "Socket reconnects", MercuryConnection::reconnects);
        connectionCounter(registry, "webex.switchovers", "Planned Mercury shutdowns crossed without a gap",
                MercuryConnection::switchovers);
        connectionCounter(registry, "webex.malformed.frames", "Frames dropped as malformed", MercuryConnection::malformedFrames);
        counter(registry, "webex.stuck.events", "Events given up by the watchdog (should stay 0)",
                new Monotonic(() -> first() == null ? 0 : first().stuckEvents()));
        counter(registry, "webex.api.retries", "Webex REST calls asked again (5xx, 429, timeouts)",
                new Monotonic(() -> rest(WebexRestClient::retries)));
        counter(registry, "webex.api.rate.limited", "429 answers from the Webex REST API",
                new Monotonic(() -> rest(WebexRestClient::rateLimited)));
        WebhookReceiver receiver = webhooks.getIfAvailable();
        if (receiver != null) {
            FunctionCounter.builder("webex.webhook.deliveries", receiver, WebhookReceiver::accepted)
                    .description("Webex webhook deliveries verified and taken").register(registry);
            rejected(registry, receiver, "signature", "missing or wrong X-Spark-Signature (answered 401)",
                    WebhookReceiver::badSignatures);
            rejected(registry, receiver, "too-large", "body over webex.webhook.max-body-size (answered 413)",
                    WebhookReceiver::tooLarge);
            rejected(registry, receiver, "malformed", "signed but not a JSON object (answered 400)", WebhookReceiver::malformed);
        }
        connect.ifAvailable(channel -> {
            FunctionCounter.builder("webex.connect.unauthorized", channel, ConnectChannel::unauthorized)
                    .description("Webex Connect requests refused for a missing or wrong token").register(registry);
            FunctionCounter.builder("webex.connect.events", channel, ConnectChannel::events)
                    .description("Webex Connect customer events accepted").register(registry);
            Gauge.builder("webex.connect.queued", channel, ConnectChannel::queued)
                    .description("Webex Connect events accepted and not yet handled").register(registry);
        });
    }

    private static void rejected(MeterRegistry registry, WebhookReceiver receiver, String reason, String description,
                                 ToDoubleFunction<WebhookReceiver> count) {
        FunctionCounter.builder("webex.webhook.rejected", receiver, count).tag("reason", reason)
                .description("Webex webhook deliveries refused: " + description).register(registry);
    }

    private WebexEventsConsumer first() {
        var consumers = webex.consumers();
        return consumers.isEmpty() ? null : consumers.get(0);
    }

    private long rest(ToLongFunction<WebexRestClient> value) {
        WebexRestClient client = webex.currentRestClient();
        return client == null ? 0 : value.applyAsLong(client);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<WebexEventsConsumer> value) {
        Gauge.builder(name, this, m -> m.first() == null ? 0 : value.applyAsDouble(m.first()))
                .description(description).register(registry);
    }

    private void connectionCounter(MeterRegistry registry, String name, String description,
                                   ToLongFunction<MercuryConnection> value) {
        counter(registry, name, description, new Monotonic(() -> {
            WebexEventsConsumer consumer = first();
            MercuryConnection connection = consumer == null ? null : consumer.connection();
            return connection == null ? 0 : value.applyAsLong(connection);
        }));
    }

    private void counter(MeterRegistry registry, String name, String description, Monotonic source) {
        sources.add(source);
        FunctionCounter.builder(name, source, Monotonic::value).description(description).register(registry);
    }

    /**
     * A count kept by an object that a route restart replaces (the Mercury connection, the REST client) starts
     * again at 0; the counter must not go down, so what the old object had counted is carried over.
     */
    static final class Monotonic {
        private final LongSupplier current;
        private long carried;
        private long last;

        Monotonic(LongSupplier current) {
            this.current = current;
        }

        synchronized double value() {
            long now = current.getAsLong();
            if (now < last) {
                carried += last;
            }
            last = now;
            return carried + now;
        }
    }
}
