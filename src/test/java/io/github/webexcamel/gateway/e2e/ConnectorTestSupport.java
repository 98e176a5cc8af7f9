package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.fakes.FakeGitHub;
import io.github.webexcamel.gateway.fakes.FakeJenkins;
import io.github.webexcamel.gateway.fakes.FakeJira;
import io.github.webexcamel.gateway.fakes.FakeLlm;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway with every connector pointed at the backend fakes (started once, for the whole JVM). All connector
 * tests extend this class unchanged, so they share one Spring context; each test resets the fakes it uses.
 */
public abstract class ConnectorTestSupport extends GatewayTestSupport {

    protected static final FakeLlm LLM = new FakeLlm().models(FakeLlm.DEFAULT_MODEL, "other-model").start();
    protected static final FakeJira JIRA = FakeJira.cloud().start();
    protected static final FakeJenkins JENKINS = new FakeJenkins().defaultTimings(Duration.ZERO, Duration.ofMillis(500)).start();

    protected static final FakeGitHub GITHUB = new FakeGitHub().start();
    /** The repository GitHubNotificationsTest's routes poll (kept apart from the command tests' repositories). */
    protected static final FakeGitHub.Repo GITHUB_NOTIFY_REPO = GITHUB.addRepo("acme", "notify");

    static {
        JENKINS.addJob("team/deploy", true).stringParam("ENV", "dev");
        JENKINS.addJob("plain");
        JENKINS.addJob("old").disabled(true);
    }

    @Autowired
    protected CircuitBreakerRegistry backendCircuitBreakers;

    /** Every test starts with closed, empty circuit breakers: failures another test provoked do not add up. */
    @BeforeEach
    void closeCircuits() {
        backendCircuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Override
    protected ObjectNode awaitBotMessage(String roomId, Predicate<ObjectNode> match) {
        try {
            return super.awaitBotMessage(roomId, match);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No matching bot message; the room has: " + sandbox.messages(roomId).stream()
                    .map(m -> m.path("personEmail").asText() + ": " + m.path("text").asText()).toList(), e);
        }
    }

    @Override
    protected List<ObjectNode> awaitBotMessages(String roomId, int count) {
        try {
            return super.awaitBotMessages(roomId, count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Fewer than " + count + " bot messages; the room has: " + sandbox.messages(roomId).stream()
                    .map(m -> m.path("personEmail").asText() + ": " + m.path("text").asText()).toList(), e);
        }
    }

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        registry.add("llm.base-url", LLM::baseUrl);
        registry.add("llm.api-key", () -> FakeLlm.DEFAULT_API_KEY);
        registry.add("llm.model", () -> FakeLlm.DEFAULT_MODEL);
        registry.add("llm.system-prompt", () -> "You are a test assistant.");
        registry.add("llm.timeout-seconds", () -> "2");
        registry.add("llm.edit-interval", () -> "150ms");
        registry.add("jira.url", JIRA::baseUrl);
        registry.add("jira.deployment", () -> "cloud");
        registry.add("jira.email", () -> FakeJira.DEFAULT_EMAIL);
        registry.add("jira.api-token", () -> FakeJira.DEFAULT_API_TOKEN);
        registry.add("connectors.http-timeout-millis", () -> "1500");
        registry.add("jenkins.url", JENKINS::baseUrl);
        registry.add("jenkins.user", () -> FakeJenkins.DEFAULT_USER);
        registry.add("jenkins.api-token", () -> FakeJenkins.DEFAULT_API_TOKEN);
        registry.add("jenkins.poll-period", () -> "200");
        registry.add("github.api-url", GITHUB::enterpriseBaseUrl);
        registry.add("github.token", () -> FakeGitHub.DEFAULT_TOKEN);
        // resilience: short budgets and timeouts keep the retry and circuit breaker tests quick
        for (String backend : List.of("github", "jira", "jenkins")) {
            registry.add(backend + ".retry-budget", () -> "3s");
            registry.add(backend + ".connect-timeout", () -> "1500ms");
            registry.add(backend + ".read-timeout", () -> "1500ms");
            registry.add(backend + ".circuit-breaker.failure-threshold", () -> "3");
            registry.add(backend + ".circuit-breaker.open-duration", () -> "30s");
        }
        registry.add("llm.circuit-breaker.failure-threshold", () -> "3");
    }
}
