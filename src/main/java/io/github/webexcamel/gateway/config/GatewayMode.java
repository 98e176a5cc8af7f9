package io.github.webexcamel.gateway.config;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sandbox or real Webex, said where operators look ({@code /actuator/info}, health). A process that holds connector
 * credentials but no Webex token is most likely a production deployment whose token went missing: it logs a WARN
 * and is not ready, unless the sandbox is declared intended ({@code WEBEX_SANDBOX=true}).
 */
@Component("sandbox")
public class GatewayMode implements HealthIndicator, InfoContributor {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMode.class);
    private static final List<String> CREDENTIALS = List.of("github.token", "jira.api-token", "jira.pat",
            "jenkins.api-token", "llm.api-key");

    private final boolean sandbox;
    private final List<String> credentials;
    private final boolean intended;

    public GatewayMode(GatewayProperties properties, Environment environment) {
        this.sandbox = sandboxMode(environment);
        this.intended = properties.sandbox().enabled();
        this.credentials = CREDENTIALS.stream()
                .filter(name -> !environment.getProperty(name, "").isBlank())
                .toList();
        if (suspicious()) {
            LOG.warn("No WEBEX_API_TOKEN, yet connector credentials are set ({}): running on the embedded sandbox and"
                    + " reporting not ready. Set WEBEX_API_TOKEN, or WEBEX_SANDBOX=true if the sandbox is intended",
                    String.join(", ", credentials));
        }
    }

    /** No bot token: the gateway runs on the embedded sandbox (SandboxConfiguration's condition). */
    public static boolean sandboxMode(Environment environment) {
        return environment.getProperty("camel.component.webex.token", "").isBlank();
    }

    public String mode() {
        return sandbox ? "sandbox" : "webex";
    }

    private boolean suspicious() {
        return sandbox && !intended && !credentials.isEmpty();
    }

    @Override
    public Health health() {
        Health.Builder health = suspicious() ? Health.outOfService()
                .withDetail("reason", "connector credentials are set but WEBEX_API_TOKEN is not;"
                        + " set WEBEX_API_TOKEN, or WEBEX_SANDBOX=true if the sandbox is intended") : Health.up();
        return health.withDetail("mode", mode()).build();
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("mode", mode());
    }
}
