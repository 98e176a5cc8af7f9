package io.github.webexcamel.gateway.e2e;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped backend commands on a gateway with no backend configured (no A2A_URL, LLM_BASE_URL, JENKINS_URL,
 * GITHUB_TOKEN, JIRA_URL): each answers one line that says what to set, and none of their kamelets, HTTP endpoints or
 * backend routes was built (they cost start-up time and memory for nothing).
 */
class BackendsNotConfiguredTest extends GatewayTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void agentWithoutAnAgentSaysWhatToSet() {
        String room = say(newUser(), "/agent what runs in prod?").path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).contains("No agent is configured: set A2A_URL");
        assertThat(botMessages(room)).hasSize(1);
    }

    @Test
    void eachBackendCommandSaysWhatToSet() {
        String user = newUser();
        String room = say(user, "/ask why is prod slow?").path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).contains("The LLM is not configured: set LLM_BASE_URL");
        say(user, "/build deploy-api");
        assertThat(text(awaitBotMessages(room, 2).get(1))).contains("Jenkins is not configured: set JENKINS_URL");
        say(user, "/gh issues acme/api");
        assertThat(text(awaitBotMessages(room, 3).get(2))).contains("GitHub is not configured: set GITHUB_TOKEN");
        say(user, "/jira OPS-1");
        assertThat(text(awaitBotMessages(room, 4).get(3))).contains("Jira is not configured: set JIRA_URL");
    }

    @Test
    void noBackendRouteOrKameletIsBuilt() {
        List<String> ids = camel.getRoutes().stream().map(Route::getRouteId).toList();
        assertThat(ids).contains("command-ask", "command-build", "command-gh", "command-jira", "command-agent")
                .doesNotContain("call-llm", "call-jenkins", "call-github", "call-jira", "a2a-agent", "jenkins-watch")
                .noneMatch(id -> id.startsWith("github-notify"))
                .noneMatch(id -> id.startsWith("llm-chat-action") || id.startsWith("jenkins-build-action")
                        || id.startsWith("github-action") || id.startsWith("jira-action") || id.startsWith("a2a-agent-action"));
        assertThat(camel.getEndpoints()).noneMatch(e -> e.getEndpointUri().startsWith("kamelet:")
                || e.getEndpointUri().startsWith("http:") || e.getEndpointUri().startsWith("https:"));
    }
}
