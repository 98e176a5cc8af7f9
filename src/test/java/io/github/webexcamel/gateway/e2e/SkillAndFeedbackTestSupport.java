package io.github.webexcamel.gateway.e2e;

import io.github.webexcamel.gateway.fakes.AssistantService;
import io.github.webexcamel.gateway.fakes.FakeLangfuse;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The connector gateway with the Webex Assistant skill configured (keys of {@link #ASSISTANT}), feedback buttons on
 * and Langfuse pointed at {@link #LANGFUSE}; closed to outsiders ({@code example.com} only) and with roles, so a
 * skill request meets the same access rules and roles as a Webex message. One context for both test classes.
 */
public abstract class SkillAndFeedbackTestSupport extends ConnectorTestSupport {

    protected static final AssistantService ASSISTANT = new AssistantService();
    protected static final FakeLangfuse LANGFUSE = new FakeLangfuse().start();
    protected static final String SRE = "sre-lead@example.com";

    static {
        JENKINS.addJob("deploy-api");
    }

    @DynamicPropertySource
    static void skillAndFeedback(DynamicPropertyRegistry registry) {
        registry.add("webex.skill.secret", ASSISTANT::secret);
        registry.add("webex.skill.private-key", () -> ASSISTANT.privateKeyFile().toString());
        registry.add("webex.skill.timeout", () -> "5s");
        registry.add("webex.access.approved-domains", () -> "example.com");
        registry.add("webex.access.roles.sre", () -> SRE);
        registry.add("webex.commands.build.roles", () -> "sre");
        registry.add("webex.commands.jira.approvers", () -> "sre");
        registry.add("feedback.enabled", () -> "true");
        registry.add("langfuse.host", LANGFUSE::baseUrl);
        registry.add("langfuse.public-key", () -> FakeLangfuse.PUBLIC_KEY);
        registry.add("langfuse.secret-key", () -> FakeLangfuse.SECRET_KEY);
        registry.add("langfuse.retry-delay", () -> "100");
        // no GitHub notifications here: each context polling the one GitHub fake spends its rate limit, which
        // GitHubNotificationsTest needs
        registry.add("github.notify.room-id", () -> "");
    }

    protected String skillUrl() {
        return "http://127.0.0.1:" + serverPort + "/parse";
    }
}
