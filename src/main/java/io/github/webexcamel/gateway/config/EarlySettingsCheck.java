package io.github.webexcamel.gateway.config;

import io.github.webexcamel.gateway.webex.WebexConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Refuses a webex component setting no endpoint can work with (WEBEX_INGRESS=sideways) before any bean is made.
 * The component bean checks it too, but it is made among Camel's auto-configurations, and a failure there is reported
 * after some 35 lines of Spring's "related causes" where the operator should read one line. Registered in
 * META-INF/spring.factories.
 */
public class EarlySettingsCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        WebexConfiguration settings = new WebexConfiguration();
        settings.setIngress(context.getEnvironment().getProperty("camel.component.webex.ingress"));
        try {
            settings.validate();
        } catch (IllegalArgumentException e) {
            throw new StartupProblem("camel.component.webex: " + e.getMessage());
        }
    }
}
