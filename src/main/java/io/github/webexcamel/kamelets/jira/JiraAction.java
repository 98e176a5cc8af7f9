package io.github.webexcamel.kamelets.jira;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.kamelets.ActionException;
import io.github.webexcamel.kamelets.HttpAction;
import io.github.webexcamel.kamelets.RetryAfter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The bean of {@code jira-action.kamelet.yaml}: one Jira REST operation from the message's headers and body (Cloud v3
 * with ADF and {@code search/jql}, or Data Center v2 with plain strings and {@code search}), and its answer as the
 * body. Input text only ever goes into JSON built by Jackson or into URL-encoded query values; keys and project keys
 * are strict-regex checked before any call. The credentials are the kamelet's properties and go nowhere but the
 * Authorization header.
 */
public class JiraAction extends HttpAction {

    public static final String OPERATION = "operation";
    public static final String ISSUE_KEY = "issueKey";
    public static final String ISSUE_URL = "issueUrl";
    public static final String JQL = "jql";
    public static final String PROJECT_KEY = "projectKey";
    public static final String SUMMARY = "summary";
    public static final String ISSUE_TYPE = "issueType";
    public static final String TRANSITION = "transition";
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,19}-[1-9][0-9]{0,9}");
    private static final Pattern PROJECT = Pattern.compile("[A-Z][A-Z0-9_]{0,19}");
    private static final String CALL = "jiraActionCall";

    private String url = "";
    private String deployment = "cloud";
    private String email = "";
    private String apiToken = "";
    private String pat = "";
    private String issueType = "Task";

    public JiraAction() {
        super("Jira", "jira");
    }

    /** What one kamelet call is about, kept on the exchange between its steps. */
    private static final class Call {
        String operation;
        String key;
        String path;
        String transition;
    }

    public void setUrl(String url) {
        this.url = url == null ? "" : url.strip().replaceAll("/+$", "");
    }

    public void setDeployment(String deployment) {
        this.deployment = deployment;
    }

    public void setEmail(String email) {
        this.email = email == null ? "" : email;
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken == null ? "" : apiToken;
    }

    public void setPat(String pat) {
        this.pat = pat == null ? "" : pat;
    }

    public void setIssueType(String issueType) {
        this.issueType = issueType;
    }

    private boolean cloud() {
        return !"datacenter".equalsIgnoreCase(deployment);
    }

    /** Reads the operation's headers and body, then sets the request: method, path, query, body, Authorization. */
    public void prepare(Exchange exchange) throws Exception {
        if (url.isEmpty()) {
            throw new ActionException("Jira is not configured: the kamelet needs its url.");
        }
        Message in = exchange.getIn();
        Call call = new Call();
        call.operation = header(exchange, OPERATION).toLowerCase();
        String api = cloud() ? "/rest/api/3" : "/rest/api/2";
        String text = in.getBody(String.class);
        text = text == null ? "" : text.strip();
        Object body = null;
        String method = "GET";
        String query = null;
        switch (call.operation) {
            case "get" -> {
                call.key = key(header(exchange, ISSUE_KEY));
                call.path = api + "/issue/" + call.key;
                query = "fields=summary,status,assignee,issuetype,priority";
            }
            case "search" -> {
                String jql = header(exchange, JQL);
                if (jql.isEmpty() || jql.length() > 2000) {
                    throw new ActionException("A Jira search needs a JQL query of 1 to 2000 characters, e.g. project = OPS AND status = \"To Do\".");
                }
                call.path = api + (cloud() ? "/search/jql" : "/search");
                query = "jql=" + enc(jql) + "&maxResults=10&fields=summary,status,assignee";
            }
            case "comment" -> {
                call.key = key(header(exchange, ISSUE_KEY));
                if (text.isEmpty()) {
                    throw new ActionException("A Jira comment needs its text.");
                }
                method = "POST";
                call.path = api + "/issue/" + call.key + "/comment";
                body = Map.of("body", cloud() ? Adf.of(text) : text);
            }
            case "move" -> {
                call.key = key(header(exchange, ISSUE_KEY));
                call.transition = header(exchange, TRANSITION);
                if (call.transition.isEmpty()) {
                    throw new ActionException("Moving a Jira issue needs the transition or the status to move it to.");
                }
                call.path = api + "/issue/" + call.key + "/transitions";
            }
            case "create" -> {
                String project = header(exchange, PROJECT_KEY);
                String summary = header(exchange, SUMMARY);
                if (!PROJECT.matcher(project).matches()) {
                    throw new ActionException("That is not a Jira project key (e.g. OPS).");
                }
                if (summary.isEmpty() || summary.length() > 255) {
                    throw new ActionException("The summary must have 1 to 255 characters.");
                }
                String type = header(exchange, ISSUE_TYPE);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("project", Map.of("key", project));
                fields.put("summary", summary);
                fields.put("issuetype", Map.of("name", type.isEmpty() ? issueType : type));
                if (!text.isEmpty()) {
                    fields.put("description", cloud() ? Adf.of(text) : text);
                }
                method = "POST";
                call.path = api + "/issue";
                body = Map.of("fields", fields);
            }
            default -> throw new ActionException("Unknown Jira operation \"" + shorten(call.operation)
                    + "\": get, search, create, comment or move.");
        }
        exchange.setVariable(CALL, call);
        clearHeaders(in);
        in.setHeader(Exchange.HTTP_METHOD, method);
        in.setHeader(Exchange.HTTP_PATH, call.path);
        in.setHeader(Exchange.HTTP_QUERY, query);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", "application/json");
        in.setHeader("Authorization", authorization());
        in.setBody(body == null ? null : mapper.writeValueAsString(body));
    }

    private String authorization() {
        if (cloud()) {
            if (email.isBlank() || apiToken.isBlank()) {
                throw new ActionException("Jira Cloud needs credentials: the kamelet's email and apiToken.");
            }
            return "Basic " + Base64.getEncoder().encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
        }
        if (pat.isBlank()) {
            throw new ActionException("Jira Data Center needs a personal access token: the kamelet's pat.");
        }
        return "Bearer " + pat;
    }

    /** True for an operation that makes a second call (move: the transitions, then the transition). */
    public boolean twoCalls(Exchange exchange) {
        return "move".equals(exchange.getVariable(CALL, Call.class).operation);
    }

    /** From the transitions list, prepares the POST of the one named (by name or target status). */
    public void transition(Exchange exchange) throws Exception {
        Call call = exchange.getVariable(CALL, Call.class);
        List<String> names = new ArrayList<>();
        for (JsonNode t : mapper.readTree(exchange.getMessage().getBody(String.class)).path("transitions")) {
            names.add(t.path("name").asText());
            if (t.path("name").asText().equalsIgnoreCase(call.transition)
                    || t.path("to").path("name").asText().equalsIgnoreCase(call.transition)) {
                call.transition = t.path("to").path("name").asText(t.path("name").asText());
                Message message = exchange.getMessage();
                message.setHeader(Exchange.HTTP_METHOD, "POST");
                message.setHeader(Exchange.HTTP_PATH, call.path);
                message.setHeader(Exchange.HTTP_QUERY, null);
                message.setHeader(Exchange.CONTENT_TYPE, "application/json");
                message.setHeader("Accept", "application/json");
                message.setHeader("Authorization", authorization());
                message.setBody(mapper.writeValueAsString(Map.of("transition", Map.of("id", t.path("id").asText()))));
                return;
            }
        }
        throw new ActionException("No transition \"" + shorten(call.transition) + "\" from here; possible: "
                + String.join(", ", names) + ".");
    }

    /**
     * The kamelet's output: Jira's JSON answer as the body (a move's: the issue key and the status it moved to), and
     * the headers {@code issueKey} and {@code issueUrl} when an issue was read, created, commented or moved.
     */
    public void done(Exchange exchange) throws Exception {
        Call call = exchange.getVariable(CALL, Call.class);
        exchange.removeVariable(CALL);
        Message message = exchange.getMessage();
        clearResponseHeaders(message);
        String key = call.key;
        if ("create".equals(call.operation)) {
            key = mapper.readTree(message.getBody(String.class)).path("key").asText(null);
        }
        if ("move".equals(call.operation)) {
            message.setBody(mapper.writeValueAsString(Map.of("key", key, "status", call.transition)));
        }
        if (key != null) {
            message.setHeader(ISSUE_KEY, key);
            message.setHeader(ISSUE_URL, url + "/browse/" + key);
        }
    }

    @Override
    protected String userLine(int status, String messages, Exchange exchange) {
        String retryAfter = exchange.getMessage().getHeader("Retry-After", String.class);
        return switch (status) {
            case 401 -> "Jira refused the gateway's credentials (HTTP 401): check the email and API token, or the personal access token.";
            case 403 -> "Jira does not allow the gateway's account to do that (HTTP 403).";
            case 404 -> "Jira: not found, or the gateway's account may not see it.";
            case 429 -> "Jira is rate limiting the gateway; try again in "
                    + RetryAfter.parse(retryAfter, Duration.ofSeconds(30), Duration.ofHours(1)).toSeconds() + " seconds.";
            case 400, 409, 422 -> "Jira rejected that: " + messages;
            default -> status >= 500 ? "Jira is failing or down (HTTP " + status + "); try again later."
                    : "Jira answered HTTP " + status + ": " + messages;
        };
    }

    /** Jira's error body: {@code errorMessages} and field {@code errors}. */
    @Override
    protected String errorText(JsonNode json) {
        StringBuilder text = new StringBuilder();
        json.path("errorMessages").forEach(m -> text.append(m.asText()).append(' '));
        json.path("errors").fields().forEachRemaining(e -> text.append(e.getKey()).append(": ").append(e.getValue().asText()).append(' '));
        return text.toString();
    }

    static String key(String value) {
        String key = value.toUpperCase();
        if (!KEY.matcher(key).matches()) {
            throw new ActionException("That is not a Jira issue key (e.g. OPS-123).");
        }
        return key;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
