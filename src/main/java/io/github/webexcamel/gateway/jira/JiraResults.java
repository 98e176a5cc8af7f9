package io.github.webexcamel.gateway.jira;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.BackendResults;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.gateway.webex.rest.RetryAfter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Jira answers to one clear line per failure, and to reply bodies (card data or markdown) on success. */
public class JiraResults extends BackendResults {

    private static final Logger LOG = LoggerFactory.getLogger(JiraResults.class);

    public JiraResults(ObjectMapper mapper) {
        super(mapper, "Jira", "jiraPath");
    }

    @Override
    protected String userLine(int status, String messages, Exchange exchange) {
        String retryAfter = exchange.getMessage().getHeader("Retry-After", String.class);
        return switch (status) {
            case 401 -> "Jira refused the gateway's credentials (HTTP 401): check JIRA_EMAIL/JIRA_API_TOKEN or JIRA_PAT.";
            case 403 -> "Jira does not allow the gateway's account to do that (HTTP 403).";
            case 404 -> "Jira: not found, or the gateway's account may not see it.";
            case 429 -> "Jira is rate limiting the gateway; try again in "
                    + RetryAfter.parse(retryAfter, Duration.ofSeconds(30), Duration.ofHours(1)).toSeconds() + " seconds.";
            case 400, 409, 422 -> "Jira rejected that: " + messages;
            default -> status >= 500 ? "Jira is failing or down (HTTP " + status + "); try again later."
                    : "Jira answered HTTP " + status + ": " + messages;
        };
    }

    /** Jira could not be reached or did not answer in time (the exception is the caught one). */
    public void unreachable(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Jira call to {} failed: {}", exchange.getVariable("jiraPath"), String.valueOf(e));
        boolean timeout = e instanceof java.net.SocketTimeoutException || e instanceof java.io.InterruptedIOException
                || (e != null && e.getClass().getSimpleName().contains("Timeout"));
        throw new CommandException(timeout ? "Jira did not answer in time; try again later."
                : "Jira is not reachable; try again later.");
    }

    /** Card data for {@code routes/cards/jira-issue.json}. */
    public Map<String, Object> issue(Exchange exchange) throws Exception {
        JsonNode issue = json(exchange);
        JsonNode fields = issue.path("fields");
        Map<String, Object> card = new LinkedHashMap<>();
        String key = issue.path("key").asText();
        card.put("key", key);
        card.put("summary", fields.path("summary").asText(""));
        card.put("status", fields.path("status").path("name").asText("?"));
        card.put("type", fields.path("issuetype").path("name").asText(""));
        card.put("assignee", fields.path("assignee").path("displayName").asText("Unassigned"));
        card.put("url", browse(exchange, key));
        exchange.setVariable(WebexConstants.VAR_FALLBACK, "[" + key + "](" + card.get("url") + ") " + card.get("summary")
                + " — " + card.get("status") + ", " + card.get("assignee"));
        return card;
    }

    public String searched(Exchange exchange) throws Exception {
        JsonNode issues = json(exchange).path("issues");
        if (issues.isEmpty()) {
            return "No Jira issues match.";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode issue : issues) {
            String key = issue.path("key").asText();
            JsonNode f = issue.path("fields");
            text.append("- [").append(key).append("](").append(browse(exchange, key)).append(") ")
                    .append(escape(f.path("summary").asText(""))).append(" — ").append(f.path("status").path("name").asText("?"))
                    .append(", ").append(f.path("assignee").path("displayName").asText("unassigned")).append('\n');
        }
        return text.toString().strip();
    }

    public String created(Exchange exchange) throws Exception {
        String key = json(exchange).path("key").asText();
        return "Created [" + key + "](" + browse(exchange, key) + ").";
    }

    public String commented(Exchange exchange) {
        String key = JiraRequests.key(exchange.getVariable(WebexConstants.VAR_ARGV, List.class).get(1));
        return "Comment added to [" + key + "](" + browse(exchange, key) + ").";
    }

    /** From the transitions list, prepares the POST of the one named (by name or target status). */
    public void transition(Exchange exchange) throws Exception {
        List<?> argv = exchange.getVariable(WebexConstants.VAR_ARGV, List.class);
        String wanted = String.join(" ", argv.subList(2, argv.size()).stream().map(Object::toString).toList());
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode t : json(exchange).path("transitions")) {
            names.add(t.path("name").asText());
            if (t.path("name").asText().equalsIgnoreCase(wanted) || t.path("to").path("name").asText().equalsIgnoreCase(wanted)) {
                exchange.setVariable("jiraTransition", t.path("to").path("name").asText(t.path("name").asText()));
                exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
                exchange.getIn().setHeader(Exchange.HTTP_QUERY, null);
                exchange.getIn().setBody(mapper.writeValueAsString(Map.of("transition", Map.of("id", t.path("id").asText()))));
                return;
            }
        }
        throw new CommandException("No transition \"" + wanted + "\" from here; possible: " + String.join(", ", names) + ".");
    }

    public String moved(Exchange exchange) {
        String key = JiraRequests.key(exchange.getVariable(WebexConstants.VAR_ARGV, List.class).get(1));
        return "Moved [" + key + "](" + browse(exchange, key) + ") to **" + exchange.getVariable("jiraTransition") + "**.";
    }

    private JsonNode json(Exchange exchange) throws Exception {
        return mapper.readTree(exchange.getMessage().getBody(String.class));
    }

    private static String browse(Exchange exchange, String key) {
        return exchange.getVariable("jiraUrl", "", String.class).replaceAll("/+$", "") + "/browse/" + key;
    }

    /** Jira's error body: {@code errorMessages} and field {@code errors}. */
    @Override
    protected String errorText(JsonNode json) {
        StringBuilder text = new StringBuilder();
        json.path("errorMessages").forEach(m -> text.append(m.asText()).append(' '));
        json.path("errors").fields().forEachRemaining(e -> text.append(e.getKey()).append(": ").append(e.getValue().asText()).append(' '));
        return text.toString();
    }

    private static String escape(String s) {
        return escapeMarkdown(s);
    }
}
