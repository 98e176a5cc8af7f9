package io.github.webexcamel.gateway.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.BackendResults;
import io.github.webexcamel.gateway.webex.SafeMarkdown;
import org.apache.camel.Exchange;

/** The {@code github-action} kamelet's answers (GitHub's JSON) as /gh replies in markdown. */
public class GitHubResults {

    private final ObjectMapper mapper;
    private final String apiUrl;

    public GitHubResults(ObjectMapper mapper, String apiUrl) {
        this.mapper = mapper;
        this.apiUrl = apiUrl == null ? "" : apiUrl;
    }

    /** The reply markdown of the command, as the body (a bean step: an expression's bean works on a copy). */
    public void reply(Exchange exchange, String operation) throws Exception {
        String repo = exchange.getVariable("ghOwner") + "/" + exchange.getVariable("ghRepo");
        String html = htmlRoot(apiUrl) + "/" + repo;
        JsonNode json = json(exchange);
        String reply = switch (operation) {
            case "issue" -> "Created [" + repo + "#" + json.path("number").asInt() + "](" + json.path("html_url").asText() + ") "
                    + escape(json.path("title").asText()) + ".";
            case "comment" -> {
                String number = String.valueOf(exchange.getVariable("ghNumber"));
                String url = json.path("html_url").asText(json.has("id") ? html + "/pull/" + number + "#issuecomment-"
                        + json.path("id").asText() : html + "/pull/" + number);
                yield "Comment added to [" + repo + "#" + number + "](" + url + ").";
            }
            case "issues" -> issues(json, repo);
            case "pr" -> pull(json);
            case "run" -> runs(json, repo, html);
            default -> throw new IllegalArgumentException(operation);
        };
        exchange.getMessage().setBody(reply);
    }

    private String issues(JsonNode issues, String repo) {
        StringBuilder text = new StringBuilder();
        for (JsonNode issue : issues) {
            if (issue.has("pull_request")) {
                continue;
            }
            text.append("- [#").append(issue.path("number").asInt()).append("](").append(issue.path("html_url").asText()).append(") ")
                    .append(escape(issue.path("title").asText())).append(" — ").append(issue.path("user").path("login").asText("?"))
                    .append('\n');
        }
        return text.isEmpty() ? "No open issues in " + repo + "." : "Open issues in " + repo + ":\n" + text.toString().strip();
    }

    private String pull(JsonNode answer) {
        JsonNode pr = answer.path("pull");
        String state = pr.path("merged").asBoolean() || !pr.path("merged_at").isMissingNode() && !pr.path("merged_at").isNull()
                ? "merged" : pr.path("draft").asBoolean() ? "draft" : pr.path("state").asText("?");
        StringBuilder text = new StringBuilder("[#").append(pr.path("number").asInt()).append(" ")
                .append(escape(pr.path("title").asText())).append("](").append(pr.path("html_url").asText()).append(") — ")
                .append(state).append(", by ").append(escape(pr.path("user").path("login").asText("?"))).append(", ")
                .append(SafeMarkdown.code(pr.path("head").path("ref").asText())).append(" → ")
                .append(SafeMarkdown.code(pr.path("base").path("ref").asText()));
        JsonNode runs = answer.path("checks").path("check_runs");
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

    private String runs(JsonNode answer, String repo, String html) {
        String workflow = answer.path("workflow").asText();
        JsonNode runs = answer.path("runs").path("workflow_runs");
        String link = html + "/actions/workflows/" + workflow;
        if (!runs.isEmpty()) {
            String runUrl = runs.get(0).path("html_url").asText("");
            int actions = runUrl.indexOf("/actions/runs/");
            if (actions > 0) {
                link = runUrl.substring(0, actions) + "/actions/workflows/" + workflow;
            }
        }
        StringBuilder text = new StringBuilder("Dispatched **").append(escape(workflow)).append("** on ")
                .append(SafeMarkdown.code(answer.path("ref").asText())).append(" in ").append(repo)
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

    static String escape(String s) {
        return BackendResults.escapeMarkdown(s);
    }
}
