package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.fakes.TestHttp;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.awaitility.Awaitility.await;

/**
 * The real gateway (routes from routes/, the webex component, Mercury over a real socket) against the
 * embedded Webex sandbox. Each test talks as its own user so tests sharing the context never meet.
 */
@CamelSpringBootTest
@SpringBootTest(classes = WebexGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "camel.component.webex.token=", "webex.sandbox.port=0", "webex.sandbox.enabled=true", "webex.state.store=memory",
                        "camel.component.webex.event-timeout=15s", "camel.component.webex.read-timeout=2s", "management.server.port=0",
                        "webex.rate-limit.per-person=0", "webex.rate-limit.per-space=0",
                        // the feedback card is a message of its own that tests counting replies do not expect
                        // (FeedbackTest turns it on)
                        "feedback.enabled=false",
                        // Spring Boot's tests switch metrics export off by default; /actuator/prometheus is the gateway's
                        "management.prometheus.metrics.export.enabled=true",
                        "camel.main.routes-include-pattern=file:routes/gateway/*.camel.yaml,file:routes/commands/*.camel.yaml,classpath:test-routes/*.camel.yaml" })
public abstract class GatewayTestSupport {

    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    protected WebexSandbox sandbox;
    @Autowired
    protected WebexComponent webex;
    @LocalManagementPort
    protected int managementPort;
    @LocalServerPort
    protected int serverPort;

    @BeforeEach
    void connected() {
        await().atMost(TIMEOUT).until(() -> !webex.consumers().isEmpty()
                && webex.consumers().get(0).state() == MercuryState.CONNECTED);
    }

    protected static String newUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A 1:1 message from {@code email} to the bot. */
    protected ObjectNode say(String email, String text) {
        String room = sandbox.directRoom(email).path("id").asText();
        return sandbox.userPost(email, room, text, null, false);
    }

    protected List<ObjectNode> botMessages(String roomId) {
        return sandbox.messages(roomId).stream()
                .filter(m -> sandbox.botEmail().equals(m.path("personEmail").asText()))
                .toList();
    }

    /** Waits until the bot has posted {@code count} messages in the room, then returns them. */
    protected List<ObjectNode> awaitBotMessages(String roomId, int count) {
        await().atMost(TIMEOUT).until(() -> botMessages(roomId).size() >= count);
        return botMessages(roomId);
    }

    protected ObjectNode awaitBotMessage(String roomId, Predicate<ObjectNode> match) {
        return await().atMost(TIMEOUT).until(() -> botMessages(roomId).stream().filter(match).findFirst().orElse(null),
                m -> m != null);
    }

    /** GET on the management port (actuator and the operators' API), as JSON; an error status is returned too. */
    protected JsonNode management(String path) {
        return TestHttp.getJson("http://127.0.0.1:" + managementPort + path);
    }

    protected static String text(ObjectNode message) {
        return message.path("text").asText();
    }

    /**
     * Lets the /hang test commands waiting in this context finish (test-routes: they wait on a seda queue nothing
     * reads). Left waiting, each held its context's graceful shutdown at the end of the run for the whole shutdown
     * timeout, and the run's JVM was killed for not exiting in time.
     */
    protected void releaseHangingCommands() throws Exception {
        CamelContext camel = webex.getCamelContext();
        SedaEndpoint queue = camel.getEndpoint("seda:never-consumed", SedaEndpoint.class);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:never-consumed").routeId("test-release-hanging").log(LoggingLevel.DEBUG, "released a /hang");
            }
        });
        try {
            await().atMost(TIMEOUT).until(() -> queue.getQueue().isEmpty() && camel.getInflightRepository().size("command-hang") == 0);
        } finally {
            // the next /hang must hang again
            camel.getRouteController().stopRoute("test-release-hanging");
            camel.removeRoute("test-release-hanging");
        }
    }
}
