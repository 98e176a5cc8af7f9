package io.github.webexcamel.gateway.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped /agent without A2A_URL: one line that says what to set, nothing posted before it. */
class A2aNotConfiguredTest extends GatewayTestSupport {

    @Test
    void agentWithoutAnAgentSaysWhatToSet() {
        String room = say(newUser(), "/agent what runs in prod?").path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).contains("No agent is configured: set A2A_URL");
        assertThat(botMessages(room)).hasSize(1);
    }
}
