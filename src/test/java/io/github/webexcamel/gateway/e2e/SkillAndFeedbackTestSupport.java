package io.github.webexcamel.gateway.e2e;

import io.github.webexcamel.gateway.fakes.FakeLangfuse;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The connector gateway with feedback buttons on and Langfuse pointed at {@link #LANGFUSE}.
 */
public abstract class SkillAndFeedbackTestSupport extends ConnectorTestSupport {

    protected static final FakeLangfuse LANGFUSE = new FakeLangfuse().start();

    @DynamicPropertySource
    static void skillAndFeedback(DynamicPropertyRegistry registry) {
        registry.add("feedback.enabled", () -> "true");
        registry.add("langfuse.host", LANGFUSE::baseUrl);
        registry.add("langfuse.public-key", () -> FakeLangfuse.PUBLIC_KEY);
        registry.add("langfuse.secret-key", () -> FakeLangfuse.SECRET_KEY);
        registry.add("langfuse.retry-delay", () -> "100");
    }
}
