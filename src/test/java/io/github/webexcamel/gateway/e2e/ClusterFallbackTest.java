package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.sandbox.SandboxListener;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.vertx.core.Vertx;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rooms homed in a cluster the U2C catalog does not place (here: ids of eu-central-1_k, a catalog that says
 * us-east-2_a): the id computed from the catalog is unknown to Webex, so the gateway asks the conversation
 * service, as webex_bot does, remembers the cluster, and gets later ids right the first time.
 */
class ClusterFallbackTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String USER = "ingrid@example.com";

    private static Vertx vertx;
    private static WebexSandbox sandbox;
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private ConfigurableApplicationContext gateway;

    @BeforeAll
    static void startSandbox() {
        vertx = Vertx.vertx();
        sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0)
                .setCluster("urn:TEAM:eu-central-1_k").setCatalogCluster("urn:TEAM:us-east-2_a"));
        sandbox.start();
        sandbox.addListener(new SandboxListener() {
            @Override
            public void onBotRequest(String method, String path, int status) {
                requests.add(method + " " + path + " " + status);
            }
        });
    }

    /** A gateway of its own per test: what it learnt about clusters starts empty. */
    @BeforeEach
    void startGateway() {
        gateway = new SpringApplicationBuilder(WebexGatewayApplication.class).run(
                "--camel.component.webex.token=" + sandbox.botToken(), "--webex.access.open=true", "--management.server.port=0",
                "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0", "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--webex.state.store=memory",
                "--webex.state.checkpoint-file=");
        requests.clear();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
        vertx.close();
    }

    @Test
    void messagesAreFoundThroughTheConversationServiceOnceAndDirectlyAfterwards() {
        String user = "ingrid@example.com";
        String room = sandbox.directRoom(user).path("id").asText();
        sandbox.userPost(user, room, "/echo first", null, false);
        await().atMost(TIMEOUT).until(() -> botTexts(room).contains("first"));
        assertThat(requests).filteredOn(r -> r.startsWith("GET /conversation/api/v1/messages/")).hasSize(1);

        sandbox.userPost(user, room, "/echo second", null, false);
        await().atMost(TIMEOUT).until(() -> botTexts(room).contains("second"));
        assertThat(requests).filteredOn(r -> r.startsWith("GET /conversation/api/v1/messages/")).hasSize(1);
        assertThat(requests).filteredOn(r -> r.startsWith("GET /v1/messages/") && r.endsWith(" 404")).hasSize(1);
    }

    @Test
    void aCardSubmitIsFoundThroughTheConversationService() {
        String user = "jonas@example.com";
        String room = sandbox.directRoom(user).path("id").asText();
        Map<String, Object> card = Map.of("roomId", room, "text", "settings",
                "attachments", List.of(Map.of("contentType", "application/vnd.microsoft.card.adaptive",
                        "content", Map.of("type", "AdaptiveCard", "version", "1.3",
                                "body", List.of(Map.of("type", "TextBlock", "text", "Settings")),
                                "actions", List.of(Map.of("type", "Action.Submit", "title", "Save"))))));
        String cardId = gateway.getBean(ProducerTemplate.class).request("webex:messages?callerWaits=true",
                e -> e.getIn().setBody(card)).getMessage().getHeader(WebexConstants.SENT_MESSAGE_ID, String.class);

        sandbox.userSubmit(user, cardId, Map.of("command", "/chat", "action", "save", "model", "m1", "temperature", "0.5"));
        await().atMost(TIMEOUT).until(() -> botTexts(room).stream().anyMatch(t -> t.startsWith("Chat settings saved")));
        assertThat(requests).filteredOn(r -> r.startsWith("GET /conversation/api/v1/attachment/actions/")).hasSize(1);
    }

    private static List<String> botTexts(String room) {
        return sandbox.messages(room).stream()
                .filter(m -> sandbox.botEmail().equals(m.path("personEmail").asText()))
                .map(m -> m.path("text").asText())
                .toList();
    }

}
