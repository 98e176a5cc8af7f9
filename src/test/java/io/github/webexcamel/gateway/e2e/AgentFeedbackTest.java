package io.github.webexcamel.gateway.e2e;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.fakes.AssistantService;
import io.github.webexcamel.gateway.fakes.FakeA2a;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent's answer carries Helpful / Not helpful like an /ask answer, under its final state, naming the agent; the
 * progress versions before it get none. And the Assistant skill answers where WEBEX_SKILL_PATH puts it.
 */
class AgentFeedbackTest extends SkillAndFeedbackTestSupport {

    static final FakeA2a AGENT = new FakeA2a().start();

    @DynamicPropertySource
    static void agent(DynamicPropertyRegistry registry) {
        A2aAgentTest.agentAt(AGENT, registry);
        // this context of its own also moves the Assistant skill (WEBEX_SKILL_PATH)
        registry.add("webex.skill.path", () -> "/assistant/parse");
    }

    @Test
    void theSkillAnswersOnTheConfiguredPathOnly() throws Exception {
        String challenge = AssistantService.newChallenge();
        HttpResponse<String> moved = ASSISTANT.check("http://127.0.0.1:" + serverPort + "/assistant/parse", challenge);
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(moved.body()).path("challenge").asText()).isEqualTo(challenge);
        assertThat(ASSISTANT.check(skillUrl(), challenge).statusCode()).isEqualTo(404);
    }

    @Test
    void anAgentsAnswerCarriesTheFeedbackButtonsInItsThread() {
        String user = newUser();
        ObjectNode request = say(user, "/agent plan the rollout");
        String room = request.path("roomId").asText();
        ObjectNode card = awaitBotMessage(room, m -> m.path("attachments").size() > 0);
        JsonNode content = card.path("attachments").path(0).path("content");
        assertThat(content.path("actions").findValuesAsText("title")).containsExactly("Helpful", "Not helpful");
        assertThat(content.toString()).contains("fake-caipe");
        ObjectNode answer = awaitBotMessage(room, m -> m.path("markdown").asText("").contains("echo: plan the rollout"));
        assertThat(card.path("parentId").asText()).as("in the thread of the request, under the answer")
                .isEqualTo(answer.path("parentId").asText());
        assertThat(botMessages(room).stream().filter(m -> m.path("attachments").size() > 0)).hasSize(1);
    }
}
