package io.github.webexcamel.gateway.web;

import io.github.webexcamel.admin.AdminSecurity;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two doors. The management port (actuator and the operators' API) admits admins only, except the health probes
 * (Kubernetes sends no token), whose details still need an admin. The application port (playground, command list,
 * and inbound hooks that check their own signatures) needs no login.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain managementChain(HttpSecurity http, Environment environment,
                                        @Value("${webex.admin-token:}") String adminToken) throws Exception {
        return http.securityMatcher(managementPort(environment))
                .addFilterBefore(new AdminSecurity(adminToken, environment), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /** Requests that arrived on the management port (or, when it shares the application port, its paths). */
    private static RequestMatcher managementPort(Environment environment) {
        return (HttpServletRequest request) -> {
            String management = environment.getProperty("local.management.port");
            String server = environment.getProperty("local.server.port");
            if (management != null && !management.equals(server)) {
                return String.valueOf(request.getLocalPort()).equals(management);
            }
            String path = request.getRequestURI();
            return path.startsWith("/actuator") || path.startsWith("/api/audit") || path.startsWith("/api/approvals")
                    || path.startsWith("/api/spaces") || path.startsWith("/api/feedback");
        };
    }
}
