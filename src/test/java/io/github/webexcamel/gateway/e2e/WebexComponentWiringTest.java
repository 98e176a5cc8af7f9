package io.github.webexcamel.gateway.e2e;

import io.github.webexcamel.gateway.webex.CheckpointStore;
import io.github.webexcamel.gateway.webex.WebexConfiguration;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the running gateway, the webex component Camel uses is the one camel.component.webex.* configured (the test
 * properties and application.properties), with the gateway's beans wired by name and the sandbox's token and URLs.
 */
class WebexComponentWiringTest extends GatewayTestSupport {

    @Autowired
    private CamelContext camel;
    @Autowired
    @Qualifier("vertx")
    private Vertx vertx;
    @Autowired
    @Qualifier("webexEventIds")
    private IdempotentRepository eventIds;
    @Autowired
    @Qualifier("webexCheckpointStore")
    private CheckpointStore checkpointStore;

    @Test
    void theComponentCarriesCamelComponentWebexProperties() {
        assertThat(camel.getComponent("webex")).isSameAs(webex);
        WebexConfiguration config = webex.getConfiguration();
        assertThat(config.getEventTimeout()).as("camel.component.webex.event-timeout=15s").isEqualTo(15_000);
        assertThat(config.getReadTimeout()).as("camel.component.webex.read-timeout=2s").isEqualTo(2_000);
        assertThat(config.getPingInterval()).as("application.properties, ${WEBEX_PING_INTERVAL:15s}").isEqualTo(15_000);
        assertThat(webex.getVertx()).isSameAs(vertx);
        assertThat(config.getEventRepository()).isSameAs(eventIds);
        assertThat(config.getCheckpointStore()).isSameAs(checkpointStore);
        assertThat(config.getToken()).isEqualTo(sandbox.botToken());
        assertThat(config.getApiUrl()).isEqualTo(sandbox.apiUrl());
        assertThat(config.getDeviceName()).isEqualTo("webex-camel-gateway");
    }
}
