package io.github.webexcamel.gateway.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets the webex component's duration options keep taking {@code 15s}, {@code 5m} or {@code PT2M}. The generated
 * {@code WebexComponentConfiguration} holds them as {@code Long} milliseconds (how camel-spring-boot's generator types a
 * Camel duration option), which Spring binds from digits only; this turns the text into milliseconds first, for these
 * keys alone, with Spring's duration syntax (a plain number is milliseconds, as before). Registered in
 * META-INF/spring.factories.
 */
public class WebexDurations implements EnvironmentPostProcessor, Ordered {

    static final String PREFIX = "camel.component.webex.";
    /** The component's options of type duration (webex.json); WebexComponentCatalogTest keeps the two alike. */
    public static final List<String> OPTIONS = List.of("catch-up-window", "event-timeout", "ping-interval", "pong-timeout",
            "read-timeout", "reconcile-interval", "reconnect-initial-delay", "reconnect-max-delay", "request-timeout",
            "startup-timeout", "write-retry-budget");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // the binder resolves ${WEBEX_…:${webex.…:default}} and every relaxed form (CAMEL_COMPONENT_WEBEX_…) as binding would
        Binder binder = Binder.get(environment);
        Map<String, Object> millis = new HashMap<>();
        for (String option : OPTIONS) {
            binder.bind(PREFIX + option, String.class).ifBound(value -> {
                String text = value.trim();
                if (!text.isEmpty() && !text.chars().allMatch(Character::isDigit)) {
                    try {
                        millis.put(PREFIX + option, Long.toString(DurationStyle.detectAndParse(text).toMillis()));
                    } catch (IllegalArgumentException e) {
                        throw new StartupProblem(PREFIX + option + " is not a duration (such as 15s, 5m or 2000): '"
                                + text + "'");
                    }
                }
            });
        }
        if (!millis.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("webexComponentDurations", millis));
        }
    }

    @Override
    public int getOrder() {
        // after application.properties and the profiles are loaded (ConfigDataEnvironmentPostProcessor)
        return Ordered.LOWEST_PRECEDENCE;
    }
}
