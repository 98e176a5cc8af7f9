package io.github.webexcamel.gateway.github;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /gh argument checks and error lines that need no backend. */
class GitHubRequestsTest {

    private final GitHubRequests requests = new GitHubRequests(new ObjectMapper());

    private static Exchange exchange(String token, String args, List<String> argv, Map<String, String> options) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable("ghToken", token);
        exchange.setVariable("ghApiUrl", "https://api.github.com");
        exchange.setVariable(WebexConstants.VAR_ARGS, args);
        exchange.setVariable(WebexConstants.VAR_ARGV, argv);
        exchange.setVariable(WebexConstants.VAR_OPTIONS, options);
        return exchange;
    }

    @Test
    void withoutATokenTheUserIsToldWhatToSet() {
        assertThatThrownBy(() -> requests.prepare(exchange("", "issues acme/app", List.of("issues", "acme/app"), Map.of()), "issues"))
                .isInstanceOf(CommandException.class)
                .hasMessage("GitHub is not configured: set GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise)");
    }

    @Test
    void dispatchBodyIsJsonWithRefAndInputs() throws Exception {
        Exchange exchange = exchange("t0k", "run acme/app deploy.yml release/1.2 note=\"a \\\"b\\\"\"",
                List.of("run", "acme/app", "deploy.yml", "release/1.2"), Map.of("note", "a \"b\""));
        requests.prepare(exchange, "run");
        assertThat(exchange.getIn().getHeader(Exchange.HTTP_PATH)).isEqualTo("/repos/acme/app/actions/workflows/deploy.yml/dispatches");
        assertThat(new ObjectMapper().readTree(exchange.getIn().getBody(String.class)).path("inputs").path("note").asText())
                .isEqualTo("a \"b\"");
        assertThat(exchange.getIn().getHeader("Authorization")).isEqualTo("Bearer t0k");
        assertThat(exchange.getVariable("ghToken")).isNull();
    }

    @Test
    void strictPatternsRejectPathTricks() {
        for (List<String> argv : List.of(List.of("issues", "acme/.."), List.of("issues", "acme/app/x"), List.of("pr", "acme/app#0"),
                List.of("run", "acme/app", "../x.yml"), List.of("run", "acme/app", "deploy.yml", "main..x"))) {
            assertThatThrownBy(() -> requests.prepare(exchange("t", String.join(" ", argv), argv, Map.of()), argv.get(0)))
                    .as(argv.toString()).isInstanceOf(CommandException.class);
        }
    }

    @Test
    void rateLimitLines() {
        long reset = java.time.Instant.now().getEpochSecond() + 120;
        Map<String, String> primary = Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset));
        assertThat(GitHubResults.line(403, "API rate limit exceeded", primary::get)).matches(".*try again in 1[12][0-9] seconds\\.");
        assertThat(GitHubResults.line(429, "You have exceeded a secondary rate limit", Map.of("retry-after", "7")::get))
                .isEqualTo("GitHub is rate limiting the gateway (secondary limit); try again in 7 seconds.");
        assertThat(GitHubResults.line(403, "Resource not accessible", Map.<String, String>of()::get)).contains("does not allow");
        assertThat(GitHubResults.htmlRoot("https://ghe.example.com/api/v3/")).isEqualTo("https://ghe.example.com");
        assertThat(GitHubResults.htmlRoot("https://api.github.com")).isEqualTo("https://github.com");
    }
}
