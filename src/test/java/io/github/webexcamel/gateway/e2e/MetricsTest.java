package io.github.webexcamel.gateway.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.webexcamel.gateway.fakes.TestHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * /actuator/prometheus after real traffic through the sandbox: per-command timers and error counts (tag
 * {@code command}), and the gateway's counters for events, replies and denials. Other tests share this context,
 * so every assertion is on the increase this test caused.
 */
class MetricsTest extends GatewayTestSupport {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? ([^ ]+)");

    @Test
    void commandsEventsRepliesAndDenialsAreCounted() throws Exception {
        String before = scrape();
        String user = newUser();
        String room = say(user, "/echo one").path("roomId").asText();
        say(user, "/echo two");
        say(user, "/boom");
        awaitBotMessages(room, 3);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            String after = scrape();
            assertThat(increase(before, after, "camel_route_policy_seconds_count", Map.of("command", "echo"))).isEqualTo(2);
            assertThat(increase(before, after, "camel_route_policy_seconds_count", Map.of("command", "boom"))).isEqualTo(1);
            // a failing command: the error handler answers the user, so its exchange counts as a failure handled
            assertThat(increase(before, after, "camel_exchanges_failures_handled_total", Map.of("command", "boom"))).isEqualTo(1);
            assertThat(increase(before, after, "camel_exchanges_failures_handled_total", Map.of("command", "echo"))).isZero();
            assertThat(increase(before, after, "camel_exchanges_total", Map.of("command", "echo"))).isEqualTo(2);
            assertThat(increase(before, after, "camel_exchanges_succeeded_total", Map.of("command", "boom"))).isEqualTo(1);
            assertThat(increase(before, after, "camel_exchanges_failed_total", Map.of("command", "boom"))).isZero();
            // the timer measured the command: a positive sum, never more than the test took
            assertThat(increase(before, after, "camel_route_policy_seconds_sum", Map.of("command", "echo")))
                    .isPositive().isLessThan(TIMEOUT.toSeconds());
            assertThat(increase(before, after, "webex_events_total", Map.of())).isGreaterThanOrEqualTo(3);
            assertThat(increase(before, after, "webex_replies_total", Map.of("kind", "reply"))).isGreaterThanOrEqualTo(2);
            assertThat(increase(before, after, "webex_replies_total", Map.of("kind", "error"))).isGreaterThanOrEqualTo(1);
        });

        // another bot is never served unless approved by e-mail: a denial (a silent one)
        String bot = "bot-" + newUser().replace("@example.com", "@webex.bot");
        sandbox.createBot(bot, "Other bot");
        String team = sandbox.createGroupRoom("metrics " + System.nanoTime(), List.of(user, bot)).path("id").asText();
        String beforeDenial = scrape();
        sandbox.userPost(bot, team, "/echo from a bot", null, true);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                increase(beforeDenial, scrape(), "webex_denials_total", Map.of("reason", "access"))).isEqualTo(1));

        // the Grafana dashboard asks only for what is scraped (every kind of meter has been used by now)
        String scrape = scrape();
        Matcher names = Pattern.compile("\\b((?:camel|webex|jvm)_[a-z_]+)").matcher(Files.readString(Path.of("docs/grafana-dashboard.json")));
        int checked = 0;
        while (names.find()) {
            assertThat(scrape).as("docs/grafana-dashboard.json uses " + names.group(1)).containsPattern("(?m)^" + names.group(1) + "[{ ]");
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    /** A 429 from Webex on a reply: counted, and so is the retry that delivers the reply after Retry-After. */
    @Test
    void webexRateLimitsAndRetriesAreCounted() {
        String before = scrape();
        String user = newUser();
        sandbox.faults().rateLimitNextPosts(1, 1);
        try {
            String room = say(user, "/echo after a 429").path("roomId").asText();
            awaitBotMessage(room, m -> text(m).equals("after a 429"));
        } finally {
            sandbox.faults().reset();
        }
        String after = scrape();
        assertThat(increase(before, after, "webex_api_rate_limited_total", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, "webex_api_retries_total", Map.of())).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theScrapeIsPrometheusTextWithTheGatewaysMeters() {
        HttpResponse<String> response = TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(response.body()).contains("# TYPE webex_events_total counter", "# TYPE webex_reconnects_total counter",
                "# TYPE webex_api_retries_total counter", "# TYPE webex_api_rate_limited_total counter",
                "# TYPE webex_connected gauge", "# TYPE camel_route_policy_seconds summary");
    }

    private String scrape() {
        HttpResponse<String> response = TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double increase(String before, String after, String metric, Map<String, String> labels) {
        return sum(after, metric, labels) - sum(before, metric, labels);
    }

    /** The sum of the samples of one metric whose labels include these. */
    static double sum(String scrape, String metric, Map<String, String> labels) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).equals(metric)) {
                continue;
            }
            String tags = m.group(3) == null ? "" : m.group(3);
            if (labels.entrySet().stream().allMatch(e -> tags.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                total += Double.parseDouble(m.group(4));
            }
        }
        return total;
    }
}
