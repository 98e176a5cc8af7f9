package io.github.webexcamel.gateway.webex;

import java.util.Map;

import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two endpoints of one component with different options each work with their own, against the sandbox. */
class WebexEndpointOptionsTest {

    private Vertx vertx;
    private WebexSandbox sandbox;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0));
        sandbox.start();
        camel = new DefaultCamelContext();
        WebexComponent webex = new WebexComponent();
        webex.getConfiguration().setToken(sandbox.botToken());
        webex.getConfiguration().setApiUrl(sandbox.apiUrl());
        webex.setVertx(vertx);
        camel.addComponent("webex", webex);
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        sandbox.close();
        vertx.close();
    }

    @Test
    void aSecondEndpointWithItsOwnTokenUsesItsOwnTokenNotTheFirstEndpoints() {
        ProducerTemplate template = camel.createProducerTemplate();
        String room = sandbox.directRoom("alice@example.com").path("id").asText();
        Map<String, Object> post = Map.of(WebexConstants.ROOM_ID, room);

        template.sendBodyAndHeaders("webex:messages?callerWaits=true", "from the component's token", post);
        assertThatThrownBy(() -> template.sendBodyAndHeaders("webex:messages?callerWaits=true&token=not-a-token",
                "from a wrong token", post))
                .isInstanceOf(CamelExecutionException.class).hasStackTraceContaining("HTTP 401");
        // and the first endpoint still works: the second did not replace its client either
        template.sendBodyAndHeaders("webex:messages?callerWaits=true", "still from the component's token", post);

        assertThat(sandbox.messages(room)).extracting(m -> m.path("markdown").asText(m.path("text").asText()))
                .containsExactly("from the component's token", "still from the component's token");
    }

    @Test
    void endpointsThatDifferInPoolOrTimeoutsGetTheirOwnClientAndWorkers() {
        WebexComponent webex = camel.getComponent("webex", WebexComponent.class);
        WebexConfiguration plain = camel.getEndpoint("webex:messages", WebexEndpoint.class).getConfiguration();
        WebexConfiguration same = camel.getEndpoint("webex:messages?callerWaits=true", WebexEndpoint.class).getConfiguration();
        WebexConfiguration own = camel.getEndpoint("webex:messages?workerThreads=3&readTimeout=1s&connectionPoolSize=2",
                WebexEndpoint.class).getConfiguration();

        assertThat(own.getWorkerThreads()).isEqualTo(3);
        assertThat(own.getReadTimeout()).isEqualTo(1000);
        assertThat(webex.restClient(same)).isSameAs(webex.restClient(plain));
        assertThat(webex.workers(same)).isSameAs(webex.workers(plain));
        assertThat(webex.restClient(own)).isNotSameAs(webex.restClient(plain));
        assertThat(webex.workers(own)).isNotSameAs(webex.workers(plain));
    }
}
