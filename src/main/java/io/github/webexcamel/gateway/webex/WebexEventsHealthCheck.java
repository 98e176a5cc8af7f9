package io.github.webexcamel.gateway.webex;

import java.util.Map;

import io.github.webexcamel.gateway.webex.mercury.MercuryConnection;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The {@code webex:events} consumer's Camel health check, one per consumer ({@code webex-events:<routeId>}).
 * <p>
 * Readiness: the Mercury socket is connected and authorised. Without webhooks the socket is the only way events
 * arrive, so a gateway without it cannot do its job, whatever else works.
 * <p>
 * Liveness: the consumer's machinery works. A Webex outage (or a refused token) leaves liveness UP: restarting the
 * process cannot fix Webex, and a restart loop would only add load when Webex comes back.
 * <p>
 * A consumer whose route is started by its route policy (the cluster's leader policy marks routes
 * {@code autoStartup=false}) and is stopped now is standing by, not broken: UP, as Camel's own route checks treat
 * externally managed routes.
 */
final class WebexEventsHealthCheck extends AbstractHealthCheck {

    private final WebexEventsConsumer consumer;

    WebexEventsHealthCheck(WebexEventsConsumer consumer, String routeId) {
        super("camel", "webex-events:" + routeId);
        this.consumer = consumer;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean liveness = options.get(HealthCheck.CHECK_KIND) == HealthCheck.Kind.LIVENESS;
        MercuryState state = consumer.state();
        builder.detail("webex.state", state.name());
        Route route = consumer.getRoute();
        if (!consumer.isStarted() && !consumer.isStarting()) {
            // the supervising route controller marks the routes it starts autoStartup=false too: stopped, they are down
            if (route != null && !route.isAutoStartup() && !Boolean.TRUE.equals(route.getProperties().get(Route.SUPERVISED))) {
                builder.detail("webex.role", "standing by").up();
            } else {
                builder.message("The webex:events consumer is stopped");
                builder.state(liveness ? State.UP : State.DOWN);
            }
            return;
        }
        MercuryConnection connection = consumer.connection();
        if (connection != null) {
            builder.detail("webex.reconnects", connection.reconnects());
            builder.detail("webex.inflight", consumer.inFlight());
            if (connection.lastEventAt() != null) {
                builder.detail("webex.last.event.at", connection.lastEventAt().toString());
            }
        }
        String problem = connection == null ? consumer.startupProblem() : connection.lastError();
        if (liveness) {
            // a started consumer whose worker pool is gone cannot handle anything until the process restarts
            if (consumer.workersUsable()) {
                builder.up();
            } else {
                builder.message("The webex:events worker pool is shut down").down();
            }
            return;
        }
        if (state == MercuryState.CONNECTED) {
            builder.up();
            return;
        }
        builder.message(problem != null ? "Webex socket " + state + ": " + problem : "Webex socket " + state).down();
        if (problem != null) {
            builder.detail("webex.last.error", problem);
        }
    }
}
