package io.github.webexcamel.gateway.jira;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.BackendResults;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.kamelets.jira.JiraAction;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The {@code jira-action} kamelet's answers (Jira's JSON, the {@code issueKey} and {@code issueUrl} headers) as
 * /jira replies: card data for one issue, markdown for the rest. Text from Jira is escaped for Webex markdown.
 */
public class JiraResults {

    private final ObjectMapper mapper;

    public JiraResults(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The reply to the operation as the body: card data (with the card's name in {@code webexCard}) for get, markdown
     * otherwise. A bean step, not an expression: an expression's bean works on a copy, whose variables are lost.
     */
    public void reply(Exchange exchange, String operation) throws Exception {
        Object reply;
        try {
            reply = switch (operation) {
                case "get" -> {
                    exchange.setVariable(WebexConstants.VAR_CARD, "jira-issue");
                    yield issue(exchange);
                }
                case "search" -> searched(exchange);
                case "create" -> created(exchange);
                case "comment" -> commented(exchange);
                case "move" -> moved(exchange);
                default -> throw new IllegalArgumentException("unknown Jira operation " + operation);
            };
        } finally {
            clear(exchange);
        }
        exchange.getMessage().setBody(reply);
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
        card.put("url", url(exchange));
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
            text.append("- [").append(key).append("](").append(browse(issue, key)).append(") ")
                    .append(BackendResults.escapeMarkdown(f.path("summary").asText(""))).append(" — ")
                    .append(f.path("status").path("name").asText("?"))
                    .append(", ").append(f.path("assignee").path("displayName").asText("unassigned")).append('\n');
        }
        return text.toString().strip();
    }

    public String created(Exchange exchange) {
        return "Created [" + key(exchange) + "](" + url(exchange) + ").";
    }

    public String commented(Exchange exchange) {
        return "Comment added to [" + key(exchange) + "](" + url(exchange) + ").";
    }

    public String moved(Exchange exchange) throws Exception {
        return "Moved [" + key(exchange) + "](" + url(exchange) + ") to **"
                + BackendResults.escapeMarkdown(json(exchange).path("status").asText()) + "**.";
    }

    private JsonNode json(Exchange exchange) throws Exception {
        return mapper.readTree(exchange.getMessage().getBody(String.class));
    }

    private static String key(Exchange exchange) {
        return exchange.getMessage().getHeader(JiraAction.ISSUE_KEY, "", String.class);
    }

    private static String url(Exchange exchange) {
        return exchange.getMessage().getHeader(JiraAction.ISSUE_URL, "", String.class);
    }

    /** A search result's browse link, from the site root its {@code self} API link starts with. */
    private static String browse(JsonNode issue, String key) {
        String self = issue.path("self").asText("");
        int api = self.indexOf("/rest/api/");
        return (api < 0 ? "" : self.substring(0, api)) + "/browse/" + key;
    }

    /** The kamelet's output headers go before the reply: nothing of them travels further. */
    public static void clear(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader(JiraAction.ISSUE_KEY);
        message.removeHeader(JiraAction.ISSUE_URL);
    }
}
