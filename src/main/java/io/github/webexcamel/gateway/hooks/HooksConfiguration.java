package io.github.webexcamel.gateway.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.governance.WebexCalls;
import io.github.webexcamel.gateway.reply.CardTemplates;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Notifications in: the beans of {@code routes/notifications/} and the body limit in front of {@code /hooks/*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HooksProperties.class)
public class HooksConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HooksConfiguration.class);

    @Bean("webexHooks")
    WebexHooks webexHooks(HooksProperties properties, @Value("${github.webhook-secret:}") String githubSecret,
                          WebexCalls webex, WebexComponent component, CardTemplates cards, ObjectMapper mapper,
                          MeterRegistry meters, CamelContext camel,
                          @Qualifier("webexEventIds") IdempotentRepository webexEventIds) {
        if (!properties.hasToken()) {
            LOG.info("WEBEX_HOOKS_TOKEN is not set: the notification hooks that take a bearer token (/hooks/alertmanager, "
                    + "/hooks/jenkins, /hooks/generic…) answer every request 401");
        }
        if (githubSecret == null || githubSecret.isBlank()) {
            LOG.info("GITHUB_WEBHOOK_SECRET is not set: /hooks/github answers every request 401");
        }
        return new WebexHooks(properties, githubSecret, webex::isMember, webex::post, () -> component.identity().email(), cards,
                mapper, meters, name -> camel.getRoutes().stream().anyMatch(route ->
                        route.getEndpoint().getEndpointBaseUri().replaceFirst("\\?.*", "").endsWith("/hooks/" + name)),
                webexEventIds);
    }

    @Bean("webexHookMessages")
    HookMessages webexHookMessages(ObjectMapper mapper, WebexHooks hooks) {
        return new HookMessages(mapper, hooks);
    }

    @Bean("webexNotificationFiles")
    NotificationFiles webexNotificationFiles(CamelContext camel, @Value("${webex.hooks.routes-dir:routes/notifications}") String dir) {
        return new NotificationFiles(camel, dir);
    }

    @Bean
    FilterRegistrationBean<HookBodyLimit> webexHookBodyLimit(HooksProperties properties, ObjectProvider<WebexHooks> hooks) {
        FilterRegistrationBean<HookBodyLimit> registration =
                new FilterRegistrationBean<>(new HookBodyLimit(properties.maxBodyBytes(), hooks::getObject));
        registration.addUrlPatterns("/hooks/*");
        // before anything else that might read the body
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
