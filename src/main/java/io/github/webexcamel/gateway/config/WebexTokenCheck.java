package io.github.webexcamel.gateway.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.webexcamel.gateway.webex.WebexAuthenticationException;
import io.github.webexcamel.gateway.webex.WebexComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks the bot token before Camel starts, so a wrong one ends start-up with one line instead of a route start-up
 * failure; an unreachable Webex is left to the consumer, which keeps retrying.
 * <p>
 * The check is a round trip to Webex ({@code GET /v1/people/me}, plus the HTTP client's first connection): it starts
 * when this bean is created and runs on its own thread while Spring creates the rest of the application, and
 * {@link #start()}, the last lifecycle step before Camel starts, waits for it. The identity it reads is cached by the
 * component, so the {@code webex:events} consumer does not ask again.
 * <p>
 * Not Spring's {@code @Bean(bootstrap = BACKGROUND)}: a bean that fails on the bootstrap executor is logged by Spring
 * with its stack trace before start-up fails, and a wrong token must end start-up with one line.
 */
final class WebexTokenCheck implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(WebexTokenCheck.class);

    private final CompletableFuture<Void> check;
    private volatile boolean running;

    WebexTokenCheck(WebexComponent webex) {
        check = CompletableFuture.runAsync(webex::identity, task -> {
            Thread thread = new Thread(task, "webex-token-check");
            thread.setDaemon(true);
            thread.start();
        });
    }

    @Override
    public void start() {
        running = true;
        try {
            check.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebexAuthenticationException wrongToken) {
                throw wrongToken;
            }
            // the webex:events consumer says so and keeps trying; one line for one problem
            LOG.debug("Webex is not reachable yet: {}", e.getCause().getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
