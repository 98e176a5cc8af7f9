package io.github.webexcamel.admin;

import io.github.webexcamel.gateway.feedback.Feedback;
import io.github.webexcamel.gateway.governance.Approvals;
import io.github.webexcamel.gateway.governance.AuditLog;
import io.github.webexcamel.gateway.governance.SpaceRegistry;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;

/**
 * Puts the operators' API into the management server's context, beside actuator, so it is served on the management
 * port only. Listed in META-INF/spring/…ManagementContextConfiguration.imports; outside the component scan on
 * purpose (a scanned copy would also serve it on the application port).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
public class AdminContextConfiguration {

    @Bean
    AdminApi adminApi(AuditLog audit, Approvals approvals, SpaceRegistry spaces) {
        return new AdminApi(audit, approvals, spaces);
    }

    @Bean
    FeedbackApi feedbackApi(Feedback webexFeedback) {
        return new FeedbackApi(webexFeedback);
    }
}
