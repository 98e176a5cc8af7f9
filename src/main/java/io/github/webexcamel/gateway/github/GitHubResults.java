package io.github.webexcamel.gateway.github;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.BackendResults;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.rest.RetryAfter;
import io.github.webexcamel.gateway.webex.SafeMarkdown;
import org.apache.camel.Exchange;
import org.eclipse.egit.github.core.Comment;
import org.eclipse.egit.github.core.Issue;
import org.eclipse.egit.github.core.client.RequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GitHub answers to one clear line per failure, the next call of a multi-call command, and the reply markdown. */
public class GitHubResults extends BackendResults {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubResults.class);

    public GitHubResults(ObjectMapper mapper) {
        super(mapper, "GitHub", "ghPath");
    }

    @Override
    protected String userLine(int status, String message, Exchange exchange) {
        return line(status, message, name -> exchange.getMessage().getHeader(name, String.class));
    }

    /** A camel-github call or a camel-http call failed with an exception (the caught one). */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        try {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RequestException re) {
                    String message = re.getMessage();
                    LOG.warn("GitHub call for {}/{} answered HTTP {}: {}", exchange.getVariable("ghOwner"),
                            exchange.getVariable("ghRepo"), re.getStatus(), message);
                    throw new CommandException(line(re.getStatus(), shorten(message), GitHubApiClient::lastHeader), re.getStatus());
                }
                if (t instanceof java.net.HttpRetryException hre) {
                    // HttpURLConnection (egit) answers a 401 to a streamed POST with this instead of the response
                    LOG.warn("GitHub call for {}/{} answered HTTP {}: {}", exchange.getVariable("ghOwner"),
                            exchange.getVariable("ghRepo"), hre.responseCode(), hre.getReason());
                    throw new CommandException(line(hre.responseCode(), "", GitHubApiClient::lastHeader), hre.responseCode());
                }
                if (t.getClass() == java.io.IOException.class && GitHubApiClient.answer(t) != null) {
                    // egit's words for a status it has no error body for (429, 502, 503 ...): "<reason> (<status>)"
                    int status = GitHubApiClient.answer(t).status();
                    LOG.warn("GitHub call for {}/{} answered HTTP {}", exchange.getVariable("ghOwner"), exchange.getVariable("ghRepo"), status);
                    throw new CommandException(line(status, "", GitHubApiClient::lastHeader), status);
                }
                if (t instanceof java.net.SocketTimeoutException || t instanceof java.io.InterruptedIOException
                        || t.getClass().getSimpleName().contains("Timeout")) {
                    LOG.warn("GitHub call for {}/{} timed out: {}", exchange.getVariable("ghOwner"), exchange.getVariable("ghRepo"), String.valueOf(t));
                    throw new CommandException("GitHub did not answer in time; try again later.");
                }
            }
            LOG.warn("GitHub call for {}/{} failed: {}", exchange.getVariable("ghOwner"), exchange.getVariable("ghRepo"), String.valueOf(e));
            throw new CommandException("GitHub is not reachable; try again later.");
        } finally {
            GitHubApiClient.forget();
        }
    }

    static String line(int status, String message, UnaryOperator<String> header) {
        String remaining = header.apply("x-ratelimit-remaining");
        String reset = header.apply("x-ratelimit-reset");
        String retryAfter = header.apply("retry-after");
        boolean rateLimited = (status == 403 || status == 429)
                && ("0".equals(remaining) || retryAfter != null || message.toLowerCase().contains("rate limit"));
        if (rateLimited) {
            long seconds;
            if (retryAfter != null) {
                seconds = RetryAfter.parse(retryAfter, Duration.ofSeconds(60), Duration.ofHours(1)).toSeconds();
            } else if ("0".equals(remaining) && reset != null && reset.matches("[0-9]{1,12}")) {
                seconds = Math.max(1, Long.parseLong(reset) - Instant.now().getEpochSecond());
            } else {
                seconds = 60;
            }
            boolean secondary = message.toLowerCase().contains("secondary");
            return "GitHub is rate limiting the gateway" + (secondary ? " (secondary limit)" : "") + "; try again in "
                    + seconds + " seconds.";
        }
        return switch (status) {
            case 401 -> "GitHub refused the gateway's token (HTTP 401 Bad credentials): check GITHUB_TOKEN.";
            case 403 -> "GitHub does not allow the gateway's token to do that (HTTP 403): " + message;
            case 404 -> "GitHub: not found (HTTP 404), or the gateway's token may not see it.";
            case 400, 409, 422 -> "GitHub rejected that: " + message;
            default -> status >= 500 ? "GitHub is failing or down (HTTP " + status + "); try again later."
                    : "GitHub answered HTTP " + status + ": " + message;
        };
    }

    /** After a successful call: sets up the next call of the command, or ghStep = done. */
    public void next(Exchange exchange) throws Exception {
        String step = exchange.getVariable("ghStep", String.class);
        switch (step) {
            case "repo" -> {
                exchange.setVariable("ghRef", json(exchange).path("default_branch").asText("main"));
                new GitHubRequests(mapper).dispatch(exchange);
            }
            case "dispatch" -> GitHubRequests.call(exchange, "runs", "GET", GitHubRequests.repoPath(exchange)
                    + "/actions/workflows/" + exchange.getVariable("ghWorkflow") + "/runs", "per_page=5&event=workflow_dispatch", null);
            case "pull" -> {
                JsonNode pull = json(exchange);
                exchange.setVariable("ghPull", pull);
                String sha = pull.path("head").path("sha").asText();
                if (!sha.matches("[0-9a-fA-F]{7,64}")) {
                    exchange.setVariable("ghStep", "done");
                    return;
                }
                GitHubRequests.call(exchange, "checks", "GET", GitHubRequests.repoPath(exchange) + "/commits/" + sha
                        + "/check-runs", "per_page=30", null);
            }
            default -> exchange.setVariable("ghStep", "done");
        }
    }

    /** The reply markdown of the command. */
    public String reply(Exchange exchange, String operation) throws Exception {
        exchange.removeVariable("ghAuthorization");
        GitHubApiClient.forget();
        String repo = exchange.getVariable("ghOwner") + "/" + exchange.getVariable("ghRepo");
        String html = htmlRoot(exchange.getVariable("ghApiUrl", "", String.class)) + "/" + repo;
        return switch (operation) {
            case "issue" -> {
                Issue issue = exchange.getMessage().getBody(Issue.class);
                yield "Created [" + repo + "#" + issue.getNumber() + "](" + issue.getHtmlUrl() + ") " + escape(issue.getTitle()) + ".";
            }
            case "comment" -> {
                Comment comment = exchange.getMessage().getBody(Comment.class);
                String number = String.valueOf(exchange.getVariable("ghNumber"));
                String url = comment != null && comment.getUrl() != null ? html + "/pull/" + number + "#issuecomment-" + comment.getId()
                        : html + "/pull/" + number;
                yield "Comment added to [" + repo + "#" + number + "](" + url + ").";
            }
            case "issues" -> issues(exchange, repo);
            case "pr" -> pull(exchange);
            case "run" -> runs(exchange, repo, html);
            default -> throw new IllegalArgumentException(operation);
        };
    }

    private String issues(Exchange exchange, String repo) throws Exception {
        StringBuilder text = new StringBuilder();
        for (JsonNode issue : json(exchange)) {
            if (issue.has("pull_request")) {
                continue;
            }
            text.append("- [#").append(issue.path("number").asInt()).append("](").append(issue.path("html_url").asText()).append(") ")
                    .append(escape(issue.path("title").asText())).append(" — ").append(issue.path("user").path("login").asText("?"))
                    .append('\n');
        }
        return text.isEmpty() ? "No open issues in " + repo + "." : "Open issues in " + repo + ":\n" + text.toString().strip();
    }

    private String pull(Exchange exchange) throws Exception {
        JsonNode pr = exchange.getVariable("ghPull", JsonNode.class);
        String state = pr.path("merged").asBoolean() || !pr.path("merged_at").isMissingNode() && !pr.path("merged_at").isNull()
                ? "merged" : pr.path("draft").asBoolean() ? "draft" : pr.path("state").asText("?");
        StringBuilder text = new StringBuilder("[#").append(pr.path("number").asInt()).append(" ")
                .append(escape(pr.path("title").asText())).append("](").append(pr.path("html_url").asText()).append(") — ")
                .append(state).append(", by ").append(escape(pr.path("user").path("login").asText("?"))).append(", ")
                .append(SafeMarkdown.code(pr.path("head").path("ref").asText())).append(" → ")
                .append(SafeMarkdown.code(pr.path("base").path("ref").asText()));
        JsonNode runs = json(exchange).path("check_runs");
        if (runs.isEmpty()) {
            text.append("\nNo checks.");
        } else {
            text.append("\nChecks:");
            for (JsonNode run : runs) {
                String conclusion = run.path("conclusion").isNull() ? "" : run.path("conclusion").asText("");
                String status = run.path("status").asText();
                String mark = !"completed".equals(status) ? "⏳ " + status
                        : "success".equals(conclusion) ? "✅ success" : "❌ " + conclusion;
                text.append("\n- ").append(escape(run.path("name").asText())).append(": ").append(mark);
            }
        }
        return text.toString();
    }

    private String runs(Exchange exchange, String repo, String html) throws Exception {
        String workflow = exchange.getVariable("ghWorkflow", String.class);
        JsonNode runs = json(exchange).path("workflow_runs");
        String link = html + "/actions/workflows/" + workflow;
        if (!runs.isEmpty()) {
            String runUrl = runs.get(0).path("html_url").asText("");
            int actions = runUrl.indexOf("/actions/runs/");
            if (actions > 0) {
                link = runUrl.substring(0, actions) + "/actions/workflows/" + workflow;
            }
        }
        StringBuilder text = new StringBuilder("Dispatched **").append(escape(workflow)).append("** on ")
                .append(SafeMarkdown.code(exchange.getVariable("ghRef", String.class))).append(" in ").append(repo)
                .append(". [Recent runs](").append(link).append(")");
        int shown = 0;
        for (JsonNode run : runs) {
            if (shown++ == 3) {
                break;
            }
            String conclusion = run.path("conclusion").isNull() ? "" : run.path("conclusion").asText("");
            text.append("\n- [#").append(run.path("run_number").asInt()).append("](").append(run.path("html_url").asText())
                    .append(") ").append(run.path("status").asText()).append(conclusion.isEmpty() ? "" : " " + conclusion)
                    .append(", ").append(SafeMarkdown.code(run.path("head_branch").asText()));
        }
        return text.toString();
    }

    /** The web root of an API root: api.github.com → github.com, https://host/api/v3 → https://host. */
    static String htmlRoot(String apiUrl) {
        String url = apiUrl.strip().replaceAll("/+$", "");
        if (url.matches("https?://api\\.github\\.com")) {
            return "https://github.com";
        }
        return url.replaceFirst("/api/v3$", "");
    }

    private JsonNode json(Exchange exchange) throws Exception {
        String body = exchange.getMessage().getBody(String.class);
        return body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
    }

    /** GitHub's error body: {@code message} and {@code errors} (strings or objects). */
    @Override
    protected String errorText(JsonNode json) {
        StringBuilder text = new StringBuilder(json.path("message").asText(""));
        for (JsonNode error : json.path("errors")) {
            text.append(' ').append(error.isTextual() ? error.asText()
                    : error.path("message").asText(error.path("field").asText("") + " " + error.path("code").asText("")));
        }
        return text.toString();
    }

    static String escape(String s) {
        return escapeMarkdown(s);
    }

}
