package io.github.webexcamel.gateway.e2e;

import io.github.webexcamel.gateway.fakes.FakeA2a;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The playground with an A2A agent configured, in headless Chromium: besides the steps of
 * {@link PlaygroundBrowserTest}, {@code /agent} streams the agent's plan and tool progress into one reply that the
 * page shows being edited in place until it is the answer. Saves target/playground-agent.png.
 */
class PlaygroundAgentBrowserTest extends GatewayTestSupport {

    static final FakeA2a AGENT = new FakeA2a().authRequired(false).start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void agent(DynamicPropertyRegistry registry) {
        registry.add("a2a.url", AGENT::rootUrl);
        registry.add("a2a.edit-interval", () -> "200ms");
    }

    @Test
    void theAgentsStreamedProgressShowsAsOneEditedReply() throws Exception {
        AGENT.eventDelay(java.time.Duration.ofMillis(300));
        PlaygroundBrowserTest.run(port, "playground-agent.png", "--agent=/agent plan the rollout",
                "--agent-reply=echo: plan the rollout \\(turn 1\\)");
    }
}
