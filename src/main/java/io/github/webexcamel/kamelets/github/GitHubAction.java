package io.github.webexcamel.kamelets.github;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.kamelets.ActionException;
import io.github.webexcamel.kamelets.HttpAction;
import io.github.webexcamel.kamelets.RetryAfter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The bean of {@code github-action.kamelet.yaml}: one GitHub REST v3 operation from the message's headers and body —
 * create an issue, comment on an issue or pull request, list open issues, a pull request with the check runs of its
 * head, dispatch a workflow (on the default branch unless a ref is given) with the recent runs — over camel-http, for
 * api.github.com or GitHub Enterprise. Repository names, numbers, workflow names, refs and input names are checked
 * before any call; text only goes into JSON built by Jackson. The answer is GitHub's JSON.
 */
public class GitHubAction extends HttpAction {

    public static final String OPERATION = "operation";
    public static final String REPOSITORY = "repository";
    public static final String NUMBER = "number";
    public static final String TITLE = "title";
    public static final String WORKFLOW = "workflow";
    public static final String REF = "ref";
    static final String API_VERSION = "2022-11-28";
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");
    private static final Pattern NUMBER_PATTERN = Pattern.compile("[1-9][0-9]{0,9}");
    private static final Pattern WORKFLOW_PATTERN = Pattern.compile("[1-9][0-9]{0,15}|[A-Za-z0-9._-]{1,100}\\.ya?ml");
    private static final Pattern REF_PATTERN = Pattern.compile("(?!.*\\.\\.)(?!/)[A-Za-z0-9._/-]{1,200}(?<!/)");
    private static final Pattern INPUT = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,99}");
    private static final String CALL = "githubActionCall";

    private String apiUrl = "https://api.github.com";
    private String token = "";

    public GitHubAction() {
        super("GitHub", "github");
    }

    /** What one kamelet call is about, kept on the exchange between its steps. */
    private static final class Call {
        String operation;
        String repoPath;
        String step;
        String workflow;
        String ref;
        Map<String, Object> inputs;
        final ObjectNode result;

        Call(ObjectNode result) {
            this.result = result;
        }
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl == null ? "" : apiUrl.strip().replaceAll("/+$", "");
    }

    public void setToken(String token) {
        this.token = token == null ? "" : token.strip();
    }

    /** Reads the operation's headers and body, then sets up the first call. */
    public void prepare(Exchange exchange) throws Exception {
        if (token.isEmpty() || apiUrl.isEmpty()) {
            throw new ActionException("GitHub is not configured: the kamelet needs its token (and apiUrl for GitHub Enterprise).");
        }
        Message in = exchange.getIn();
        Call call = new Call(mapper.createObjectNode());
        call.operation = header(exchange, OPERATION).toLowerCase();
        String repo = header(exchange, REPOSITORY);
        if (!REPO.matcher(repo).matches()) {
            throw new ActionException("That is not a repository (owner/repo, e.g. acme/app).");
        }
        call.repoPath = "/repos/" + repo;
        Object body = in.getBody();
        exchange.setVariable(CALL, call);
        switch (call.operation) {
            case "issue" -> {
                String title = header(exchange, TITLE);
                if (title.isEmpty() || title.length() > 256) {
                    throw new ActionException("The title must have 1 to 256 characters.");
                }
                Map<String, Object> issue = new LinkedHashMap<>();
                issue.put("title", title);
                String text = text(body);
                issue.put("body", text.isEmpty() ? "Opened from Webex." : text);
                request(exchange, "issue", "POST", call.repoPath + "/issues", null, issue);
            }
            case "comment" -> {
                String number = number(exchange, "That is not a pull request or issue number (e.g. 12).");
                String text = text(body);
                if (text.isEmpty() || text.length() > 65536) {
                    throw new ActionException("A comment needs 1 to 65536 characters of text.");
                }
                call.result.put("number", Integer.parseInt(number));
                request(exchange, "comment", "POST", call.repoPath + "/issues/" + number + "/comments", null, Map.of("body", text));
            }
            case "issues" -> request(exchange, "issues", "GET", call.repoPath + "/issues", "state=open&per_page=10", null);
            case "pr" -> {
                String number = number(exchange, "That is not a pull request (owner/repo#number, e.g. acme/app#12).");
                request(exchange, "pull", "GET", call.repoPath + "/pulls/" + number, null, null);
            }
            case "run" -> {
                call.workflow = header(exchange, WORKFLOW);
                if (!WORKFLOW_PATTERN.matcher(call.workflow).matches()) {
                    throw new ActionException("That is not a workflow file name or id (e.g. deploy.yml).");
                }
                call.inputs = inputs(body);
                String ref = header(exchange, REF);
                if (!ref.isEmpty() && !REF_PATTERN.matcher(ref).matches()) {
                    throw new ActionException("That is not a branch or tag name: " + ref.replaceAll("[^A-Za-z0-9._/-]", "?"));
                }
                call.result.put("workflow", call.workflow);
                if (ref.isEmpty()) {
                    request(exchange, "repo", "GET", call.repoPath, null, null);
                } else {
                    dispatch(exchange, call, ref);
                }
            }
            default -> throw new ActionException("Unknown GitHub operation \"" + shorten(call.operation)
                    + "\": issue, comment, issues, pr or run.");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> inputs(Object body) throws Exception {
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            inputs.putAll((Map<String, Object>) map);
        } else if (!text(body).isEmpty()) {
            try {
                inputs.putAll(mapper.readValue(text(body), Map.class));
            } catch (Exception notJson) {
                throw new ActionException("The workflow's inputs must be a JSON object or a map.");
            }
        }
        for (String key : inputs.keySet()) {
            if (!INPUT.matcher(key).matches()) {
                throw new ActionException("That is not a workflow input name: " + shorten(key));
            }
        }
        if (inputs.size() > 10) {
            throw new ActionException("GitHub accepts at most 10 workflow inputs.");
        }
        inputs.replaceAll((k, v) -> String.valueOf(v));
        return inputs;
    }

    private void dispatch(Exchange exchange, Call call, String ref) throws Exception {
        call.ref = ref;
        call.result.put("ref", ref);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", ref);
        body.put("inputs", call.inputs);
        request(exchange, "dispatch", "POST", call.repoPath + "/actions/workflows/" + call.workflow + "/dispatches", null, body);
    }

    private void request(Exchange exchange, String step, String method, String path, String query, Object body) throws Exception {
        exchange.getVariable(CALL, Call.class).step = step;
        Message in = exchange.getIn();
        clearHeaders(in);
        in.setHeader(Exchange.HTTP_METHOD, method);
        in.setHeader(Exchange.HTTP_PATH, path);
        in.setHeader(Exchange.HTTP_QUERY, query);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", "application/vnd.github+json");
        in.setHeader("X-GitHub-Api-Version", API_VERSION);
        in.setHeader("Authorization", "Bearer " + token);
        in.setBody(body == null ? null : mapper.writeValueAsString(body));
    }

    /** True while the operation has a call to make. */
    public boolean more(Exchange exchange) {
        return !"done".equals(exchange.getVariable(CALL, Call.class).step);
    }

    /** After a successful call: keeps its answer and sets up the next call of the operation, or ends it. */
    public void next(Exchange exchange) throws Exception {
        Call call = exchange.getVariable(CALL, Call.class);
        String body = exchange.getMessage().getBody(String.class);
        JsonNode json = body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
        switch (call.step) {
            case "repo" -> dispatch(exchange, call, json.path("default_branch").asText("main"));
            case "dispatch" -> request(exchange, "runs", "GET", call.repoPath + "/actions/workflows/" + call.workflow + "/runs",
                    "per_page=5&event=workflow_dispatch", null);
            case "pull" -> {
                call.result.set("pull", json);
                String sha = json.path("head").path("sha").asText();
                if (sha.matches("[0-9a-fA-F]{7,64}")) {
                    request(exchange, "checks", "GET", call.repoPath + "/commits/" + sha + "/check-runs", "per_page=30", null);
                } else {
                    call.step = "done";
                }
            }
            case "checks" -> {
                call.result.set("checks", json);
                call.step = "done";
            }
            case "runs" -> {
                call.result.set("runs", json);
                call.step = "done";
            }
            default -> {
                call.result.set("answer", json);
                call.step = "done";
            }
        }
    }

    /**
     * The kamelet's output, as JSON: issue, comment and issues give GitHub's answer; pr {@code {"pull", "checks"}}; run
     * {@code {"workflow", "ref", "runs"}}.
     */
    public void done(Exchange exchange) throws Exception {
        Call call = exchange.getVariable(CALL, Call.class);
        exchange.removeVariable(CALL);
        Message message = exchange.getMessage();
        clearResponseHeaders(message);
        JsonNode out = switch (call.operation) {
            case "issue", "comment", "issues" -> call.result.path("answer");
            default -> call.result;
        };
        message.setBody(mapper.writeValueAsString(out));
    }

    @Override
    protected String userLine(int status, String message, Exchange exchange) {
        return line(status, message, name -> exchange.getMessage().getHeader(name, String.class));
    }

    static String line(int status, String message, java.util.function.UnaryOperator<String> header) {
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
            case 401 -> "GitHub refused the gateway's token (HTTP 401 Bad credentials): check the token.";
            case 403 -> "GitHub does not allow the gateway's token to do that (HTTP 403): " + message;
            case 404 -> "GitHub: not found (HTTP 404), or the gateway's token may not see it.";
            case 400, 409, 422 -> "GitHub rejected that: " + message;
            default -> status >= 500 ? "GitHub is failing or down (HTTP " + status + "); try again later."
                    : "GitHub answered HTTP " + status + ": " + message;
        };
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

    private String number(Exchange exchange, String problem) {
        String number = header(exchange, NUMBER);
        if (!NUMBER_PATTERN.matcher(number).matches()) {
            throw new ActionException(problem);
        }
        return number;
    }

    private static String text(Object body) {
        return body == null || body instanceof Map ? "" : body.toString().strip();
    }

    static Matcher repo(String value) {
        return REPO.matcher(value);
    }
}
