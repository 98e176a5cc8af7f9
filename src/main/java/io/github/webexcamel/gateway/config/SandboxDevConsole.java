package io.github.webexcamel.gateway.config;

import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Camel's developer console in sandbox mode only (no {@code WEBEX_API_TOKEN}): {@code camel.main.dev-console-enabled}
 * and the {@code camel} actuator endpoint ({@code /actuator/camel}, {@code /actuator/camel/<console>}, e.g.
 * {@code routes}, {@code health}, {@code inflight}) on the management port, behind the same admin rule as the
 * rest of it. The consoles show exchanges and route internals, which is for development, not for a production
 * bot. Set as defaults here, before the context starts, because both are read while it starts.
 *
 * <p>Not when a connector's or a way in's secret is configured ({@code WEBEX_SANDBOX=true} with real credentials):
 * the command routes hand tokens to their kamelets in endpoint URIs, and the endpoint and route consoles print
 * those URIs as they are.
 */
public class SandboxDevConsole implements EnvironmentPostProcessor, Ordered {

    static final String EXPOSURE = "management.endpoints.web.exposure.include";
    /** The secrets application.properties takes from the environment (the admin token guards the console itself). */
    static final List<String> SECRETS = List.of("github.token", "github.webhook-secret", "jira.api-token", "jira.pat",
            "jenkins.api-token", "llm.api-key", "a2a.auth.client-secret", "langfuse.secret-key", "webex.webhook.secret",
            "webex.hooks.token", "webex.connect.token", "webex.skill.secret", "webex.skill.private-key");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String token = environment.getProperty("camel.component.webex.token", "");
        if (!token.isBlank() || !environment.getProperty("webex.sandbox.dev-console", Boolean.class, true)
                || SECRETS.stream().anyMatch(name -> !environment.getProperty(name, "").isBlank())) {
            return;
        }
        String exposed = environment.getProperty(EXPOSURE, "health");
        environment.getPropertySources().addFirst(new MapPropertySource("webex-sandbox-dev-console", Map.of(
                "camel.main.dev-console-enabled", "true",
                EXPOSURE, exposed.equals("*") ? exposed : exposed + ",camel")));
    }

    /** After the configuration files and the test's properties are in the environment. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
