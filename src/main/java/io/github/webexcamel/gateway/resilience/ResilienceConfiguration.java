package io.github.webexcamel.gateway.resilience;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.webexcamel.gateway.github.GitHubApiClient;
import io.github.webexcamel.gateway.jenkins.JenkinsBuilds;
import io.github.webexcamel.kamelets.BackendResilience;
import io.github.webexcamel.kamelets.BackendStatusException;
import io.github.webexcamel.kamelets.CircuitBreakers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * One resilience4j circuit breaker per backend — {@code githubCircuitBreaker}, {@code jiraCircuitBreaker},
 * {@code jenkinsCircuitBreaker}, {@code llmCircuitBreaker}, {@code a2aCircuitBreaker} — published to the kamelets
 * ({@code CircuitBreakers.named}), whose circuitBreaker EIPs then use these, and the {@link BackendResilience} of the
 * Jenkins build watch ({@code jenkinsResilience}). Every route and bean calling a backend uses its one breaker, so a
 * backend found down by /gh is not asked by the notification poll either.
 *
 * <p>The LLM and A2A breakers take {@code llm.circuit-breaker.*} and {@code a2a.circuit-breaker.*}; their retries
 * are the clients' own ({@code llm.retry-budget}). Properties, per backend ({@code github}, {@code jira},
 * {@code jenkins}): {@code retry-budget},
 * {@code connect-timeout}, {@code read-timeout}, {@code circuit-breaker.failure-threshold} (consecutive
 * failures — 5xx, timeouts, no connection — that open it) and {@code circuit-breaker.open-duration}. For the
 * camel-http endpoint options, which take milliseconds, {@code <backend>.connect-timeout-millis} and
 * {@code <backend>.read-timeout-millis} are derived here.
 *
 * <p>So is {@code <backend>.configured} ({@code true} when the backend's address — or GitHub's token — is set), which
 * the command files check before they call a backend and the preconditions of the backend-only routes
 * ({@code routes/gateway/backends.camel.yaml}, {@code jenkins-watch}, {@code a2a-agent}) read: a backend nobody
 * configured costs no route, kamelet, endpoint or client at start-up.
 */
@Configuration(proxyBeanMethods = false)
public class ResilienceConfiguration {

    static final String[] BACKENDS = {"github", "jira", "jenkins"};
    // the names this context's breakers are published under for its kamelets: of its own, as a JVM may hold several
    private final String published = "-" + UUID.randomUUID();
    private static final Logger LOG = LoggerFactory.getLogger(ResilienceConfiguration.class);

    private final ConfigurableEnvironment environment;

    public ResilienceConfiguration(ConfigurableEnvironment environment) {
        this.environment = environment;
        Map<String, Object> derived = new HashMap<>();
        for (String backend : BACKENDS) {
            derived.put(backend + ".connect-timeout-millis", Long.toString(duration(backend + ".connect-timeout", "5s").toMillis()));
            derived.put(backend + ".read-timeout-millis", Long.toString(duration(backend + ".read-timeout", "30s").toMillis()));
        }
        for (String backend : new String[] {"github", "jira", "jenkins", "llm", "a2a"}) {
            derived.put(backend + ".circuit-breaker.kamelet-name", backend + published);
        }
        CONFIGURED_BY.forEach((backend, setting) ->
                derived.put(backend + ".configured", Boolean.toString(!environment.getProperty(setting, "").isBlank())));
        environment.getPropertySources().addLast(new MapPropertySource("backendTimeoutsDerived", derived));
    }

    // the setting whose presence makes a backend configured: the same test the command files' "not configured" lines use
    static final Map<String, String> CONFIGURED_BY = Map.of("github", "github.token", "jira", "jira.url",
            "jenkins", "jenkins.url", "llm", "llm.base-url", "a2a", "a2a.url");

    private Duration duration(String name, String fallback) {
        return DurationStyle.detectAndParse(environment.getProperty(name, fallback).strip());
    }

    @Bean
    CircuitBreakerRegistry backendCircuitBreakers() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @Bean("githubCircuitBreaker")
    CircuitBreaker githubCircuitBreaker(CircuitBreakerRegistry registry) {
        return breaker(registry, "github", GitHubApiClient::answer);
    }

    @Bean("jiraCircuitBreaker")
    CircuitBreaker jiraCircuitBreaker(CircuitBreakerRegistry registry) {
        return breaker(registry, "jira", null);
    }

    @Bean("jenkinsCircuitBreaker")
    CircuitBreaker jenkinsCircuitBreaker(CircuitBreakerRegistry registry) {
        return breaker(registry, "jenkins", null);
    }

    // the LLM and the A2A agent are called from Java (their answers stream), which asks the breaker itself
    @Bean("llmCircuitBreaker")
    CircuitBreaker llmCircuitBreaker(CircuitBreakerRegistry registry) {
        return breaker(registry, "llm", null);
    }

    @Bean("a2aCircuitBreaker")
    CircuitBreaker a2aCircuitBreaker(CircuitBreakerRegistry registry) {
        return breaker(registry, "a2a", null);
    }

    // the line the build watch's polls given up on end with is the connector's own (timeout, unreachable)
    @Bean("jenkinsResilience")
    BackendResilience jenkinsResilience(@Qualifier("jenkinsCircuitBreaker") CircuitBreaker jenkinsCircuitBreaker, JenkinsBuilds builds) {
        return resilience("Jenkins", "jenkins", jenkinsCircuitBreaker, null).givingUpWith(builds::unreachable);
    }

    private BackendResilience resilience(String service, String backend, CircuitBreaker breaker,
                                         Function<Throwable, BackendStatusException> translate) {
        return new BackendResilience(service, breaker, duration(backend + ".retry-budget", "30s"),
                duration(backend + ".circuit-breaker.open-duration", "30s"), translate);
    }

    private CircuitBreaker breaker(CircuitBreakerRegistry registry, String backend, Function<Throwable, BackendStatusException> translate) {
        int failures = Math.max(1, environment.getProperty(backend + ".circuit-breaker.failure-threshold", Integer.class, 5));
        Duration openFor = duration(backend + ".circuit-breaker.open-duration", "30s");
        CircuitBreaker breaker = registry.circuitBreaker(backend, breakerConfig(failures, openFor, translate));
        breaker.getEventPublisher().onStateTransition(event -> LOG.warn("{} circuit breaker: {} ({} consecutive failures open it,"
                + " it stays open {} s)", backend, event.getStateTransition(), failures, openFor.toSeconds()));
        // the kamelets' circuitBreaker EIPs use this one too (CircuitBreakers.named)
        CircuitBreakers.publish(backend + published, breaker);
        return breaker;
    }

    static CircuitBreakerConfig breakerConfig(int failures, Duration openFor, Function<Throwable, BackendStatusException> translate) {
        return CircuitBreakers.config(failures, openFor, translate);
    }
}
