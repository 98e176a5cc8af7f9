package io.github.webexcamel.kamelets.github;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.kamelets.ActionException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GitHub kamelet's input checks, request building and error lines, without a backend. */
class GitHubActionTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    private static GitHubAction action(String token) {
        GitHubAction action = new GitHubAction();
        action.setApiUrl("https://api.github.com");
        action.setToken(token);
        return action;
    }

    private static Exchange exchange(Map<String, Object> headers, Object body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setHeaders(new java.util.HashMap<>(headers));
        exchange.getIn().setBody(body);
        return exchange;
    }

    @Test
    void withoutATokenItSaysSo() {
        assertThatThrownBy(() -> action("").prepare(exchange(Map.of("operation", "issues", "repository", "acme/app"), null)))
                .isInstanceOf(ActionException.class).hasMessageContaining("not configured");
    }

    @Test
    void dispatchBodyIsJsonWithRefAndInputs() throws Exception {
        Exchange exchange = exchange(Map.of("operation", "run", "repository", "acme/app", "workflow", "deploy.yml",
                "ref", "release/1.2", "X-Other", "x"), Map.of("note", "a \"b\""));
        action("t0k").prepare(exchange);
        assertThat(exchange.getIn().getHeader(Exchange.HTTP_PATH)).isEqualTo("/repos/acme/app/actions/workflows/deploy.yml/dispatches");
        assertThat(new ObjectMapper().readTree(exchange.getIn().getBody(String.class)).path("inputs").path("note").asText())
                .isEqualTo("a \"b\"");
        assertThat(exchange.getIn().getHeader("Authorization")).isEqualTo("Bearer t0k");
        assertThat(exchange.getIn().getHeaders()).as("the input headers do not go to GitHub").doesNotContainKeys("X-Other", "workflow");
    }

    @Test
    void strictPatternsRejectPathTricks() {
        for (Map<String, Object> headers : List.<Map<String, Object>>of(Map.of("operation", "issues", "repository", "acme/.."),
                Map.of("operation", "issues", "repository", "acme/app/x"), Map.of("operation", "pr", "repository", "acme/app", "number", "0"),
                Map.of("operation", "run", "repository", "acme/app", "workflow", "../x.yml"),
                Map.of("operation", "run", "repository", "acme/app", "workflow", "deploy.yml", "ref", "main..x"))) {
            assertThatThrownBy(() -> action("t").prepare(exchange(headers, null))).as(headers.toString()).isInstanceOf(ActionException.class);
        }
    }

    @Test
    void rateLimitLines() {
        long reset = java.time.Instant.now().getEpochSecond() + 120;
        Map<String, String> primary = Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset));
        assertThat(GitHubAction.line(403, "API rate limit exceeded", primary::get)).matches(".*try again in 1[12][0-9] seconds\\.");
        assertThat(GitHubAction.line(429, "You have exceeded a secondary rate limit", Map.of("retry-after", "7")::get))
                .isEqualTo("GitHub is rate limiting the gateway (secondary limit); try again in 7 seconds.");
        assertThat(GitHubAction.line(403, "Resource not accessible", Map.<String, String>of()::get)).contains("does not allow");
    }
}
