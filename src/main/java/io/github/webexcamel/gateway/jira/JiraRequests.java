package io.github.webexcamel.gateway.jira;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;

/**
 * Turns a validated {@code /jira} command into one Jira REST request (Cloud v3 with ADF and {@code search/jql},
 * or Data Center v2 with plain strings and {@code search}). User text only ever goes into JSON built by Jackson
 * or into URL-encoded query values; path segments are strict-regex checked first. Sets the variables
 * {@code jiraMethod}, {@code jiraPath}, {@code jiraQuery} and the body, and the Authorization header from the
 * kamelet's credentials.
 */
public class JiraRequests {

    static final String USAGE = "Usage: /jira <KEY> | /jira create <PROJECT> <summary> | /jira search <JQL> | "
            + "/jira comment <KEY> <text> | /jira move <KEY> <transition>";
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,19}-[1-9][0-9]{0,9}");
    private static final Pattern PROJECT = Pattern.compile("[A-Z][A-Z0-9_]{0,19}");

    private final ObjectMapper mapper;

    public JiraRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The Jira operation of the command: get, create, form, search, comment or move. */
    public static String operation(Exchange exchange) {
        Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
        if (inputs != null && "create".equals(inputs.get("action"))) {
            return "create";
        }
        List<?> argv = argv(exchange);
        if (argv.isEmpty()) {
            throw new CommandException(USAGE);
        }
        String first = argv.get(0).toString();
        if (KEY.matcher(first).matches() && argv.size() == 1) {
            return "get";
        }
        return switch (first.toLowerCase()) {
            case "create" -> argv.size() < 3 ? "form" : "create";
            case "search", "comment", "move" -> first.toLowerCase();
            default -> throw new CommandException(USAGE);
        };
    }

    /** Card data for {@code routes/cards/jira-create.json}: the project, when one was typed. */
    public static Map<String, Object> form(Exchange exchange) {
        List<?> argv = argv(exchange);
        String project = argv.size() > 1 && PROJECT.matcher(argv.get(1).toString()).matches() ? argv.get(1).toString() : "";
        return Map.of("project", project);
    }

    public void prepare(Exchange exchange, String operation) throws Exception {
        boolean cloud = "cloud".equalsIgnoreCase(exchange.getVariable("jiraDeployment", "cloud", String.class));
        String api = cloud ? "/rest/api/3" : "/rest/api/2";
        List<?> argv = argv(exchange);
        String args = exchange.getVariable(WebexConstants.VAR_ARGS, "", String.class).strip();
        Object body = null;
        String method = "GET";
        String path;
        String query = null;
        switch (operation) {
            case "get" -> {
                path = api + "/issue/" + key(argv.get(0));
                query = "fields=summary,status,assignee,issuetype,priority";
            }
            case "search" -> {
                String jql = args.replaceFirst("(?i)^search\\s*", "").strip();
                if (jql.isEmpty() || jql.length() > 2000) {
                    throw new CommandException("Usage: /jira search <JQL>, e.g. /jira search project = OPS AND status = \"To Do\"");
                }
                path = api + (cloud ? "/search/jql" : "/search");
                query = "jql=" + enc(jql) + "&maxResults=10&fields=summary,status,assignee";
            }
            case "comment" -> {
                if (argv.size() < 3) {
                    throw new CommandException("Usage: /jira comment <KEY> <text>");
                }
                String key = key(argv.get(1));
                String text = rest(argv, args, "(?i)^comment\\s+\\S+\\s*");
                method = "POST";
                path = api + "/issue/" + key + "/comment";
                body = Map.of("body", cloud ? Adf.of(text) : text);
            }
            case "move" -> {
                if (argv.size() < 3) {
                    throw new CommandException("Usage: /jira move <KEY> <transition>, e.g. /jira move OPS-1 \"In Progress\"");
                }
                path = api + "/issue/" + key(argv.get(1)) + "/transitions";
            }
            case "create" -> {
                Map<?, ?> inputs = exchange.getVariable(WebexConstants.VAR_INPUTS, Map.class);
                boolean form = inputs != null && "create".equals(inputs.get("action"));
                String project = form ? String.valueOf(inputs.get("project")).strip() : argv.get(1).toString();
                String summary = form ? String.valueOf(inputs.get("summary")).strip()
                        : rest(argv, args, "(?i)^create\\s+\\S+\\s*").strip();
                String description = form && inputs.get("description") != null ? inputs.get("description").toString() : "";
                if (!PROJECT.matcher(project).matches()) {
                    throw new CommandException("That is not a Jira project key (e.g. OPS). " + "Usage: /jira create <PROJECT> <summary>");
                }
                if (summary.isEmpty() || summary.length() > 255) {
                    throw new CommandException("The summary must have 1 to 255 characters.");
                }
                Map<String, Object> fields = new java.util.LinkedHashMap<>();
                fields.put("project", Map.of("key", project));
                fields.put("summary", summary);
                fields.put("issuetype", Map.of("name", exchange.getVariable("jiraIssueType", "Task", String.class)));
                if (!description.isBlank()) {
                    fields.put("description", cloud ? Adf.of(description) : description);
                }
                method = "POST";
                path = api + "/issue";
                body = Map.of("fields", fields);
            }
            default -> throw new IllegalArgumentException("unknown Jira operation " + operation);
        }
        exchange.setVariable("jiraApi", api);
        exchange.setVariable("jiraPath", path);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
        exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setHeader("Accept", "application/json");
        exchange.getIn().setHeader("Authorization", authorization(exchange, cloud));
        exchange.getIn().setBody(body == null ? null : mapper.writeValueAsString(body));
    }

    private static String authorization(Exchange exchange, boolean cloud) {
        String email = exchange.getVariable("jiraEmail", "", String.class);
        String token = exchange.getVariable("jiraApiToken", "", String.class);
        String pat = exchange.getVariable("jiraPat", "", String.class);
        exchange.removeVariable("jiraApiToken");
        exchange.removeVariable("jiraPat");
        if (cloud) {
            if (email.isBlank() || token.isBlank()) {
                throw new CommandException("Jira Cloud needs credentials: set JIRA_EMAIL and JIRA_API_TOKEN (jira.email, jira.api-token).");
            }
            return "Basic " + Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
        }
        if (pat.isBlank()) {
            throw new CommandException("Jira Data Center needs a personal access token: set JIRA_PAT (jira.pat).");
        }
        return "Bearer " + pat;
    }

    /** The free text after two words: the third argument when it is the only one (quotes removed), else the raw rest. */
    private static String rest(List<?> argv, String args, String prefix) {
        String raw = args.replaceFirst(prefix, "");
        return argv.size() == 3 && !raw.contains("=") ? argv.get(2).toString() : raw;
    }

    static String key(Object value) {
        String key = String.valueOf(value).toUpperCase();
        if (!KEY.matcher(key).matches()) {
            throw new CommandException("That is not a Jira issue key (e.g. OPS-123). " + USAGE);
        }
        return key;
    }

    private static List<?> argv(Exchange exchange) {
        List<?> argv = exchange.getVariable(WebexConstants.VAR_ARGV, List.class);
        return argv == null ? List.of() : argv;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
