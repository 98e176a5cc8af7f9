package io.github.webexcamel.gateway.config;

import io.github.webexcamel.gateway.command.CommandEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Per-command timers and error counts from camel-micrometer's route policy, on the command routes: each one's
 * {@code camel.route.policy} timer and {@code camel.exchanges.*} counters, tagged {@code command} with the
 * keyword of a command route ({@code from: command:<keyword>}) and {@code ""} elsewhere. camel-micrometer-starter
 * would install its own factory, whose tags cannot be extended, so it is switched off
 * ({@code camel.metrics.enable-route-policy=false}) and this one installed instead; Camel applies route policy
 * factories found in the registry to every route, those reloaded at run time too.
 */
@Configuration(proxyBeanMethods = false)
public class CommandMetricsConfiguration {

    /** Every meter of one name has the same tag keys (Prometheus requires it): non-command routes tag "". */
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
    MicrometerRoutePolicyFactory commandMetricsRoutePolicyFactory(MeterRegistry registry) {
        // command routes only: timing each of the half-dozen gateway routes a message passes through cost a fifth
        // more CPU per message in the echo benchmark, for figures nobody asked for
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory() {
            @Override
            public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
                return route instanceof RouteDefinition definition && definition.getInput() != null
                        && definition.getInput().getEndpointUri() != null
                        && definition.getInput().getEndpointUri().startsWith("command:")
                        ? super.createRoutePolicy(camelContext, routeId, route) : null;
            }
        };
        factory.setMeterRegistry(registry);
        factory.setNamingStrategy(COMMAND_TAGGED);
        // per route only: the context-wide timer would repeat what the sum over routes says
        factory.getPolicyConfiguration().setContextEnabled(false);
        return factory;
    }
}
