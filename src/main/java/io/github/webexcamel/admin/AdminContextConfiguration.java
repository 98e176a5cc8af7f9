package io.github.webexcamel.admin;

import io.github.webexcamel.gateway.feedback.Feedback;
import io.github.webexcamel.gateway.governance.Approvals;
import io.github.webexcamel.gateway.governance.AuditLog;
import io.github.webexcamel.gateway.governance.SpaceRegistry;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Puts the operators' API and its door ({@link AdminSecurity}) into the management server's context, beside actuator,
 * so it is served on the management port only. Listed in META-INF/spring/…ManagementContextConfiguration.imports; outside the component scan on
 * purpose (a scanned copy would also serve it on the application port).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
public class AdminContextConfiguration {

    /** Before every other filter of the management server, so nothing it serves is reached without the check. */
    @Bean
    FilterRegistrationBean<AdminSecurity> adminSecurity(@Value("${webex.admin-token:}") String adminToken,
                                                        Environment environment) {
        FilterRegistrationBean<AdminSecurity> registration =
                new FilterRegistrationBean<>(new AdminSecurity(adminToken, environment));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    AdminApi adminApi(AuditLog audit, Approvals approvals, SpaceRegistry spaces) {
        return new AdminApi(audit, approvals, spaces);
    }

    @Bean
    FeedbackApi feedbackApi(Feedback webexFeedback) {
        return new FeedbackApi(webexFeedback);
    }
}
