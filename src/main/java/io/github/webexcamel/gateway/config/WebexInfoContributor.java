package io.github.webexcamel.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.webexcamel.gateway.cluster.Leadership;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexEventsConsumer;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/info}: this replica's role (single, leader or follower) and its socket's state. Health is
 * Camel's (the webex:events consumer's check, in the readiness and liveness groups); this only says who is who,
 * with nothing that could carry a secret.
 */
@Component
public class WebexInfoContributor implements InfoContributor {

    private final WebexComponent webex;
    private final Leadership leadership;

    public WebexInfoContributor(WebexComponent webex, Leadership leadership) {
        this.webex = webex;
        this.leadership = leadership;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", leadership.role());
        var consumers = webex.consumers();
        MercuryState state = consumers.isEmpty() ? MercuryState.STOPPED : consumers.get(0).state();
        details.put("state", state.name());
        builder.withDetail("webex", details);
    }
}
