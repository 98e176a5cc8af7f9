package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jira REST fake (backend-protocols.md section 2, checklist 2.5) in one of two deployments:
 * <ul>
 *   <li>{@link Deployment#CLOUD}: {@code /rest/api/2} (plain-string rich text) and {@code /rest/api/3} (Atlassian
 *   Document Format), Basic {@code email:api-token}, users by {@code accountId}, search only through the enhanced
 *   {@code /search/jql} with {@code nextPageToken} paging; the old {@code /search} answers 410 (CHANGE-2046).</li>
 *   <li>{@link Deployment#DATACENTER}: {@code /rest/api/2} and {@code /rest/api/latest} only (no v3),
 *   {@code Authorization: Bearer <PAT>} (Basic only if enabled), users by {@code name}/{@code key}, search with
 *   {@code startAt}/{@code maxResults}/{@code total}; optional context path.</li>
 * </ul>
 * Every project uses Jira's simplified workflow: To Do / In Progress / Done with transitions 11 / 21 / 31.
 */
public final class FakeJira extends FakeServer<FakeJira> {

    public enum Deployment { CLOUD, DATACENTER }

    public static final String DEFAULT_EMAIL = "chatops-bot@example.com";
    public static final String DEFAULT_API_TOKEN = "jira-cloud-api-token-for-tests";
    public static final String DEFAULT_PAT = "jira-dc-personal-access-token-for-tests";
    public static final String BOT_ACCOUNT_ID = "712020:5b10ac8d82e05b22cc7d4ef5";
    public static final String BOT_NAME = "chatops-bot";

    static final String SEARCH_REMOVED = "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."
            + " A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046";
    private static final String ISSUE_NOT_FOUND = "Issue does not exist or you do not have permission to see it.";
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final Set<String> PRIORITIES = Set.of("Highest", "High", "Medium", "Low", "Lowest");
    private static final Set<String> SETTABLE_FIELDS = Set.of("project", "summary", "issuetype", "description", "assignee",
            "labels", "priority", "reporter");
    private static final List<String> ALL_FIELDS = List.of("summary", "status", "issuetype", "project", "assignee", "reporter",
            "creator", "description", "labels", "priority", "created", "updated", "comment");

    private final Deployment deployment;
    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final Map<String, Issue> issues = new LinkedHashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final AtomicLong issueIds = new AtomicLong(10000);
    private final AtomicLong commentIds = new AtomicLong(10000);
    private final User bot;
    private String contextPath = "";
    private String email = DEFAULT_EMAIL;
    private String apiToken = DEFAULT_API_TOKEN;
    private String pat = DEFAULT_PAT;
    private String basicUser;
    private String basicPassword;

    public FakeJira(Deployment deployment) {
        super("FakeJira(" + deployment + ")");
        this.deployment = deployment;
        this.bot = deployment == Deployment.CLOUD
                ? new User(BOT_ACCOUNT_ID, "ChatOps Bot", DEFAULT_EMAIL)
                : new User(BOT_NAME, "ChatOps Bot", DEFAULT_EMAIL);
        users.put(bot.id, bot);
    }

    public static FakeJira cloud() {
        return new FakeJira(Deployment.CLOUD);
    }

    public static FakeJira dataCenter() {
        return new FakeJira(Deployment.DATACENTER);
    }

    // ================================================================= configuration

    public Deployment deployment() {
        return deployment;
    }

    /** The site root clients configure: {@code http://127.0.0.1:PORT} plus the DC context path if set. */
    @Override
    public String baseUrl() {
        return rootUrl() + contextPath;
    }

    public String browseUrl(String issueKey) {
        return baseUrl() + "/browse/" + issueKey;
    }

    /** Data Center installs often live under a context path such as {@code /jira}; set before {@link #start()}. */
    public synchronized FakeJira contextPath(String path) {
        if (deployment != Deployment.DATACENTER) {
            throw new IllegalStateException("Jira Cloud sites have no context path");
        }
        if (isRunning()) {
            throw new IllegalStateException("set the context path before start()");
        }
        this.contextPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return this;
    }

    /** Cloud: the account e-mail and API token accepted as Basic credentials. */
    public synchronized FakeJira cloudCredentials(String accountEmail, String token) {
        this.email = accountEmail;
        this.apiToken = token;
        return this;
    }

    /** Data Center: the personal access token accepted as {@code Authorization: Bearer}. */
    public synchronized FakeJira personalAccessToken(String token) {
        this.pat = token;
        return this;
    }

    /** Data Center: also accept Basic {@code user:password} (off by default, as in Jira 11). */
    public synchronized FakeJira enableBasicAuth(String user, String password) {
        this.basicUser = user;
        this.basicPassword = password;
        return this;
    }

    public synchronized Project addProject(String key, String name) {
        Project project = new Project(key, name, 10000 + projects.size());
        projects.put(key.toUpperCase(Locale.ROOT), project);
        return project;
    }

    /** A user that can be assignee: {@code id} is the accountId on Cloud, the username on Data Center. */
    public synchronized FakeJira addUser(String id, String displayName) {
        users.put(id, new User(id, displayName, id.replace(':', '.') + "@example.com"));
        return this;
    }

    public synchronized Issue addIssue(String projectKey, String summary, String description) {
        Project project = projects.get(projectKey.toUpperCase(Locale.ROOT));
        if (project == null) {
            throw new IllegalArgumentException("no project " + projectKey);
        }
        return newIssue(project, project.issueTypes.get(0), summary, description == null ? null : Rich.text(description), bot);
    }

    public synchronized Issue issue(String key) {
        Issue issue = issues.get(key.toUpperCase(Locale.ROOT));
        if (issue == null) {
            throw new IllegalArgumentException("no issue " + key);
        }
        return issue;
    }

    public synchronized List<Issue> issues() {
        return List.copyOf(issues.values());
    }

    // ================================================================= fault factories (section 2.3)

    public static Fault unauthorized() {
        return Fault.json(401, errorCollection("You are not authenticated. Authentication required to perform this operation."))
                .withHeader("X-Seraph-LoginReason", "AUTHENTICATED_FAILED");
    }

    public static Fault forbidden() {
        return Fault.json(403, errorCollection("You do not have permission to perform this operation."));
    }

    public static Fault notFound() {
        return Fault.json(404, errorCollection(ISSUE_NOT_FOUND));
    }

    /**
     * Cloud rate limiting: 429 with {@code X-RateLimit-*} headers and {@code RateLimit-Reason}.
     *
     * @param retryAfter Retry-After value, {@code null} to omit it (Atlassian does not guarantee it)
     */
    public static Fault rateLimited(String retryAfter) {
        String reset = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now().plus(Duration.ofMinutes(1)));
        return Fault.json(429, errorCollection("Rate limit exceeded."))
                .withHeader("Retry-After", retryAfter)
                .withHeader("X-RateLimit-Limit", "100")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", reset)
                .withHeader("RateLimit-Reason", "jira-burst-based");
    }

    /** A 429 with none of the rate-limit headers, which clients must survive with their own backoff. */
    public static Fault rateLimitedWithoutHeaders() {
        return Fault.json(429, errorCollection("Rate limit exceeded."));
    }

    /** 503, which Jira Cloud also sends with a Retry-After under load. */
    public static Fault serviceUnavailable(String retryAfter) {
        return Fault.json(503, errorCollection("Service Unavailable")).withHeader("Retry-After", retryAfter);
    }

    public static Fault serverError() {
        return Fault.json(500, errorCollection("Internal server error"));
    }

    private static String errorCollection(String message) {
        try {
            return JSON.writeValueAsString(obj("errorMessages", List.of(message), "errors", Map.of()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ================================================================= pipeline hooks

    @Override
    protected synchronized String identify(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || auth.indexOf(' ') < 0) {
            return null;
        }
        String scheme = auth.substring(0, auth.indexOf(' ')).toLowerCase(Locale.ROOT);
        String credential = auth.substring(auth.indexOf(' ') + 1).trim();
        if (scheme.equals("basic")) {
            String decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            String user = decoded.substring(0, colon);
            String secret = decoded.substring(colon + 1);
            if (deployment == Deployment.CLOUD) {
                return user.equalsIgnoreCase(email) && secret.equals(apiToken) ? bot.id : null;
            }
            // a PAT is no password: Data Center rejects it in Basic
            return basicUser != null && user.equals(basicUser) && secret.equals(basicPassword) ? bot.id : null;
        }
        if (scheme.equals("bearer") && deployment == Deployment.DATACENTER) {
            return credential.equals(pat) ? bot.id : null;
        }
        return null;
    }

    @Override
    protected boolean authorize(RoutingContext ctx, String principal) {
        String path = ctx.request().path();
        if (!path.startsWith(contextPath + "/rest/")) {
            return true;
        }
        if (principal == null) {
            boolean sent = ctx.request().getHeader("Authorization") != null;
            if (sent) {
                ctx.response().putHeader("X-Seraph-LoginReason", "AUTHENTICATED_FAILED");
            }
            sendJson(ctx, 401, errorCollection("You are not authenticated. Authentication required to perform this operation."));
            return false;
        }
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            String contentType = ctx.request().getHeader("Content-Type");
            // Jira's JAX-RS resources consume only application/json; anything else never reaches them
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                sendEmpty(ctx, 415);
                return false;
            }
        }
        return true;
    }

    @Override
    protected void decorateResponse(RoutingContext ctx) {
        var headers = ctx.response().headers();
        if (!headers.contains("X-AREQUESTID")) {
            headers.set("X-AREQUESTID", UUID.randomUUID().toString());
        }
        String principal = principal(ctx);
        if (deployment == Deployment.CLOUD) {
            if (principal != null) {
                headers.set("X-AACCOUNTID", principal);
            }
        } else {
            headers.set("X-AUSERNAME", principal == null ? "anonymous" : principal);
        }
        if (principal != null && !headers.contains("X-Seraph-LoginReason")) {
            headers.set("X-Seraph-LoginReason", "OK");
        }
    }

    /** Jira's JAX-RS layer answers unknown REST paths (e.g. /rest/api/3 on Data Center) like this. */
    @Override
    protected void notFound(RoutingContext ctx) {
        String uri = rootUrl() + ctx.request().path();
        sendJson(ctx, 404, obj("message", "null for uri: " + uri, "status-code", 404));
    }

    @Override
    protected void methodNotAllowed(RoutingContext ctx, Set<HttpMethod> allowed) {
        ctx.response().putHeader("Allow", allowed.stream().map(HttpMethod::name).collect(Collectors.joining(",")));
        sendEmpty(ctx, 405);
    }

    @Override
    protected void internalError(RoutingContext ctx, Throwable error) {
        sendJson(ctx, 500, errorCollection("Internal server error"));
    }

    // ================================================================= routes

    @Override
    protected void registerRoutes() {
        String prefix = Pattern.quote(contextPath);
        String api = prefix + "/rest/api/(?<v>[^/]+)";
        String issue = api + "/issue/(?<key>[^/]+)";
        onRegex(HttpMethod.GET, api + "/myself", this::myself);
        onRegex(HttpMethod.POST, api + "/issue", this::createIssue);
        onRegex(HttpMethod.GET, issue, this::getIssue);
        onRegex(HttpMethod.GET, issue + "/comment", this::listComments);
        onRegex(HttpMethod.POST, issue + "/comment", this::addComment);
        onRegex(HttpMethod.GET, issue + "/transitions", this::getTransitions);
        onRegex(HttpMethod.POST, issue + "/transitions", this::doTransition);
        onRegex(HttpMethod.GET, api + "/search", this::searchClassic);
        onRegex(HttpMethod.POST, api + "/search", this::searchClassic);
        onRegex(HttpMethod.GET, api + "/search/jql", this::searchEnhanced);
        onRegex(HttpMethod.POST, api + "/search/jql", this::searchEnhanced);
        onRegex(HttpMethod.GET, prefix + "/browse/(?<key>[^/]+)", this::browse);
    }

    /** The API version of a route, or null after answering 404 for versions this deployment lacks. */
    private String version(RoutingContext ctx, PathParams p) {
        String v = p.get("v");
        Set<String> known = deployment == Deployment.CLOUD ? Set.of("2", "3", "latest") : Set.of("2", "latest");
        if (!known.contains(v)) {
            notFound(ctx);
            return null;
        }
        return v;
    }

    private boolean adf(String version) {
        return version.equals("3");
    }

    private synchronized void myself(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        if (v == null) {
            return;
        }
        Map<String, Object> me = userJson(v, bot);
        me.put("locale", "en_US");
        me.put("groups", obj("size", 1, "items", List.of()));
        me.put("applicationRoles", obj("size", 1, "items", List.of()));
        me.put("expand", "groups,applicationRoles");
        sendJson(ctx, 200, me);
    }

    // ----------------------------------------------------------------- issues

    private synchronized void createIssue(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        if (v == null) {
            return;
        }
        JsonBody body = readJson(ctx);
        if (body.invalid() || !body.isObject()) {
            sendJson(ctx, 400, errorCollection("Unexpected character in the JSON request body (could not parse it as an object)."));
            return;
        }
        JsonNode fields = body.node().path("fields");
        Map<String, String> errors = new LinkedHashMap<>();
        for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!SETTABLE_FIELDS.contains(name)) {
                errors.put(name, "Field '" + name + "' cannot be set. It is not on the appropriate screen, or unknown.");
            }
        }
        Project project = findProject(fields.path("project"));
        if (project == null) {
            errors.put("project", "Specify a valid project ID or key");
        }
        String summary = fields.path("summary").isTextual() ? fields.path("summary").asText() : null;
        if (summary == null || summary.isBlank()) {
            errors.put("summary", "You must specify a summary of the issue.");
        } else if (summary.length() > 255) {
            errors.put("summary", "Summary must be less than 255 characters.");
        }
        IssueType type = null;
        JsonNode typeNode = fields.path("issuetype");
        if (typeNode.isMissingNode() || typeNode.isNull() || typeNode.isEmpty()) {
            errors.put("issuetype", "Specify an issue type");
        } else if (project != null) {
            type = project.issueTypes.stream()
                    .filter(t -> t.id.equals(typeNode.path("id").asText()) || t.name.equalsIgnoreCase(typeNode.path("name").asText()))
                    .findFirst().orElse(null);
            if (type == null) {
                errors.put("issuetype", "The issue type selected is invalid.");
            }
        }
        Rich description = null;
        if (fields.has("description") && !fields.get("description").isNull()) {
            description = parseRich(v, fields.get("description"), "description", errors);
        }
        User assignee = null;
        if (fields.has("assignee") && !fields.get("assignee").isNull()) {
            assignee = findUser(fields.get("assignee"));
            if (assignee == null) {
                errors.put("assignee", deployment == Deployment.CLOUD
                        ? "Specify a valid value for assignee" : "User '" + fields.get("assignee").path("name").asText() + "' does not exist.");
            }
        }
        List<String> labels = new ArrayList<>();
        fields.path("labels").forEach(l -> labels.add(l.asText()));
        labels.stream().filter(l -> l.contains(" ")).findFirst()
                .ifPresent(l -> errors.put("labels", "The label '" + l + "' contains spaces which is invalid."));
        String priority = fields.path("priority").path("name").asText("Medium");
        if (!PRIORITIES.contains(priority)) {
            errors.put("priority", "The priority selected is invalid.");
        }
        if (!errors.isEmpty()) {
            sendJson(ctx, 400, obj("errorMessages", List.of(), "errors", errors));
            return;
        }
        Issue issue = newIssue(project, type, summary, description, bot);
        issue.assignee = assignee;
        issue.labels.addAll(labels);
        issue.priority = priority;
        sendJson(ctx, 201, obj("id", issue.id, "key", issue.key, "self", apiUrl(v) + "/issue/" + issue.id));
    }

    private Issue newIssue(Project project, IssueType type, String summary, Rich description, User reporter) {
        Issue issue = new Issue(Long.toString(issueIds.incrementAndGet()), project.key + "-" + (++project.counter), project, type,
                summary, description, reporter);
        issues.put(issue.key, issue);
        return issue;
    }

    private Project findProject(JsonNode ref) {
        if (ref.has("key")) {
            return projects.get(ref.path("key").asText().toUpperCase(Locale.ROOT));
        }
        if (ref.has("id")) {
            return projects.values().stream().filter(pr -> pr.id.equals(ref.path("id").asText())).findFirst().orElse(null);
        }
        return null;
    }

    private User findUser(JsonNode ref) {
        String id = deployment == Deployment.CLOUD ? ref.path("accountId").asText(null)
                : ref.has("name") ? ref.path("name").asText() : ref.path("key").asText(null);
        return id == null ? null : users.get(id);
    }

    private Issue findIssue(RoutingContext ctx, String idOrKey) {
        Issue issue = issues.get(idOrKey.toUpperCase(Locale.ROOT));
        if (issue == null) {
            issue = issues.values().stream().filter(i -> i.id.equals(idOrKey)).findFirst().orElse(null);
        }
        if (issue == null) {
            sendJson(ctx, 404, errorCollection(ISSUE_NOT_FOUND));
        }
        return issue;
    }

    private synchronized void getIssue(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        Issue issue = v == null ? null : findIssue(ctx, p.get("key"));
        if (issue != null) {
            sendJson(ctx, 200, issueJson(v, issue, fieldSelection(query(ctx, "fields"), ALL_FIELDS), true));
        }
    }

    private synchronized void browse(RoutingContext ctx, PathParams p) {
        Issue issue = issues.get(p.get("key").toUpperCase(Locale.ROOT));
        String title = issue == null ? "Issue not found" : "[" + issue.key + "] " + escapeHtml(issue.summary);
        sendText(ctx, 200, "text/html;charset=UTF-8", "<!DOCTYPE html><html><head><title>" + title
                + " - Jira</title></head><body><h1>" + title + "</h1></body></html>");
    }

    // ----------------------------------------------------------------- comments

    private synchronized void listComments(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        Issue issue = v == null ? null : findIssue(ctx, p.get("key"));
        if (issue == null) {
            return;
        }
        int startAt = intParam(query(ctx, "startAt"), 0);
        int maxResults = intParam(query(ctx, "maxResults"), 5000);
        List<Map<String, Object>> page = issue.comments.stream().skip(startAt).limit(maxResults)
                .map(c -> commentJson(v, issue, c)).toList();
        sendJson(ctx, 200, obj("startAt", startAt, "maxResults", maxResults, "total", issue.comments.size(), "comments", page));
    }

    private synchronized void addComment(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        Issue issue = v == null ? null : findIssue(ctx, p.get("key"));
        if (issue == null) {
            return;
        }
        JsonBody body = readJson(ctx);
        if (body.invalid() || !body.isObject()) {
            sendJson(ctx, 400, errorCollection("Unexpected character in the JSON request body (could not parse it as an object)."));
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode bodyNode = body.node().get("body");
        Rich text = bodyNode == null || bodyNode.isNull() ? null : parseRich(v, bodyNode, "comment", errors);
        if (errors.isEmpty() && (text == null || text.plain().isBlank())) {
            errors.put("comment", "Comment body can not be empty!");
        }
        if (!errors.isEmpty()) {
            sendJson(ctx, 400, obj("errorMessages", List.of(), "errors", errors));
            return;
        }
        Comment comment = issue.addComment(text, bot);
        sendJson(ctx, 201, commentJson(v, issue, comment));
    }

    // ----------------------------------------------------------------- transitions

    private synchronized void getTransitions(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        Issue issue = v == null ? null : findIssue(ctx, p.get("key"));
        if (issue == null) {
            return;
        }
        boolean withFields = String.valueOf(query(ctx, "expand")).contains("transitions.fields");
        String only = query(ctx, "transitionId");
        List<Map<String, Object>> list = issue.project.available(issue).stream()
                .filter(t -> only == null || t.id.equals(only))
                .map(t -> {
                    Map<String, Object> json = obj("id", t.id, "name", t.name, "to", statusJson(v, t.to),
                            "hasScreen", false, "isGlobal", true, "isInitial", false, "isAvailable", true,
                            "isConditional", false, "isLooped", false);
                    if (withFields) {
                        json.put("fields", Map.of());
                    }
                    return json;
                }).toList();
        sendJson(ctx, 200, obj("expand", "transitions", "transitions", list));
    }

    private synchronized void doTransition(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        Issue issue = v == null ? null : findIssue(ctx, p.get("key"));
        if (issue == null) {
            return;
        }
        JsonBody body = readJson(ctx);
        if (body.invalid() || !body.isObject()) {
            sendJson(ctx, 400, errorCollection("Unexpected character in the JSON request body (could not parse it as an object)."));
            return;
        }
        String id = body.node().path("transition").path("id").asText(null);
        if (id == null) {
            sendJson(ctx, 400, errorCollection("Missing 'transition' identifier"));
            return;
        }
        Transition transition = issue.project.available(issue).stream().filter(t -> t.id.equals(id)).findFirst().orElse(null);
        if (transition == null) {
            sendJson(ctx, 400, errorCollection("Transition id '" + id + "' is not valid for this issue."));
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<Rich> newComments = new ArrayList<>();
        for (JsonNode op : body.node().path("update").path("comment")) {
            JsonNode add = op.path("add").get("body");
            if (add != null) {
                Rich parsed = parseRich(v, add, "comment", errors);
                if (parsed != null) {
                    newComments.add(parsed);
                }
            }
        }
        if (!errors.isEmpty()) {
            sendJson(ctx, 400, obj("errorMessages", List.of(), "errors", errors));
            return;
        }
        issue.status = transition.to;
        issue.updated = Instant.now();
        newComments.forEach(c -> issue.addComment(c, bot));
        sendEmpty(ctx, 204);
    }

    // ----------------------------------------------------------------- search

    /** {@code /rest/api/2/search}: the Data Center search; removed on Cloud. */
    private synchronized void searchClassic(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        if (v == null) {
            return;
        }
        if (deployment == Deployment.CLOUD) {
            sendJson(ctx, 410, errorCollection(SEARCH_REMOVED));
            return;
        }
        SearchRequest request = searchRequest(ctx);
        if (request == null) {
            return;
        }
        List<Issue> matching = runJql(ctx, request.jql, false);
        if (matching == null) {
            return;
        }
        int startAt = Math.max(0, intParam(request.startAt, 0));
        int maxResults = Math.min(1000, Math.max(0, intParam(request.maxResults, 50)));
        List<String> selected = fieldSelection(request.fields == null ? "*navigable" : request.fields, navigable());
        List<Map<String, Object>> page = matching.stream().skip(startAt).limit(maxResults)
                .map(i -> issueJson(v, i, selected, false)).toList();
        sendJson(ctx, 200, obj("expand", "schema,names", "startAt", startAt, "maxResults", maxResults,
                "total", matching.size(), "issues", page));
    }

    /** {@code /rest/api/3/search/jql} (and v2): Cloud's enhanced search with opaque token paging. */
    private synchronized void searchEnhanced(RoutingContext ctx, PathParams p) {
        String v = version(ctx, p);
        if (v == null) {
            return;
        }
        if (deployment == Deployment.DATACENTER) {
            notFound(ctx);
            return;
        }
        SearchRequest request = searchRequest(ctx);
        if (request == null) {
            return;
        }
        int offset = 0;
        if (request.nextPageToken != null) {
            offset = decodeToken(request.nextPageToken);
            if (offset < 0) {
                sendJson(ctx, 400, errorCollection("The provided next page token is invalid or expired."));
                return;
            }
        }
        List<Issue> matching = runJql(ctx, request.jql, true);
        if (matching == null) {
            return;
        }
        int maxResults = Math.min(5000, Math.max(1, intParam(request.maxResults, 50)));
        // without "fields" the enhanced search returns ids only
        List<String> selected = request.fields == null ? List.of() : fieldSelection(request.fields, navigable());
        List<Map<String, Object>> page = matching.stream().skip(offset).limit(maxResults)
                .map(i -> selected.isEmpty() ? obj("id", i.id) : issueJson(v, i, selected, false)).toList();
        Map<String, Object> result = obj("issues", page);
        boolean last = offset + maxResults >= matching.size();
        if (!last) {
            result.put("nextPageToken", encodeToken(offset + maxResults));
        }
        result.put("isLast", last);
        sendJson(ctx, 200, result);
    }

    private record SearchRequest(String jql, String startAt, String maxResults, String fields, String nextPageToken) {
    }

    private SearchRequest searchRequest(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.GET) {
            return new SearchRequest(query(ctx, "jql"), query(ctx, "startAt"), query(ctx, "maxResults"),
                    query(ctx, "fields"), query(ctx, "nextPageToken"));
        }
        JsonBody body = readJson(ctx);
        if (body.invalid() || !body.isObject()) {
            sendJson(ctx, 400, errorCollection("Unexpected character in the JSON request body (could not parse it as an object)."));
            return null;
        }
        JsonNode n = body.node();
        String fields = null;
        if (n.has("fields")) {
            List<String> list = new ArrayList<>();
            n.get("fields").forEach(f -> list.add(f.asText()));
            fields = String.join(",", list);
        }
        return new SearchRequest(n.path("jql").asText(null), n.path("startAt").asText(null), n.path("maxResults").asText(null),
                fields, n.path("nextPageToken").asText(null));
    }

    private List<Issue> runJql(RoutingContext ctx, String jql, boolean requireBounded) {
        try {
            Jql.Query<Issue> q = Jql.parse(jql, new IssueFields(principal(ctx)));
            if (requireBounded && !q.bounded()) {
                sendJson(ctx, 400, errorCollection("Unbounded JQL queries are not allowed here. Please add a search restriction to your query."));
                return null;
            }
            Comparator<Issue> order = q.order() != null ? q.order()
                    : Comparator.comparing((Issue i) -> i.project.key).thenComparingInt(i -> i.number).reversed();
            return issues.values().stream().filter(q.filter()).sorted(order).toList();
        } catch (Jql.JqlException e) {
            sendJson(ctx, 400, errorCollection(e.getMessage()));
            return null;
        }
    }

    private static String encodeToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            return decoded.startsWith("offset:") ? Integer.parseInt(decoded.substring(7)) : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Evaluates JQL fields against the seeded issues. */
    private final class IssueFields implements Jql.FieldResolver<Issue> {
        private final String currentUser;

        IssueFields(String currentUser) {
            this.currentUser = currentUser;
        }

        @Override
        public Predicate<Issue> clause(String field, String op, List<Jql.Operand> values) {
            return switch (field) {
                case "project" -> equality(field, op, values, i -> Set.of(i.project.key.toLowerCase(Locale.ROOT),
                        i.project.name.toLowerCase(Locale.ROOT), i.project.id), v -> {
                    if (findProjectByAny(v) == null) {
                        throw new Jql.JqlException("The value '" + v + "' does not exist for the field 'project'.");
                    }
                });
                case "key", "issuekey", "id" -> equality(field, op, values, i -> Set.of(i.key.toLowerCase(Locale.ROOT), i.id), v -> {
                    if (!issues.containsKey(v.toUpperCase(Locale.ROOT)) && issues.values().stream().noneMatch(i -> i.id.equals(v))) {
                        throw new Jql.JqlException("An issue with key '" + v + "' does not exist for field 'key'.");
                    }
                });
                case "status" -> equality(field, op, values, i -> Set.of(i.status.name.toLowerCase(Locale.ROOT), i.status.id), v -> {
                    boolean known = projects.values().stream().flatMap(pr -> pr.statuses.stream())
                            .anyMatch(s -> s.name.equalsIgnoreCase(v) || s.id.equals(v));
                    if (!known) {
                        throw new Jql.JqlException("The value '" + v + "' does not exist for the field 'status'.");
                    }
                });
                case "statuscategory" -> equality(field, op, values, i -> Set.of(i.status.category.key,
                        i.status.category.name.toLowerCase(Locale.ROOT)), v -> { });
                case "assignee" -> userClause(field, op, values, i -> i.assignee);
                case "reporter", "creator" -> userClause(field, op, values, i -> i.reporter);
                case "issuetype", "type" -> equality(field, op, values, i -> Set.of(i.type.name.toLowerCase(Locale.ROOT), i.type.id), v -> { });
                case "priority" -> equality(field, op, values, i -> Set.of(i.priority.toLowerCase(Locale.ROOT)), v -> { });
                case "labels" -> equality(field, op, values,
                        i -> i.labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()), v -> { });
                case "summary" -> text(field, op, values, i -> i.summary);
                case "description" -> text(field, op, values, i -> i.description == null ? "" : i.description.plain());
                case "comment" -> text(field, op, values, i -> i.comments.stream().map(c -> c.body.plain()).collect(Collectors.joining("\n")));
                case "text" -> text(field, op, values, i -> i.summary + "\n" + (i.description == null ? "" : i.description.plain())
                        + "\n" + i.comments.stream().map(c -> c.body.plain()).collect(Collectors.joining("\n")));
                case "created", "createddate" -> date(field, op, values, i -> i.created);
                case "updated", "updateddate" -> date(field, op, values, i -> i.updated);
                default -> throw new Jql.JqlException("Field '" + field + "' does not exist or you do not have permission to view it.");
            };
        }

        @Override
        public Comparator<Issue> order(String field) {
            return switch (field) {
                case "key", "issuekey", "id" -> Comparator.comparing((Issue i) -> i.project.key).thenComparingInt(i -> i.number);
                case "created" -> Comparator.comparing(i -> i.created);
                case "updated" -> Comparator.comparing(i -> i.updated);
                case "summary" -> Comparator.comparing(i -> i.summary);
                case "status" -> Comparator.comparing(i -> i.status.name);
                case "priority" -> Comparator.comparingInt(i -> List.of("Lowest", "Low", "Medium", "High", "Highest").indexOf(i.priority));
                default -> throw new Jql.JqlException("Field '" + field + "' does not exist or you do not have permission to view it.");
            };
        }

        private Predicate<Issue> equality(String field, String op, List<Jql.Operand> values, Function<Issue, Set<String>> actual,
                                          java.util.function.Consumer<String> validate) {
            if (op.equals("is") || op.equals("is not")) {
                requireEmpty(field, op, values);
                Predicate<Issue> empty = i -> actual.apply(i).isEmpty();
                return op.equals("is") ? empty : empty.negate();
            }
            if (!Set.of("=", "!=", "in", "not in").contains(op)) {
                throw new Jql.JqlException("The operator '" + op + "' is not supported by the '" + field + "' field.");
            }
            Set<String> wanted = new LinkedHashSet<>();
            for (Jql.Operand v : values) {
                if (v.function() || v.empty()) {
                    throw new Jql.JqlException("Error in the JQL Query: '" + v + "' is not supported for field '" + field + "' by this fake.");
                }
                validate.accept(v.text());
                wanted.add(v.text().toLowerCase(Locale.ROOT));
            }
            Predicate<Issue> match = i -> actual.apply(i).stream().anyMatch(wanted::contains);
            return op.equals("=") || op.equals("in") ? match : match.negate();
        }

        private Predicate<Issue> userClause(String field, String op, List<Jql.Operand> values, Function<Issue, User> actual) {
            if (op.equals("is") || op.equals("is not")) {
                requireEmpty(field, op, values);
                Predicate<Issue> empty = i -> actual.apply(i) == null;
                return op.equals("is") ? empty : empty.negate();
            }
            if (!Set.of("=", "!=", "in", "not in").contains(op)) {
                throw new Jql.JqlException("The operator '" + op + "' is not supported by the '" + field + "' field.");
            }
            Set<String> wanted = new LinkedHashSet<>();
            boolean matchEmpty = false;
            for (Jql.Operand v : values) {
                if (v.empty()) {
                    matchEmpty = true;
                } else if (v.function()) {
                    if (!v.text().equalsIgnoreCase("currentUser")) {
                        throw new Jql.JqlException("Unable to find JQL function '" + v + "'.");
                    }
                    wanted.add(currentUser);
                } else {
                    wanted.add(v.text());
                }
            }
            boolean includeEmpty = matchEmpty;
            Predicate<Issue> match = i -> actual.apply(i) == null ? includeEmpty : wanted.contains(actual.apply(i).id);
            return op.equals("=") || op.equals("in") ? match : match.negate();
        }

        private Predicate<Issue> text(String field, String op, List<Jql.Operand> values, Function<Issue, String> actual) {
            if (!op.equals("~") && !op.equals("!~")) {
                throw new Jql.JqlException("The operator '" + op + "' is not supported by the '" + field + "' field.");
            }
            String needle = values.get(0).text().toLowerCase(Locale.ROOT).replace("*", "");
            Predicate<Issue> match = i -> actual.apply(i).toLowerCase(Locale.ROOT).contains(needle);
            return op.equals("~") ? match : match.negate();
        }

        private Predicate<Issue> date(String field, String op, List<Jql.Operand> values, Function<Issue, Instant> actual) {
            Instant at = parseJqlDate(values.get(0));
            return switch (op) {
                case ">" -> i -> actual.apply(i).isAfter(at);
                case ">=" -> i -> !actual.apply(i).isBefore(at);
                case "<" -> i -> actual.apply(i).isBefore(at);
                case "<=" -> i -> !actual.apply(i).isAfter(at);
                default -> throw new Jql.JqlException("The operator '" + op + "' is not supported by the '" + field + "' field by this fake.");
            };
        }

        private void requireEmpty(String field, String op, List<Jql.Operand> values) {
            if (!values.get(0).empty()) {
                throw new Jql.JqlException("The operator '" + op + "' only supports EMPTY or NULL for the '" + field + "' field.");
            }
        }

        private Project findProjectByAny(String value) {
            return projects.values().stream().filter(pr -> pr.key.equalsIgnoreCase(value) || pr.name.equalsIgnoreCase(value)
                    || pr.id.equals(value)).findFirst().orElse(null);
        }
    }

    /** Absolute ({@code 2026-01-31}, {@code 2026-01-31 10:00}) or relative ({@code -1d}, {@code -2h}, {@code -30m}, {@code -1w}). */
    private static Instant parseJqlDate(Jql.Operand operand) {
        String v = operand.text().trim();
        var relative = java.util.regex.Pattern.compile("([+-]?\\d+)([wdhm])").matcher(v);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration unit = switch (relative.group(2)) {
                case "w" -> Duration.ofDays(7);
                case "d" -> Duration.ofDays(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofMinutes(1);
            };
            return Instant.now().plus(unit.multipliedBy(n));
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v.replace('/', '-')).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(v.replace('/', '-').replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new Jql.JqlException("Date value '" + v + "' for field is invalid. Valid formats include: 'yyyy/MM/dd HH:mm',"
                    + " 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.");
        }
    }

    // ================================================================= rich text (v2 strings vs v3 ADF)

    /** Parses a description/comment body as the API version demands; records an error and returns null otherwise. */
    private Rich parseRich(String version, JsonNode node, String field, Map<String, String> errors) {
        if (adf(version)) {
            if (!isAdfDocument(node)) {
                errors.put(field, "Operation value must be an Atlassian Document");
                return null;
            }
            return Rich.adf(node);
        }
        if (!node.isTextual()) {
            errors.put(field, "Operation value must be a string");
            return null;
        }
        return Rich.text(node.asText());
    }

    private static boolean isAdfDocument(JsonNode node) {
        return node.isObject() && "doc".equals(node.path("type").asText()) && node.path("version").asInt() == 1
                && node.path("content").isArray();
    }

    /** Rich text kept in the form it arrived in, rendered as a string for v2 and as ADF for v3. */
    private record Rich(String plain, JsonNode adf) {
        static Rich text(String text) {
            return new Rich(text, null);
        }

        static Rich adf(JsonNode doc) {
            List<String> paragraphs = new ArrayList<>();
            doc.path("content").forEach(block -> paragraphs.add(collectText(block)));
            return new Rich(String.join("\n", paragraphs), doc.deepCopy());
        }

        private static String collectText(JsonNode node) {
            if (node.has("text")) {
                return node.path("text").asText();
            }
            if ("hardBreak".equals(node.path("type").asText())) {
                return "\n";
            }
            StringBuilder b = new StringBuilder();
            node.path("content").forEach(child -> b.append(collectText(child)));
            return b.toString();
        }

        Object render(boolean asAdf) {
            if (!asAdf) {
                return plain;
            }
            if (adf != null) {
                return adf;
            }
            ObjectNode doc = JSON.createObjectNode().put("type", "doc").put("version", 1);
            ArrayNode content = doc.putArray("content");
            for (String line : plain.split("\n", -1)) {
                ObjectNode paragraph = content.addObject().put("type", "paragraph");
                if (!line.isEmpty()) {
                    paragraph.putArray("content").addObject().put("type", "text").put("text", line);
                }
            }
            return doc;
        }
    }

    // ================================================================= JSON representations

    private String apiUrl(String version) {
        return baseUrl() + "/rest/api/" + version;
    }

    private List<String> navigable() {
        return ALL_FIELDS.stream().filter(f -> !f.equals("comment")).toList();
    }

    /** Jira's {@code fields} parameter: a list, {@code *all}, {@code *navigable}, and {@code -name} exclusions. */
    private List<String> fieldSelection(String spec, List<String> defaults) {
        if (spec == null || spec.isBlank()) {
            return defaults;
        }
        Set<String> out = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        for (String raw : spec.split(",")) {
            String f = raw.trim();
            if (f.equals("*all")) {
                out.addAll(ALL_FIELDS);
            } else if (f.equals("*navigable")) {
                out.addAll(navigable());
            } else if (f.startsWith("-")) {
                excluded.add(f.substring(1));
            } else if (!f.isEmpty()) {
                out.add(f);
            }
        }
        out.removeAll(excluded);
        return List.copyOf(out);
    }

    private Map<String, Object> issueJson(String v, Issue i, List<String> selected, boolean single) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String f : selected) {
            switch (f) {
                case "summary" -> fields.put(f, i.summary);
                case "status" -> fields.put(f, statusJson(v, i.status));
                case "issuetype" -> fields.put(f, obj("self", apiUrl(v) + "/issuetype/" + i.type.id, "id", i.type.id,
                        "description", "", "iconUrl", baseUrl() + "/images/icons/issuetypes/task.svg", "name", i.type.name,
                        "subtask", false, "hierarchyLevel", 0));
                case "project" -> fields.put(f, obj("self", apiUrl(v) + "/project/" + i.project.id, "id", i.project.id,
                        "key", i.project.key, "name", i.project.name, "projectTypeKey", "software",
                        "avatarUrls", avatars()));
                case "assignee" -> fields.put(f, i.assignee == null ? null : userJson(v, i.assignee));
                case "reporter", "creator" -> fields.put(f, userJson(v, i.reporter));
                case "description" -> fields.put(f, i.description == null ? null : i.description.render(adf(v)));
                case "labels" -> fields.put(f, List.copyOf(i.labels));
                case "priority" -> fields.put(f, obj("self", apiUrl(v) + "/priority/3", "iconUrl",
                        baseUrl() + "/images/icons/priorities/" + i.priority.toLowerCase(Locale.ROOT) + ".svg",
                        "name", i.priority, "id", Integer.toString(List.of("Highest", "High", "Medium", "Low", "Lowest").indexOf(i.priority) + 1)));
                case "created" -> fields.put(f, JIRA_TIME.format(i.created));
                case "updated" -> fields.put(f, JIRA_TIME.format(i.updated));
                case "comment" -> fields.put(f, obj("comments", i.comments.stream().map(c -> commentJson(v, i, c)).toList(),
                        "maxResults", i.comments.size(), "total", i.comments.size(), "startAt", 0));
                default -> {
                    // unknown or custom fields are silently absent, as in Jira
                }
            }
        }
        return obj("expand", single ? "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
                        : "operations,versionedRepresentations,editmeta,changelog,renderedFields",
                "id", i.id, "self", apiUrl(v) + "/issue/" + i.id, "key", i.key, "fields", fields);
    }

    private Map<String, Object> statusJson(String v, Status s) {
        return obj("self", apiUrl(v) + "/status/" + s.id, "description", "", "iconUrl", baseUrl() + "/", "name", s.name, "id", s.id,
                "statusCategory", obj("self", apiUrl(v) + "/statuscategory/" + s.category.id, "id", s.category.id,
                        "key", s.category.key, "colorName", s.category.color, "name", s.category.name));
    }

    private Map<String, Object> userJson(String v, User u) {
        if (deployment == Deployment.CLOUD) {
            return obj("self", apiUrl(v) + "/user?accountId=" + u.id, "accountId", u.id, "emailAddress", u.email,
                    "avatarUrls", avatars(), "displayName", u.displayName, "active", true, "timeZone", "Etc/UTC",
                    "accountType", "atlassian");
        }
        return obj("self", apiUrl(v) + "/user?username=" + u.id, "name", u.id, "key", "JIRAUSER" + (10000 + Math.abs(u.id.hashCode() % 1000)),
                "emailAddress", u.email, "avatarUrls", avatars(), "displayName", u.displayName, "active", true, "deleted", false,
                "timeZone", "UTC");
    }

    private Map<String, Object> commentJson(String v, Issue i, Comment c) {
        Map<String, Object> json = obj("self", apiUrl(v) + "/issue/" + i.id + "/comment/" + c.id, "id", c.id,
                "author", userJson(v, c.author), "body", c.body.render(adf(v)), "updateAuthor", userJson(v, c.author),
                "created", JIRA_TIME.format(c.created), "updated", JIRA_TIME.format(c.created));
        if (deployment == Deployment.CLOUD) {
            json.put("jsdPublic", true);
        }
        return json;
    }

    private Map<String, Object> avatars() {
        String a = baseUrl() + "/secure/useravatar?avatarId=10122";
        return obj("48x48", a, "24x24", a + "&size=small", "16x16", a + "&size=xsmall", "32x32", a + "&size=medium");
    }

    private static int intParam(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ================================================================= seeded model

    private enum Category {
        NEW(2, "new", "blue-gray", "To Do"), INDETERMINATE(4, "indeterminate", "yellow", "In Progress"), DONE(3, "done", "green", "Done");

        final int id;
        final String key;
        final String color;
        final String name;

        Category(int id, String key, String color, String name) {
            this.id = id;
            this.key = key;
            this.color = color;
            this.name = name;
        }
    }

    private record Status(String id, String name, Category category) {
    }

    private record Transition(String id, String name, Status to) {
    }

    private record IssueType(String id, String name) {
    }

    private record User(String id, String displayName, String email) {
    }

    /** A project with the simplified workflow; extra statuses and transitions can be added. */
    public final class Project {
        private final String key;
        private final String name;
        private final String id;
        private final List<IssueType> issueTypes = new ArrayList<>(List.of(
                new IssueType("10001", "Task"), new IssueType("10002", "Bug"), new IssueType("10003", "Story")));
        private final List<Status> statuses = new ArrayList<>(List.of(
                new Status("10000", "To Do", Category.NEW), new Status("3", "In Progress", Category.INDETERMINATE),
                new Status("10001", "Done", Category.DONE)));
        private final List<Transition> transitions = new ArrayList<>(List.of(
                new Transition("11", "To Do", statuses.get(0)), new Transition("21", "In Progress", statuses.get(1)),
                new Transition("31", "Done", statuses.get(2))));
        private int counter;

        private Project(String key, String name, int id) {
            this.key = key.toUpperCase(Locale.ROOT);
            this.name = name;
            this.id = Integer.toString(id);
        }

        public String key() {
            return key;
        }

        /** Adds a status ("new", "indeterminate" or "done" category) and a global transition into it. */
        public Project addStatus(String statusName, String categoryKey, String transitionId, String transitionName) {
            synchronized (FakeJira.this) {
                Category category = switch (categoryKey) {
                    case "new" -> Category.NEW;
                    case "done" -> Category.DONE;
                    default -> Category.INDETERMINATE;
                };
                Status status = new Status(Integer.toString(10100 + statuses.size()), statusName, category);
                statuses.add(status);
                transitions.add(new Transition(transitionId, transitionName, status));
                return this;
            }
        }

        /** Global transitions, minus the one that would loop onto the current status. */
        private List<Transition> available(Issue issue) {
            return transitions.stream().filter(t -> !t.to.equals(issue.status)).toList();
        }
    }

    private static final class Comment {
        private final String id;
        private final Rich body;
        private final User author;
        private final Instant created = Instant.now();

        private Comment(String id, Rich body, User author) {
            this.id = id;
            this.body = body;
            this.author = author;
        }
    }

    /** An issue; its rich text keeps the form it was written in (plain or ADF). */
    public final class Issue {
        private final String id;
        private final String key;
        private final int number;
        private final Project project;
        private final IssueType type;
        private final User reporter;
        private final Instant created = Instant.now();
        private final List<String> labels = new ArrayList<>();
        private final List<Comment> comments = new ArrayList<>();
        private String summary;
        private Rich description;
        private Status status;
        private User assignee;
        private String priority = "Medium";
        private Instant updated = created;

        private Issue(String id, String key, Project project, IssueType type, String summary, Rich description, User reporter) {
            this.id = id;
            this.key = key;
            this.number = Integer.parseInt(key.substring(key.indexOf('-') + 1));
            this.project = project;
            this.type = type;
            this.summary = summary;
            this.description = description;
            this.reporter = reporter;
            this.status = project.statuses.get(0);
        }

        public String id() {
            return id;
        }

        public String key() {
            return key;
        }

        public String summary() {
            synchronized (FakeJira.this) {
                return summary;
            }
        }

        /** The description as plain text (ADF flattened: one line per block). */
        public String description() {
            synchronized (FakeJira.this) {
                return description == null ? null : description.plain();
            }
        }

        /** The description exactly as the client sent it through v3, or null if it was plain text. */
        public JsonNode descriptionAdf() {
            synchronized (FakeJira.this) {
                return description == null ? null : description.adf();
            }
        }

        public String status() {
            synchronized (FakeJira.this) {
                return status.name;
            }
        }

        public String assignee() {
            synchronized (FakeJira.this) {
                return assignee == null ? null : assignee.id;
            }
        }

        public List<String> labels() {
            synchronized (FakeJira.this) {
                return List.copyOf(labels);
            }
        }

        /** Comment bodies as plain text, oldest first. */
        public List<String> comments() {
            synchronized (FakeJira.this) {
                return comments.stream().map(c -> c.body.plain()).toList();
            }
        }

        /** Comment bodies as sent through v3 (ADF), null entries for plain-text comments. */
        public List<JsonNode> commentsAdf() {
            synchronized (FakeJira.this) {
                return comments.stream().map(c -> c.body.adf()).toList();
            }
        }

        public Issue assign(String userId) {
            synchronized (FakeJira.this) {
                User user = users.get(userId);
                if (user == null) {
                    throw new IllegalArgumentException("unknown user " + userId + "; addUser first");
                }
                assignee = user;
                return this;
            }
        }

        public Issue status(String statusName) {
            synchronized (FakeJira.this) {
                status = project.statuses.stream().filter(s -> s.name.equalsIgnoreCase(statusName)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown status " + statusName));
                updated = Instant.now();
                return this;
            }
        }

        public Issue label(String label) {
            synchronized (FakeJira.this) {
                labels.add(label);
                return this;
            }
        }

        public Issue addComment(String text) {
            synchronized (FakeJira.this) {
                addComment(Rich.text(text), bot);
                return this;
            }
        }

        private Comment addComment(Rich body, User author) {
            Comment comment = new Comment(Long.toString(commentIds.incrementAndGet()), body, author);
            comments.add(comment);
            updated = comment.created;
            return comment;
        }
    }
}
