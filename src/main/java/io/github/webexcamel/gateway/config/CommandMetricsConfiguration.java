package io.github.webexcamel.gateway.config;

import java.util.concurrent.TimeUnit;

import io.github.webexcamel.gateway.command.CommandEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NonManagedService;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Per-command timers and error counts, the meters of camel-micrometer's route policy on the command routes: each
 * one's {@code camel.route.policy} timer and {@code camel.exchanges.*} counters, tagged {@code command} with the
 * keyword of a command route ({@code from: command:<keyword>}); other routes are not timed. camel-micrometer-starter
 * would install its own factory, whose tags cannot be extended, so it is switched off
 * ({@code camel.metrics.enable-route-policy=false}) and this one installed instead; Camel applies route policy
 * factories found in the registry to every route, those reloaded at run time too.
 */
@Configuration(proxyBeanMethods = false)
public class CommandMetricsConfiguration {

    /** Camel's naming with a {@code command} tag (the context-wide meters, which are off, would tag it ""). */
    static final MicrometerRoutePolicyNamingStrategy COMMAND_TAGGED = new MicrometerRoutePolicyNamingStrategy() {
        @Override
        public String getName(Route route) {
            return DEFAULT.getName(route);
        }

        @Override
        public Tags getTags(Route route) {
            return DEFAULT.getTags(route).and("command", command(route));
        }

        @Override
        public Tags getTags(CamelContext context) {
            return DEFAULT.getTags(context).and("command", "");
        }

        @Override
        public Tags getExchangeStatusTags(Route route) {
            return DEFAULT.getExchangeStatusTags(route).and("command", command(route));
        }

        @Override
        public Tags getExchangeStatusTags(CamelContext context) {
            return DEFAULT.getExchangeStatusTags(context).and("command", "");
        }
    };

    static String command(Route route) {
        return route.getEndpoint() instanceof CommandEndpoint command ? command.getKeyword() : "";
    }

    @Bean
    RoutePolicyFactory commandMetricsRoutePolicyFactory(MeterRegistry registry) {
        // command routes only: timing each of the half-dozen gateway routes a message passes through cost a fifth
        // more CPU per message in the echo benchmark, for figures nobody asked for
        return (camelContext, routeId, route) -> route instanceof RouteDefinition definition
                && definition.getInput() != null && definition.getInput().getEndpointUri() != null
                && definition.getInput().getEndpointUri().startsWith("command:")
                ? new CommandMetricsRoutePolicy(registry) : null;
    }

    /**
     * The meters of camel-micrometer's {@code MicrometerRoutePolicy} (its naming strategy, names, tags and
     * descriptions: the {@code camel.route.policy} timer and the {@code camel.exchanges.*} counters), recorded
     * without its cost: Camel's policy keys each exchange's timer sample by a {@code String.format} of route and
     * exchange id, twice per exchange, which in the echo benchmark was an eighth of what the route workers
     * allocated. One policy per route, so the route's id is the key.
     */
    static final class CommandMetricsRoutePolicy extends RoutePolicySupport implements NonManagedService {

        private final MeterRegistry registry;
        private String startedKey;
        private Timer timer;
        private Counter total;
        private Counter succeeded;
        private Counter failed;
        private Counter failuresHandled;
        private Counter externalRedeliveries;

        CommandMetricsRoutePolicy(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void onInit(Route route) {
            MicrometerRoutePolicyNamingStrategy naming = COMMAND_TAGGED;
            startedKey = "CamelWebexCommandMetrics-" + route.getId();
            timer = Timer.builder(naming.getName(route)).tags(naming.getTags(route))
                    .description("Route performance metrics").register(registry);
            Tags status = naming.getExchangeStatusTags(route);
            succeeded = counter(naming.getExchangesSucceededName(route), status, "Number of successfully completed exchanges");
            failed = counter(naming.getExchangesFailedName(route), status, "Number of failed exchanges");
            total = counter(naming.getExchangesTotalName(route), status, "Total number of processed exchanges");
            externalRedeliveries = counter(naming.getExternalRedeliveriesName(route), status,
                    "Number of external initiated redeliveries (such as from JMS broker)");
            failuresHandled = counter(naming.getFailuresHandledName(route), status, "Number of failures handled");
        }

        private Counter counter(String name, Tags tags, String description) {
            return Counter.builder(name).tags(tags).description(description).register(registry);
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(startedKey, System.nanoTime());
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Object started = exchange.removeProperty(startedKey);
            if (started instanceof Long nanos) {
                timer.record(System.nanoTime() - nanos, TimeUnit.NANOSECONDS);
            }
            total.increment();
            if (exchange.isFailed()) {
                failed.increment();
            } else {
                succeeded.increment();
                if (ExchangeHelper.isFailureHandled(exchange)) {
                    failuresHandled.increment();
                }
                if (exchange.isExternalRedelivered()) {
                    externalRedeliveries.increment();
                }
            }
        }

        @Override
        public void onRemove(Route route) {
            // a command file deleted at run time takes its meters with it, as Camel's policy does
            for (Meter meter : new Meter[] { timer, total, succeeded, failed, failuresHandled, externalRedeliveries }) {
                if (meter != null) {
                    registry.remove(meter);
                }
            }
        }
    }
}
