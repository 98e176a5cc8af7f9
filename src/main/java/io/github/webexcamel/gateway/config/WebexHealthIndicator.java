package io.github.webexcamel.gateway.config;

import java.util.List;

import io.github.webexcamel.gateway.cluster.Leadership;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexEventsConsumer;
import io.github.webexcamel.gateway.webex.mercury.MercuryConnection;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * UP only while every Webex socket is connected and authorised: a deaf bot must not look healthy (it counts for
 * readiness, never for liveness). A follower replica holds no socket by design and is UP.
 */
@Component("webexHealthIndicator")
public class WebexHealthIndicator implements HealthIndicator {

    private final WebexComponent webex;
    private final Leadership leadership;

    public WebexHealthIndicator(WebexComponent webex, Leadership leadership) {
        this.webex = webex;
        this.leadership = leadership;
    }

    @Override
    public Health health() {
        List<WebexEventsConsumer> consumers = webex.consumers();
        if (leadership.clustered() && !leadership.isLeader()) {
            return Health.up().withDetail("role", "follower").withDetail("state", "standing by (the leader holds the socket)")
                    .build();
        }
        if (consumers.isEmpty()) {
            return Health.down().withDetail("state", "no webex:events consumer is running").build();
        }
        boolean up = true;
        Health.Builder builder = Health.up().withDetail("role", leadership.role());
        for (WebexEventsConsumer consumer : consumers) {
            MercuryConnection connection = consumer.connection();
            MercuryState state = consumer.state();
            up &= state == MercuryState.CONNECTED;
            if (connection == null) {
                builder.withDetail("state", state);
                if (consumer.startupProblem() != null) {
                    builder.withDetail("lastError", consumer.startupProblem());
                }
                continue;
            }
            builder.withDetail("state", state)
                    .withDetail("reconnects", connection.reconnects())
                    .withDetail("switchovers", connection.switchovers())
                    .withDetail("events", connection.events())
                    .withDetail("malformedFrames", connection.malformedFrames())
                    .withDetail("inFlight", consumer.inFlight());
            if (connection.lastEventAt() != null) {
                builder.withDetail("lastEventAt", connection.lastEventAt().toString());
            }
            if (connection.lastError() != null) {
                builder.withDetail("lastError", connection.lastError());
            }
        }
        return (up ? builder : builder.down()).build();
    }
}
