package io.github.webexcamel.gateway.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Two doors. The management port (actuator and the operators' API) admits admins only, except the health probes
 * (Kubernetes sends no token), whose details still need an admin: {@code io.github.webexcamel.admin.AdminSecurity}, in
 * the management context. The application port (playground, command list, and inbound hooks that check their own
 * signatures) needs no login; every response carries the browser security headers.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    FilterRegistrationBean<SecurityHeaders> securityHeaders() {
        FilterRegistrationBean<SecurityHeaders> registration = new FilterRegistrationBean<>(new SecurityHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
