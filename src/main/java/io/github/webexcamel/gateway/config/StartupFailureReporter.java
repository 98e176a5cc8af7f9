package io.github.webexcamel.gateway.config;

import io.github.webexcamel.gateway.webex.WebexAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * A wrong token or a configuration the gateway must not run with is an operator mistake, not a bug: report it in
 * one line instead of Spring's stack trace.
 * Registered in META-INF/spring.factories; runs before Spring's own reporters.
 */
public class StartupFailureReporter implements SpringBootExceptionReporter, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.webexcamel.gateway");

    public StartupFailureReporter(ConfigurableApplicationContext context) {
        // the constructor signature Spring Boot requires of exception reporters
    }

    @Override
    public boolean reportException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WebexAuthenticationException || t instanceof StartupProblem) {
                LOG.error("Start-up failed: {}", t.getMessage());
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
