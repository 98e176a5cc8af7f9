package io.github.webexcamel.gateway.web;

import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.webhook.WebhookReceiver;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The body limit in front of each way in that platform-http serves without a login in front of it: Webex's
 * webhooks ({@code webex.webhook.max-body-size}), Webex Connect ({@code webex.connect.max-body-bytes}) and
 * Assistant Skills (64 KB: a request is a signed, encrypted JSON of a sentence). The hooks have their own
 * ({@code HookBodyLimit}). Registered whether or not the way in is on: a route that answers 404 has read the body too.
 */
@Configuration(proxyBeanMethods = false)
public class BodyLimits {

    static final long SKILL_MAX_BYTES = 64 * 1024;

    @Bean
    FilterRegistrationBean<BodyLimit> webexWebhookBodyLimit(GatewayProperties properties, ObjectProvider<WebhookReceiver> receiver) {
        BodyLimit limit = new BodyLimit("Webex webhook", properties.webhook().maxBodySize().toBytes()) {
            @Override
            protected void refused(HttpServletRequest request) {
                super.refused(request);
                receiver.ifAvailable(WebhookReceiver::countTooLarge);
            }
        };
        return register("webexWebhookBodyLimit", limit, path(properties.webhook().path()));
    }

    @Bean
    FilterRegistrationBean<BodyLimit> webexConnectBodyLimit(Environment environment) {
        return register("webexConnectBodyLimit", new BodyLimit("Webex Connect", environment.getProperty("webex.connect.max-body-bytes", Long.class, 65536L)),
                path(environment.getProperty("webex.connect.path", "/connect/events")));
    }

    @Bean
    FilterRegistrationBean<BodyLimit> webexSkillBodyLimit(Environment environment) {
        return register("webexSkillBodyLimit", new BodyLimit("Assistant Skills", SKILL_MAX_BYTES), path(environment.getProperty("webex.skill.path", "/parse")));
    }

    private static FilterRegistrationBean<BodyLimit> register(String name, BodyLimit limit, String path) {
        FilterRegistrationBean<BodyLimit> registration = new FilterRegistrationBean<>(limit);
        // three filters of one class: without a name of its own each, only the first would be registered
        registration.setName(name);
        registration.addUrlPatterns(path);
        // before anything else that might read the body
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static String path(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }
}
