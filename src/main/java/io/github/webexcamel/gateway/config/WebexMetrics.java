package io.github.webexcamel.gateway.config;

import java.util.function.ToDoubleFunction;

import io.github.webexcamel.gateway.connect.ConnectChannel;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexEventsConsumer;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import io.github.webexcamel.gateway.webhook.WebhookReceiver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The Webex connection as metrics (/actuator/metrics/webex.*), for dashboards and alerts. */
@Component
public class WebexMetrics implements MeterBinder {

    private final WebexComponent webex;
    private final ObjectProvider<WebhookReceiver> webhooks;
    private final ObjectProvider<ConnectChannel> connect;

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
        gauge(registry, "webex.reconnects", "Reconnects since start", c -> c.connection().reconnects());
        gauge(registry, "webex.switchovers", "Planned Mercury shutdowns crossed without a gap", c -> c.connection().switchovers());
        gauge(registry, "webex.events", "Activities received since start", c -> c.connection().events());
        gauge(registry, "webex.malformed.frames", "Frames dropped as malformed", c -> c.connection().malformedFrames());
        gauge(registry, "webex.inflight", "Events accepted and not yet handled", WebexEventsConsumer::inFlight);
        gauge(registry, "webex.stuck.events", "Events given up by the watchdog (should stay 0)", c -> c.stuckEvents());
        gauge(registry, "webex.last.event.age.seconds", "Seconds since the last activity",
                c -> c.connection().lastEventAt() == null ? -1
                        : (System.currentTimeMillis() - c.connection().lastEventAt().toEpochMilli()) / 1000.0);
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

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<WebexEventsConsumer> value) {
        Gauge.builder(name, webex, w -> w.consumers().isEmpty() || w.consumers().get(0).connection() == null ? 0
                : value.applyAsDouble(w.consumers().get(0))).description(description).register(registry);
    }
}
