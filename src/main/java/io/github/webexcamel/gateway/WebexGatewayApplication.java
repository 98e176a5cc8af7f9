package io.github.webexcamel.gateway;

import io.github.webexcamel.gateway.a2a.A2aConfiguration;
import io.github.webexcamel.gateway.cluster.ClusterConfiguration;
import io.github.webexcamel.gateway.config.CommandMetricsConfiguration;
import io.github.webexcamel.gateway.config.GatewayConfiguration;
import io.github.webexcamel.gateway.config.GatewayMode;
import io.github.webexcamel.gateway.config.RouteControllerConfiguration;
import io.github.webexcamel.gateway.config.SandboxConfiguration;
import io.github.webexcamel.gateway.config.WebexInfoContributor;
import io.github.webexcamel.gateway.config.WebexMetrics;
import io.github.webexcamel.gateway.connect.ConnectConfiguration;
import io.github.webexcamel.gateway.feedback.FeedbackConfiguration;
import io.github.webexcamel.gateway.github.GitHubConfiguration;
import io.github.webexcamel.gateway.governance.GovernanceConfiguration;
import io.github.webexcamel.gateway.hooks.HooksConfiguration;
import io.github.webexcamel.gateway.jenkins.JenkinsConfiguration;
import io.github.webexcamel.gateway.jira.JiraConfiguration;
import io.github.webexcamel.gateway.llm.LlmConfiguration;
import io.github.webexcamel.gateway.reply.ReplyMetrics;
import io.github.webexcamel.gateway.resilience.ResilienceConfiguration;
import io.github.webexcamel.gateway.skill.SkillConfiguration;
import io.github.webexcamel.gateway.state.StateStoreConfiguration;
import io.github.webexcamel.gateway.web.BodyLimits;
import io.github.webexcamel.gateway.web.CommandsController;
import io.github.webexcamel.gateway.web.PlaygroundConfiguration;
import io.github.webexcamel.gateway.web.SecurityConfiguration;
import io.github.webexcamel.gateway.webhook.WebhookConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The gateway's Spring Boot application: {@code @SpringBootApplication} without its package scan. Scanning read and
 * parsed every class file of the gateway's ~260 at each start to find these 26 (a tenth of a second on two cores, on
 * the start-up's critical path); they are listed instead, by package and name, as a scan of the classes folder finds
 * them.
 * {@code ApplicationComponentsTest} scans as {@code @SpringBootApplication} would and fails when a component is
 * missing here, so a new {@code @Configuration} cannot be silently left out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ A2aConfiguration.class, ClusterConfiguration.class, CommandMetricsConfiguration.class,
        GatewayConfiguration.class, GatewayMode.class, RouteControllerConfiguration.class, SandboxConfiguration.class,
        WebexInfoContributor.class, WebexMetrics.class, ConnectConfiguration.class, FeedbackConfiguration.class,
        GitHubConfiguration.class, GovernanceConfiguration.class, HooksConfiguration.class, JenkinsConfiguration.class,
        JiraConfiguration.class, LlmConfiguration.class, ReplyMetrics.class, ResilienceConfiguration.class,
        SkillConfiguration.class, StateStoreConfiguration.class, BodyLimits.class, CommandsController.class,
        PlaygroundConfiguration.class, SecurityConfiguration.class, WebhookConfiguration.class })
public class WebexGatewayApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(WebexGatewayApplication.class, args);
        } catch (RuntimeException e) {
            // already reported (one line for a bad token, Spring's report otherwise); exit without a second trace
            System.exit(1);
        }
    }
}
