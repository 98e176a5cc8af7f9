package io.github.webexcamel.gateway.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With an allow-list set, a denied user's command never runs and the user is told so. */
@TestPropertySource(properties = { "webex.access.approved-users=boss@example.com",
        "webex.access.approved-domains=trusted.example" })
class AccessControlTest extends GatewayTestSupport {

    @Test
    void approvedUserRunsCommands() {
        ObjectNode request = say("boss@example.com", "/echo allowed");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0))).isEqualTo("allowed");
    }

    @Test
    void approvedDomainRunsCommands() {
        ObjectNode request = say("dev@trusted.example", "/echo domain ok");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0))).isEqualTo("domain ok");
    }

    @Test
    void deniedUserGetsANoticeAndTheCommandDoesNotRun() {
        ObjectNode request = say("stranger@elsewhere.example", "/echo should not run");
        String room = request.path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).contains("not allowed to use this bot");
        say("stranger@elsewhere.example", "/help");
        awaitBotMessages(room, 2);
        assertThat(botMessages(room)).extracting(GatewayTestSupport::text).noneMatch(t -> t.contains("should not run"));
    }
}
