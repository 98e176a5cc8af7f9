package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * GitHub REST v3 fake (backend-protocols.md section 3, checklist 3.5).
 *
 * <p>{@link #baseUrl()} stands for {@code https://api.github.com}; every route is also served under the GitHub
 * Enterprise prefix {@code /api/v3} ({@link #enterpriseBaseUrl()}), which is where Eclipse egit (and so
 * camel-github) sends requests for any host other than api.github.com. Repository routes also answer on the
 * {@code /repositories/{id}/...} form, because that is what real {@code Link} headers point at.
 *
 * <p>Accepts {@code Authorization: Bearer <token>}, {@code token <token>} (egit) and Basic with the token as
 * password. Every response carries {@code x-ratelimit-*} headers.
 */
public final class FakeGitHub extends FakeServer<FakeGitHub> {

    public static final String DEFAULT_TOKEN = "ghp_fakeTokenForTests0000000000000000";
    public static final String DEFAULT_API_VERSION = "2022-11-28";
    private static final String ENTERPRISE_PREFIX = "/api/v3";
    private static final String PREFIX = "(?:/api/v3)?";
    private static final String REPO = "(?:/repos/(?<owner>[^/]+)/(?<repo>[^/]+)|/repositories/(?<repoId>[0-9]+))";
    private static final String DOCS = "https://docs.github.com/rest";
    private static final String RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
    private static final int ANONYMOUS_LIMIT = 60;
    private static final int MAX_DISPATCH_INPUTS = 10;

    private final Set<String> tokens = new LinkedHashSet<>(List.of(DEFAULT_TOKEN));
    private final Set<String> supportedApiVersions = new LinkedHashSet<>(List.of(DEFAULT_API_VERSION, "2026-03-10"));
    private final Map<String, Repo> repos = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private String botLogin = "chatops-bot";
    private String htmlBase = "https://github.com";
    private String enterpriseVersion;
    private boolean returnRunDetailsSupported = true;
    private int rateLimit = 5000;
    private int used;
    private int anonymousUsed;
    private Instant rateLimitReset = Instant.now().plus(Duration.ofHours(1));

    public FakeGitHub() {
        super("FakeGitHub");
    }

    // ================================================================= configuration

    /** {@code http://127.0.0.1:PORT}, standing for {@code https://api.github.com}. */
    @Override
    public String baseUrl() {
        return rootUrl();
    }

    /** {@code http://127.0.0.1:PORT/api/v3}, the GitHub Enterprise Server style root. */
    public String enterpriseBaseUrl() {
        return rootUrl() + ENTERPRISE_PREFIX;
    }

    /** Accept only this token from now on. */
    public synchronized FakeGitHub token(String token) {
        tokens.clear();
        tokens.add(token);
        return this;
    }

    /** Accept this token in addition to the others. */
    public synchronized FakeGitHub acceptToken(String token) {
        tokens.add(token);
        return this;
    }

    /** Login of the user the accepted tokens belong to (author of created issues and comments). */
    public synchronized FakeGitHub botLogin(String login) {
        this.botLogin = login;
        return this;
    }

    /** Root of {@code html_url} links; {@code https://github.com} by default, like github.com. */
    public synchronized FakeGitHub htmlBaseUrl(String url) {
        this.htmlBase = stripSlash(url);
        return this;
    }

    /** Makes the fake answer like GitHub Enterprise Server: adds {@code X-GitHub-Enterprise-Version}. */
    public synchronized FakeGitHub enterpriseVersion(String version) {
        this.enterpriseVersion = version;
        return this;
    }

    /** When false, {@code return_run_details} in a dispatch body is an unknown key (older GHES): 422. */
    public synchronized FakeGitHub supportReturnRunDetails(boolean supported) {
        this.returnRunDetailsSupported = supported;
        return this;
    }

    /** Primary rate limit per token; once used up every request gets the real primary-limit 403 until reset. */
    public synchronized FakeGitHub rateLimit(int limit, Duration window) {
        this.rateLimit = limit;
        this.used = 0;
        this.rateLimitReset = Instant.now().plus(window);
        return this;
    }

    public synchronized Repo addRepo(String owner, String name) {
        String key = (owner + "/" + name).toLowerCase(Locale.ROOT);
        if (repos.containsKey(key)) {
            throw new IllegalArgumentException("repository exists: " + key);
        }
        Repo repo = new Repo(ids.incrementAndGet(), owner, name);
        repos.put(key, repo);
        return repo;
    }

    public synchronized Repo repo(String fullName) {
        Repo repo = repos.get(fullName.toLowerCase(Locale.ROOT));
        if (repo == null) {
            throw new IllegalArgumentException("no such repository: " + fullName);
        }
        return repo;
    }

    // ================================================================= fault factories (real shapes, section 3.3)

    public static Fault badCredentials() {
        return Fault.json(401, error("Bad credentials", DOCS, 401));
    }

    /** A 403 that is a permission problem, not a rate limit (no {@code x-ratelimit-remaining: 0}, no retry-after). */
    public static Fault forbidden() {
        return Fault.json(403, error("Resource not accessible by personal access token",
                "https://docs.github.com/rest/issues/issues#create-an-issue", 403));
    }

    public static Fault notFound() {
        return Fault.json(404, error("Not Found", DOCS, 404));
    }

    /** Primary limit exhausted: 403 (or 429) with {@code x-ratelimit-remaining: 0} and the reset epoch. */
    public static Fault primaryRateLimit(int status) {
        requireRateLimitStatus(status);
        long reset = Instant.now().plusSeconds(60).getEpochSecond();
        return Fault.json(status, error("API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help,"
                        + " please include the request ID 0000:0000:0000000:0000000:00000000.", RATE_LIMIT_DOCS, status))
                .withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-used", "5000")
                .withHeader("x-ratelimit-reset", Long.toString(reset))
                .withHeader("x-ratelimit-resource", "core");
    }

    /**
     * Secondary limit: 403 (or 429) whose message names the secondary limit; remaining stays above zero.
     *
     * @param retryAfter header value, {@code null} to leave it out (GitHub only sometimes sends it)
     */
    public static Fault secondaryRateLimit(int status, String retryAfter) {
        requireRateLimitStatus(status);
        return Fault.json(status, error("You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                        + " again. If you reach out to GitHub Support for help, please include the request ID"
                        + " 0000:0000:0000000:0000000:00000000.",
                        "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                        status))
                .withHeader("retry-after", retryAfter);
    }

    public static Fault serverError(int status) {
        if (status < 500) {
            throw new IllegalArgumentException("not a 5xx: " + status);
        }
        return Fault.json(status, error(status == 500 ? "Server Error" : "Service Unavailable", DOCS, status));
    }

    private static void requireRateLimitStatus(int status) {
        if (status != 403 && status != 429) {
            throw new IllegalArgumentException("GitHub signals rate limits with 403 or 429, not " + status);
        }
    }

    private static String error(String message, String docs, int status) {
        try {
            return JSON.writeValueAsString(obj("message", message, "documentation_url", docs, "status", Integer.toString(status)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ================================================================= pipeline hooks

    @Override
    protected String canonicalPath(String path) {
        return path.startsWith(ENTERPRISE_PREFIX + "/") ? path.substring(ENTERPRISE_PREFIX.length()) : path;
    }

    @Override
    protected synchronized String identify(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null) {
            return null;
        }
        int space = auth.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = auth.substring(0, space).toLowerCase(Locale.ROOT);
        String credential = auth.substring(space + 1).trim();
        String token = switch (scheme) {
            case "bearer", "token" -> credential;
            case "basic" -> {
                String decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
                yield decoded.contains(":") ? decoded.substring(decoded.indexOf(':') + 1) : null;
            }
            default -> null;
        };
        return token != null && tokens.contains(token) ? botLogin : null;
    }

    @Override
    protected synchronized boolean authorize(RoutingContext ctx, String principal) {
        String version = ctx.request().getHeader("X-GitHub-Api-Version");
        if (version != null && !supportedApiVersions.contains(version)) {
            sendJson(ctx, 400, obj("message", "The version you specified in the \"X-GitHub-API-Version\" request header, \""
                            + version + "\", is not a supported version. The following versions are currently supported: "
                            + supportedApiVersions.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ")) + ".",
                    "documentation_url", DOCS, "status", "400"));
            return false;
        }
        String path = canonicalPath(ctx.request().path());
        boolean credentialsSent = ctx.request().getHeader("Authorization") != null;
        if (Instant.now().isAfter(rateLimitReset)) {
            used = 0;
            anonymousUsed = 0;
            rateLimitReset = Instant.now().plus(Duration.ofHours(1));
        }
        if (credentialsSent && principal == null) {
            sendJson(ctx, 401, error("Bad credentials", DOCS, 401));
            return false;
        }
        boolean countsAgainstLimit = !path.equals("/rate_limit");
        if (principal == null) {
            if (countsAgainstLimit) {
                anonymousUsed++;
            }
            ctx.put("gh.limit", ANONYMOUS_LIMIT);
            ctx.put("gh.used", anonymousUsed);
            if (path.equals("/rate_limit")) {
                return true;
            }
            if (ctx.request().method() != HttpMethod.GET || !(path.startsWith("/repos/") || path.startsWith("/repositories/"))) {
                sendJson(ctx, 401, error("Requires authentication", DOCS, 401));
                return false;
            }
            // fake repositories are private: GitHub hides them from anonymous callers behind a 404
            sendJson(ctx, 404, error("Not Found", DOCS, 404));
            return false;
        }
        if (countsAgainstLimit && used >= rateLimit) {
            ctx.put("gh.limit", rateLimit);
            ctx.put("gh.used", used);
            sendJson(ctx, 403, error("API rate limit exceeded for user ID 1.", RATE_LIMIT_DOCS, 403));
            return false;
        }
        if (countsAgainstLimit) {
            used++;
        }
        ctx.put("gh.limit", rateLimit);
        ctx.put("gh.used", used);
        return true;
    }

    @Override
    protected synchronized void decorateResponse(RoutingContext ctx) {
        var headers = ctx.response().headers();
        Integer limit = ctx.get("gh.limit");
        Integer usedNow = ctx.get("gh.used");
        int effectiveLimit = limit == null ? rateLimit : limit;
        int effectiveUsed = usedNow == null ? used : usedNow;
        putIfAbsent(headers, "x-ratelimit-limit", Integer.toString(effectiveLimit));
        putIfAbsent(headers, "x-ratelimit-remaining", Integer.toString(Math.max(0, effectiveLimit - effectiveUsed)));
        putIfAbsent(headers, "x-ratelimit-used", Integer.toString(effectiveUsed));
        putIfAbsent(headers, "x-ratelimit-reset", Long.toString(rateLimitReset.getEpochSecond()));
        putIfAbsent(headers, "x-ratelimit-resource", "core");
        putIfAbsent(headers, "x-github-request-id", UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
        putIfAbsent(headers, "x-github-media-type", "github.v3; format=json");
        String version = ctx.request().getHeader("X-GitHub-Api-Version");
        putIfAbsent(headers, "x-github-api-version-selected", version == null ? DEFAULT_API_VERSION : version);
        if (enterpriseVersion != null) {
            putIfAbsent(headers, "x-github-enterprise-version", enterpriseVersion);
        }
    }

    private static void putIfAbsent(io.vertx.core.MultiMap headers, String name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }

    /** GitHub answers unknown paths and unsupported methods alike with a JSON 404. */
    @Override
    protected void notFound(RoutingContext ctx) {
        sendJson(ctx, 404, error("Not Found", DOCS, 404));
    }

    @Override
    protected void methodNotAllowed(RoutingContext ctx, Set<HttpMethod> allowed) {
        notFound(ctx);
    }

    @Override
    protected void internalError(RoutingContext ctx, Throwable error) {
        sendJson(ctx, 500, error("Server Error", DOCS, 500));
    }

    // ================================================================= routes

    @Override
    protected void registerRoutes() {
        onRegex(HttpMethod.GET, PREFIX + "/user", (ctx, p) -> sendJson(ctx, 200, user(apiRoot(ctx), botLogin)));
        onRegex(HttpMethod.GET, PREFIX + "/rate_limit", this::rateLimitStatus);
        repoRoute(HttpMethod.GET, "", this::getRepo);
        repoRoute(HttpMethod.GET, "/issues", this::listIssues);
        repoRoute(HttpMethod.POST, "/issues", this::createIssue);
        repoRoute(HttpMethod.GET, "/issues/{number:[0-9]+}", this::getIssue);
        repoRoute(HttpMethod.PATCH, "/issues/{number:[0-9]+}", this::editIssue);
        // GitHub's v3 docs promised POST as a stand-in for PATCH; egit relies on it for edits
        repoRoute(HttpMethod.POST, "/issues/{number:[0-9]+}", this::editIssue);
        repoRoute(HttpMethod.GET, "/issues/{number:[0-9]+}/comments", this::listComments);
        repoRoute(HttpMethod.POST, "/issues/{number:[0-9]+}/comments", this::createComment);
        repoRoute(HttpMethod.GET, "/pulls", this::listPulls);
        repoRoute(HttpMethod.GET, "/pulls/{number:[0-9]+}", this::getPull);
        repoRoute(HttpMethod.PATCH, "/pulls/{number:[0-9]+}", this::editPull);
        repoRoute(HttpMethod.POST, "/pulls/{number:[0-9]+}", this::editPull);
        repoRoute(HttpMethod.GET, "/pulls/{number:[0-9]+}/files", this::pullFiles);
        repoRoute(HttpMethod.GET, "/pulls/{number:[0-9]+}/comments", this::pullReviewComments);
        repoRoute(HttpMethod.GET, "/commits", this::listCommits);
        repoRoute(HttpMethod.GET, "/commits/{ref:.+}/check-runs", this::checkRuns);
        repoRoute(HttpMethod.GET, "/tags", this::listTags);
        repoRoute(HttpMethod.GET, "/git/blobs/{sha}", this::getBlob);
        repoRoute(HttpMethod.POST, "/statuses/{sha}", this::createStatus);
        repoRoute(HttpMethod.GET, "/actions/workflows", this::listWorkflows);
        repoRoute(HttpMethod.GET, "/actions/workflows/{workflow}", this::getWorkflow);
        repoRoute(HttpMethod.POST, "/actions/workflows/{workflow}/dispatches", this::dispatch);
        repoRoute(HttpMethod.GET, "/actions/workflows/{workflow}/runs", this::listRuns);
        repoRoute(HttpMethod.GET, "/actions/runs", this::listRuns);
        repoRoute(HttpMethod.GET, "/actions/runs/{runId:[0-9]+}", this::getRun);
    }

    private void repoRoute(HttpMethod method, String suffixTemplate, RouteHandler handler) {
        onRegex(method, PREFIX + REPO + (suffixTemplate.isEmpty() ? "" : templateToRegex(suffixTemplate)), handler);
    }

    private synchronized void rateLimitStatus(RoutingContext ctx, PathParams p) {
        Integer limit = ctx.get("gh.limit");
        Integer usedNow = ctx.get("gh.used");
        Map<String, Object> core = obj("limit", limit, "used", usedNow, "remaining", Math.max(0, limit - usedNow),
                "reset", rateLimitReset.getEpochSecond());
        sendJson(ctx, 200, obj("resources", obj("core", core), "rate", core));
    }

    private synchronized Repo resolveRepo(RoutingContext ctx, PathParams p) {
        Repo found = null;
        if (p.has("repoId")) {
            long id = Long.parseLong(p.get("repoId"));
            found = repos.values().stream().filter(r -> r.id == id).findFirst().orElse(null);
        } else {
            found = repos.get((p.get("owner") + "/" + p.get("repo")).toLowerCase(Locale.ROOT));
        }
        if (found == null) {
            notFound(ctx);
        }
        return found;
    }

    private synchronized void getRepo(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo != null) {
            sendJson(ctx, 200, repoJson(ctx, repo));
        }
    }

    // ----------------------------------------------------------------- issues

    private synchronized void listIssues(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        String state = orDefault(query(ctx, "state"), "open");
        Set<String> labels = splitCsv(query(ctx, "labels"));
        String assignee = query(ctx, "assignee");
        String creator = query(ctx, "creator");
        Instant since = parseInstant(query(ctx, "since"));
        Predicate<Issue> filter = i -> state.equals("all") || i.state.equals(state);
        filter = filter.and(i -> i.labels.containsAll(labels));
        if (assignee != null) {
            filter = filter.and(i -> switch (assignee) {
                case "none" -> i.assignees.isEmpty();
                case "*" -> !i.assignees.isEmpty();
                default -> i.assignees.contains(assignee);
            });
        }
        if (creator != null) {
            filter = filter.and(i -> i.author.equals(creator));
        }
        if (since != null) {
            filter = filter.and(i -> !i.updatedAt.isBefore(since));
        }
        Comparator<Issue> order = switch (orDefault(query(ctx, "sort"), "created")) {
            case "updated" -> Comparator.comparing(i -> i.updatedAt);
            case "comments" -> Comparator.comparingInt(i -> i.comments.size());
            default -> Comparator.comparingInt(i -> i.number);
        };
        if (!"asc".equals(query(ctx, "direction"))) {
            order = order.reversed();
        }
        List<Issue> matching = repo.issues.values().stream().filter(filter).sorted(order).toList();
        String api = apiRoot(ctx);
        sendJson(ctx, 200, paginate(ctx, repo, matching).stream().map(i -> issueJson(api, repo, i)).toList());
    }

    private synchronized void createIssue(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        JsonNode body = requireObject(ctx);
        if (body == null) {
            return;
        }
        String title = text(body, "title");
        if (title == null || title.isBlank()) {
            validationFailed(ctx, "Issue", "title", "missing_field", "https://docs.github.com/rest/issues/issues#create-an-issue");
            return;
        }
        Issue issue = repo.newIssue(title, text(body, "body"), botLogin);
        issue.labels.addAll(labelNames(body.get("labels")));
        issue.assignees.addAll(strings(body.get("assignees")));
        if (text(body, "assignee") != null) {
            issue.assignees.add(text(body, "assignee"));
        }
        sendJson(ctx, 201, issueJson(apiRoot(ctx), repo, issue));
    }

    private synchronized void getIssue(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Issue issue = repo == null ? null : findIssue(ctx, repo, p);
        if (issue != null) {
            sendJson(ctx, 200, issueJson(apiRoot(ctx), repo, issue));
        }
    }

    private synchronized void editIssue(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Issue issue = repo == null ? null : findIssue(ctx, repo, p);
        if (issue == null) {
            return;
        }
        JsonNode body = requireObject(ctx);
        if (body == null || !applyCommonEdits(ctx, issue, body, "Issue")) {
            return;
        }
        if (body.has("labels")) {
            issue.labels.clear();
            issue.labels.addAll(labelNames(body.get("labels")));
        }
        if (body.has("assignees")) {
            issue.assignees.clear();
            issue.assignees.addAll(strings(body.get("assignees")));
        }
        sendJson(ctx, 200, issueJson(apiRoot(ctx), repo, issue));
    }

    private boolean applyCommonEdits(RoutingContext ctx, Issue issue, JsonNode body, String resource) {
        String state = text(body, "state");
        if (state != null && !state.equals("open") && !state.equals("closed")) {
            validationFailed(ctx, resource, "state", "invalid", DOCS);
            return false;
        }
        if (body.has("title")) {
            issue.title = text(body, "title");
        }
        if (body.has("body")) {
            issue.body = text(body, "body");
        }
        if (state != null) {
            issue.setState(state);
        }
        issue.updatedAt = now();
        return true;
    }

    private Issue findIssue(RoutingContext ctx, Repo repo, PathParams p) {
        Issue issue = repo.issues.get(Integer.parseInt(p.get("number")));
        if (issue == null) {
            notFound(ctx);
        }
        return issue;
    }

    private synchronized void listComments(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Issue issue = repo == null ? null : findIssue(ctx, repo, p);
        if (issue == null) {
            return;
        }
        Instant since = parseInstant(query(ctx, "since"));
        List<Comment> matching = issue.comments.stream().filter(c -> since == null || !c.createdAt.isBefore(since)).toList();
        String api = apiRoot(ctx);
        sendJson(ctx, 200, paginate(ctx, repo, matching).stream().map(c -> commentJson(api, repo, issue, c)).toList());
    }

    private synchronized void createComment(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Issue issue = repo == null ? null : findIssue(ctx, repo, p);
        if (issue == null) {
            return;
        }
        JsonNode body = requireObject(ctx);
        if (body == null) {
            return;
        }
        String text = text(body, "body");
        if (text == null || text.isEmpty()) {
            validationFailed(ctx, "IssueComment", "body", "missing_field",
                    "https://docs.github.com/rest/issues/comments#create-an-issue-comment");
            return;
        }
        Comment comment = new Comment(ids.incrementAndGet(), text, botLogin, now());
        issue.comments.add(comment);
        issue.updatedAt = comment.createdAt;
        sendJson(ctx, 201, commentJson(apiRoot(ctx), repo, issue, comment));
    }

    // ----------------------------------------------------------------- pulls

    private synchronized void listPulls(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        String state = orDefault(query(ctx, "state"), "open");
        if (!Set.of("open", "closed", "all").contains(state)) {
            validationFailed(ctx, "PullRequest", "state", "invalid", "https://docs.github.com/rest/pulls/pulls#list-pull-requests");
            return;
        }
        String head = query(ctx, "head");
        String base = query(ctx, "base");
        Predicate<Issue> filter = i -> i.pull != null && (state.equals("all") || i.state.equals(state));
        if (head != null) {
            String ref = head.contains(":") ? head.substring(head.indexOf(':') + 1) : head;
            filter = filter.and(i -> i.pull.headRef.equals(ref));
        }
        if (base != null) {
            filter = filter.and(i -> i.pull.baseRef.equals(base));
        }
        String sort = orDefault(query(ctx, "sort"), "created");
        Comparator<Issue> order = sort.equals("updated") ? Comparator.comparing(i -> i.updatedAt) : Comparator.comparingInt(i -> i.number);
        String direction = orDefault(query(ctx, "direction"), "desc");
        if (!direction.equals("asc")) {
            order = order.reversed();
        }
        List<Issue> matching = repo.issues.values().stream().filter(filter).sorted(order).toList();
        String api = apiRoot(ctx);
        sendJson(ctx, 200, paginate(ctx, repo, matching).stream().map(i -> pullJson(api, repo, i, false)).toList());
    }

    private Issue findPull(RoutingContext ctx, Repo repo, PathParams p) {
        Issue issue = repo.issues.get(Integer.parseInt(p.get("number")));
        if (issue == null || issue.pull == null) {
            notFound(ctx);
            return null;
        }
        return issue;
    }

    private synchronized void getPull(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Issue pull = repo == null ? null : findPull(ctx, repo, p);
        if (pull != null) {
            sendJson(ctx, 200, pullJson(apiRoot(ctx), repo, pull, true));
        }
    }

    private synchronized void editPull(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Issue pull = repo == null ? null : findPull(ctx, repo, p);
        if (pull == null) {
            return;
        }
        JsonNode body = requireObject(ctx);
        if (body == null || !applyCommonEdits(ctx, pull, body, "PullRequest")) {
            return;
        }
        if (text(body, "base") != null) {
            pull.pull.baseRef = text(body, "base");
        }
        sendJson(ctx, 200, pullJson(apiRoot(ctx), repo, pull, true));
    }

    private synchronized void pullFiles(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Issue pull = repo == null ? null : findPull(ctx, repo, p);
        if (pull == null) {
            return;
        }
        String api = apiRoot(ctx);
        List<Map<String, Object>> files = paginate(ctx, repo, pull.pull.files).stream().map(f -> obj(
                "sha", f.sha,
                "filename", f.filename,
                "status", f.status,
                "additions", f.content.split("\n", -1).length,
                "deletions", 0,
                "changes", f.content.split("\n", -1).length,
                "blob_url", htmlBase + "/" + repo.fullName() + "/blob/" + pull.pull.headSha + "/" + f.filename,
                "raw_url", htmlBase + "/" + repo.fullName() + "/raw/" + pull.pull.headSha + "/" + f.filename,
                "contents_url", api + "/repos/" + repo.fullName() + "/contents/" + f.filename + "?ref=" + pull.pull.headSha,
                "patch", "@@ -0,0 +1 @@\n+" + f.content.replace("\n", "\n+"))).toList();
        sendJson(ctx, 200, files);
    }

    /** Review (diff) comments are not modelled; the endpoint exists because camel-github polls it. */
    private synchronized void pullReviewComments(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Issue pull = repo == null ? null : findPull(ctx, repo, p);
        if (pull != null) {
            sendJson(ctx, 200, List.of());
        }
    }

    // ----------------------------------------------------------------- commits, tags, blobs, statuses, checks

    private synchronized void listCommits(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        String ref = orDefault(query(ctx, "sha"), repo.defaultBranch);
        String head = repo.resolve(ref);
        if (head == null) {
            sendJson(ctx, 404, error("No commit found for SHA: " + ref, "https://docs.github.com/rest/commits/commits#list-commits", 404));
            return;
        }
        List<Commit> history = new ArrayList<>();
        for (Commit c = repo.commits.get(head); c != null; c = c.parent == null ? null : repo.commits.get(c.parent)) {
            history.add(c);
        }
        String api = apiRoot(ctx);
        sendJson(ctx, 200, paginate(ctx, repo, history).stream().map(c -> commitJson(api, repo, c)).toList());
    }

    private synchronized void checkRuns(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        String ref = p.get("ref");
        String sha = repo.resolve(ref);
        if (sha == null) {
            sendJson(ctx, 422, error("No commit found for SHA: " + ref,
                    "https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference", 422));
            return;
        }
        String name = query(ctx, "check_name");
        String status = query(ctx, "status");
        List<CheckRun> matching = repo.checkRuns.stream()
                .filter(c -> c.headSha.equals(sha))
                .filter(c -> name == null || c.name.equals(name))
                .filter(c -> status == null || c.status.equals(status))
                .sorted(Comparator.comparingLong((CheckRun c) -> c.id).reversed())
                .toList();
        String api = apiRoot(ctx);
        List<Map<String, Object>> page = paginate(ctx, repo, matching).stream().map(c -> obj(
                "id", c.id,
                "node_id", "CR_" + c.id,
                "head_sha", c.headSha,
                "external_id", "",
                "url", api + "/repos/" + repo.fullName() + "/check-runs/" + c.id,
                "html_url", htmlBase + "/" + repo.fullName() + "/runs/" + c.id,
                "details_url", htmlBase + "/" + repo.fullName() + "/runs/" + c.id,
                "status", c.status,
                "conclusion", c.conclusion,
                "started_at", iso(c.startedAt),
                "completed_at", c.status.equals("completed") ? iso(c.completedAt) : null,
                "output", obj("title", c.conclusion == null ? null : c.name + " " + c.conclusion, "summary", c.summary,
                        "text", null, "annotations_count", 0,
                        "annotations_url", api + "/repos/" + repo.fullName() + "/check-runs/" + c.id + "/annotations"),
                "name", c.name,
                "check_suite", obj("id", c.id + 100_000),
                "app", obj("id", 15368, "slug", "github-actions", "name", "GitHub Actions"),
                "pull_requests", List.of())).toList();
        sendJson(ctx, 200, obj("total_count", matching.size(), "check_runs", page));
    }

    private synchronized void listTags(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        List<Map.Entry<String, String>> tags = new ArrayList<>(repo.tags.entrySet());
        Collections.reverse(tags);
        String api = apiRoot(ctx);
        sendJson(ctx, 200, paginate(ctx, repo, tags).stream().map(t -> obj(
                "name", t.getKey(),
                "zipball_url", api + "/repos/" + repo.fullName() + "/zipball/refs/tags/" + t.getKey(),
                "tarball_url", api + "/repos/" + repo.fullName() + "/tarball/refs/tags/" + t.getKey(),
                "commit", obj("sha", t.getValue(), "url", api + "/repos/" + repo.fullName() + "/commits/" + t.getValue()),
                "node_id", "REF_" + t.getKey())).toList());
    }

    private synchronized void getBlob(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        PrFile file = repo.blobs.get(p.get("sha"));
        if (file == null) {
            notFound(ctx);
            return;
        }
        byte[] bytes = file.content.getBytes(StandardCharsets.UTF_8);
        // GitHub wraps base64 blob content at 60 characters
        String encoded = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + "\n";
        sendJson(ctx, 200, obj("sha", file.sha, "node_id", "B_" + file.sha, "size", bytes.length,
                "url", apiRoot(ctx) + "/repos/" + repo.fullName() + "/git/blobs/" + file.sha,
                "content", encoded, "encoding", "base64"));
    }

    private synchronized void createStatus(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        String sha = p.get("sha");
        if (repo.resolve(sha) == null) {
            sendJson(ctx, 422, error("No commit found for SHA: " + sha,
                    "https://docs.github.com/rest/commits/statuses#create-a-commit-status", 422));
            return;
        }
        JsonNode body = requireObject(ctx);
        if (body == null) {
            return;
        }
        String state = text(body, "state");
        if (state == null || !Set.of("error", "failure", "pending", "success").contains(state)) {
            validationFailed(ctx, "Status", "state", state == null ? "missing_field" : "invalid",
                    "https://docs.github.com/rest/commits/statuses#create-a-commit-status");
            return;
        }
        long id = ids.incrementAndGet();
        String created = iso(now());
        Map<String, Object> status = obj(
                "url", apiRoot(ctx) + "/repos/" + repo.fullName() + "/statuses/" + repo.resolve(sha),
                "avatar_url", null,
                "id", id,
                "node_id", "SC_" + id,
                "state", state,
                "description", text(body, "description"),
                "target_url", text(body, "target_url"),
                "context", orDefault(text(body, "context"), "default"),
                "created_at", created,
                "updated_at", created,
                "creator", user(apiRoot(ctx), botLogin));
        repo.statuses.add(status);
        sendJson(ctx, 201, status);
    }

    // ----------------------------------------------------------------- actions

    private synchronized void listWorkflows(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        List<Workflow> all = new ArrayList<>(repo.workflows.values());
        String api = apiRoot(ctx);
        sendJson(ctx, 200, obj("total_count", all.size(),
                "workflows", paginate(ctx, repo, all).stream().map(w -> workflowJson(api, repo, w)).toList()));
    }

    private Workflow findWorkflow(RoutingContext ctx, Repo repo, PathParams p) {
        Workflow workflow = repo.workflow(p.get("workflow"));
        if (workflow == null) {
            notFound(ctx);
        }
        return workflow;
    }

    private synchronized void getWorkflow(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Workflow workflow = repo == null ? null : findWorkflow(ctx, repo, p);
        if (workflow != null) {
            sendJson(ctx, 200, workflowJson(apiRoot(ctx), repo, workflow));
        }
    }

    private synchronized void dispatch(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        Workflow workflow = repo == null ? null : findWorkflow(ctx, repo, p);
        if (workflow == null) {
            return;
        }
        JsonNode body = requireObject(ctx);
        if (body == null) {
            return;
        }
        String docs = "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event";
        Set<String> permitted = returnRunDetailsSupported ? Set.of("ref", "inputs", "return_run_details") : Set.of("ref", "inputs");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!permitted.contains(key)) {
                sendJson(ctx, 422, error("Invalid request.\n\n\"" + key + "\" is not a permitted key.", docs, 422));
                return;
            }
        }
        String ref = text(body, "ref");
        if (ref == null) {
            sendJson(ctx, 422, error("Invalid request.\n\n\"ref\" wasn't supplied.", docs, 422));
            return;
        }
        if (!workflow.dispatchable) {
            sendJson(ctx, 422, error("Workflow does not have 'workflow_dispatch' trigger", docs, 422));
            return;
        }
        String branch = ref.startsWith("refs/heads/") ? ref.substring(11) : ref.startsWith("refs/tags/") ? ref.substring(10) : ref;
        String sha = repo.branches.containsKey(branch) ? repo.branches.get(branch) : repo.tags.get(branch);
        if (sha == null) {
            sendJson(ctx, 422, error("No ref found for: " + ref, docs, 422));
            return;
        }
        JsonNode inputs = body.get("inputs");
        Map<String, String> given = new LinkedHashMap<>();
        if (inputs != null && !inputs.isNull()) {
            if (!inputs.isObject()) {
                sendJson(ctx, 422, error("Invalid request.\n\nFor 'properties/inputs', " + inputs + " is not an object.", docs, 422));
                return;
            }
            if (inputs.size() > MAX_DISPATCH_INPUTS) {
                sendJson(ctx, 422, error("Invalid request.\n\nFor 'properties/inputs', No more than " + MAX_DISPATCH_INPUTS
                        + " properties are allowed; " + inputs.size() + " were supplied.", docs, 422));
                return;
            }
            inputs.fields().forEachRemaining(e -> given.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        }
        List<String> unexpected = given.keySet().stream().filter(k -> !workflow.inputs.containsKey(k)).toList();
        if (!unexpected.isEmpty()) {
            sendJson(ctx, 422, error("Unexpected inputs provided: " + unexpected.stream().map(s -> "\"" + s + "\"")
                    .collect(Collectors.joining(", ", "[", "]")), docs, 422));
            return;
        }
        Map<String, String> effective = new LinkedHashMap<>();
        for (Map.Entry<String, WorkflowInput> e : workflow.inputs.entrySet()) {
            String value = given.containsKey(e.getKey()) ? given.get(e.getKey()) : e.getValue().defaultValue;
            if (value == null && e.getValue().required) {
                sendJson(ctx, 422, error("Required input '" + e.getKey() + "' not provided", docs, 422));
                return;
            }
            if (value != null) {
                effective.put(e.getKey(), value);
            }
        }
        Run run = new Run(ids.incrementAndGet(), workflow, ++workflow.runCounter, branch, sha, botLogin, effective, now());
        repo.runs.add(run);
        if (body.path("return_run_details").asBoolean(false)) {
            sendJson(ctx, 200, obj("workflow_run_id", run.id,
                    "run_url", apiRoot(ctx) + "/repos/" + repo.fullName() + "/actions/runs/" + run.id,
                    "html_url", htmlBase + "/" + repo.fullName() + "/actions/runs/" + run.id));
        } else {
            sendEmpty(ctx, 204);
        }
    }

    private synchronized void listRuns(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        Workflow only = null;
        if (p.has("workflow")) {
            only = findWorkflow(ctx, repo, p);
            if (only == null) {
                return;
            }
        }
        Workflow workflow = only;
        String branch = query(ctx, "branch");
        String event = query(ctx, "event");
        String status = query(ctx, "status");
        String actor = query(ctx, "actor");
        String headSha = query(ctx, "head_sha");
        Predicate<Instant> created = createdFilter(query(ctx, "created"));
        Instant now = now();
        List<Run> matching = repo.runs.stream()
                .filter(r -> workflow == null || r.workflow == workflow)
                .filter(r -> branch == null || r.headBranch.equals(branch))
                .filter(r -> event == null || event.equals("workflow_dispatch"))
                .filter(r -> status == null || status.equals(r.status(now)) || status.equals(r.conclusion(now)))
                .filter(r -> actor == null || r.actor.equals(actor))
                .filter(r -> headSha == null || r.headSha.equals(headSha))
                .filter(r -> created.test(r.createdAt))
                .sorted(Comparator.comparingLong((Run r) -> r.id).reversed())
                .toList();
        String api = apiRoot(ctx);
        sendJson(ctx, 200, obj("total_count", matching.size(),
                "workflow_runs", paginate(ctx, repo, matching).stream().map(r -> runJson(api, repo, r, now)).toList()));
    }

    private synchronized void getRun(RoutingContext ctx, PathParams p) {
        Repo repo = resolveRepo(ctx, p);
        if (repo == null) {
            return;
        }
        long id = Long.parseLong(p.get("runId"));
        Run run = repo.runs.stream().filter(r -> r.id == id).findFirst().orElse(null);
        if (run == null) {
            notFound(ctx);
            return;
        }
        sendJson(ctx, 200, runJson(apiRoot(ctx), repo, run, now()));
    }

    /** GitHub's {@code created} filter: {@code >=date}, {@code >date}, {@code <=date}, {@code <date}, {@code a..b} or a date. */
    private static Predicate<Instant> createdFilter(String spec) {
        if (spec == null || spec.isBlank()) {
            return t -> true;
        }
        if (spec.contains("..")) {
            Instant from = parseLoose(spec.substring(0, spec.indexOf("..")));
            Instant to = parseLoose(spec.substring(spec.indexOf("..") + 2));
            return t -> !t.isBefore(from) && !t.isAfter(to);
        }
        if (spec.startsWith(">=")) {
            Instant from = parseLoose(spec.substring(2));
            return t -> !t.isBefore(from);
        }
        if (spec.startsWith(">")) {
            Instant from = parseLoose(spec.substring(1));
            return t -> t.isAfter(from);
        }
        if (spec.startsWith("<=")) {
            Instant to = parseLoose(spec.substring(2));
            return t -> !t.isAfter(to);
        }
        if (spec.startsWith("<")) {
            Instant to = parseLoose(spec.substring(1));
            return t -> t.isBefore(to);
        }
        Instant day = parseLoose(spec);
        return t -> !t.isBefore(day) && t.isBefore(day.plus(Duration.ofDays(1)));
    }

    private static Instant parseLoose(String s) {
        return s.length() == 10 ? Instant.parse(s + "T00:00:00Z") : Instant.parse(s);
    }

    // ================================================================= JSON representations

    private Map<String, Object> user(String api, String login) {
        long id = Math.abs(login.hashCode() % 1_000_000) + 1;
        return obj("login", login, "id", id, "node_id", "U_" + id,
                "avatar_url", "https://avatars.githubusercontent.com/u/" + id + "?v=4", "gravatar_id", "",
                "url", api + "/users/" + login, "html_url", htmlBase + "/" + login,
                "type", login.endsWith("[bot]") ? "Bot" : "User", "site_admin", false);
    }

    private Map<String, Object> repoJson(RoutingContext ctx, Repo repo) {
        String api = apiRoot(ctx);
        long openIssues = repo.issues.values().stream().filter(i -> i.state.equals("open")).count();
        String created = iso(repo.createdAt);
        return obj("id", repo.id, "node_id", "R_" + repo.id, "name", repo.name, "full_name", repo.fullName(),
                "private", true, "owner", user(api, repo.owner),
                "html_url", htmlBase + "/" + repo.fullName(), "description", null, "fork", false,
                "url", api + "/repos/" + repo.fullName(),
                "clone_url", htmlBase + "/" + repo.fullName() + ".git",
                "created_at", created, "updated_at", created, "pushed_at", created,
                "size", 1, "watchers_count", 0, "watchers", 0, "forks_count", 0, "forks", 0,
                "open_issues_count", openIssues, "open_issues", openIssues,
                "has_issues", true, "archived", false, "disabled", false, "visibility", "private",
                "default_branch", repo.defaultBranch,
                "permissions", obj("admin", false, "maintain", false, "push", true, "triage", true, "pull", true));
    }

    private Map<String, Object> issueJson(String api, Repo repo, Issue i) {
        String repoApi = api + "/repos/" + repo.fullName();
        Map<String, Object> json = obj(
                "url", repoApi + "/issues/" + i.number,
                "repository_url", repoApi,
                "labels_url", repoApi + "/issues/" + i.number + "/labels{/name}",
                "comments_url", repoApi + "/issues/" + i.number + "/comments",
                "events_url", repoApi + "/issues/" + i.number + "/events",
                "html_url", htmlBase + "/" + repo.fullName() + (i.pull == null ? "/issues/" : "/pull/") + i.number,
                "id", i.id,
                "node_id", (i.pull == null ? "I_" : "PR_") + i.id,
                "number", i.number,
                "title", i.title,
                "user", user(api, i.author),
                "labels", i.labels.stream().map(l -> labelJson(repoApi, l)).toList(),
                "state", i.state,
                "locked", false,
                "assignee", i.assignees.isEmpty() ? null : user(api, i.assignees.get(0)),
                "assignees", i.assignees.stream().map(a -> user(api, a)).toList(),
                "milestone", null,
                "comments", i.comments.size(),
                "created_at", iso(i.createdAt),
                "updated_at", iso(i.updatedAt),
                "closed_at", iso(i.closedAt),
                "author_association", "NONE",
                "state_reason", i.state.equals("closed") ? "completed" : null,
                "body", i.body);
        if (i.pull != null) {
            json.put("draft", i.pull.draft);
            json.put("pull_request", obj(
                    "url", repoApi + "/pulls/" + i.number,
                    "html_url", htmlBase + "/" + repo.fullName() + "/pull/" + i.number,
                    "diff_url", htmlBase + "/" + repo.fullName() + "/pull/" + i.number + ".diff",
                    "patch_url", htmlBase + "/" + repo.fullName() + "/pull/" + i.number + ".patch",
                    "merged_at", iso(i.pull.mergedAt)));
        }
        return json;
    }

    private static Map<String, Object> labelJson(String repoApi, String name) {
        long id = Math.abs(name.hashCode()) + 1L;
        return obj("id", id, "node_id", "LA_" + id, "url", repoApi + "/labels/" + name, "name", name,
                "color", "ededed", "default", false, "description", null);
    }

    private Map<String, Object> commentJson(String api, Repo repo, Issue issue, Comment c) {
        String repoApi = api + "/repos/" + repo.fullName();
        return obj("id", c.id, "node_id", "IC_" + c.id,
                "url", repoApi + "/issues/comments/" + c.id,
                "html_url", htmlBase + "/" + repo.fullName() + (issue.pull == null ? "/issues/" : "/pull/") + issue.number
                        + "#issuecomment-" + c.id,
                "issue_url", repoApi + "/issues/" + issue.number,
                "body", c.body, "user", user(api, c.author),
                "created_at", iso(c.createdAt), "updated_at", iso(c.createdAt),
                "author_association", "NONE", "performed_via_github_app", null);
    }

    private Map<String, Object> pullJson(String api, Repo repo, Issue i, boolean full) {
        String repoApi = api + "/repos/" + repo.fullName();
        String html = htmlBase + "/" + repo.fullName() + "/pull/" + i.number;
        Map<String, Object> json = obj(
                "url", repoApi + "/pulls/" + i.number,
                "id", i.id,
                "node_id", "PR_" + i.id,
                "html_url", html,
                "diff_url", html + ".diff",
                "patch_url", html + ".patch",
                "issue_url", repoApi + "/issues/" + i.number,
                "number", i.number,
                "state", i.state,
                "locked", false,
                "title", i.title,
                "user", user(api, i.author),
                "body", i.body,
                "created_at", iso(i.createdAt),
                "updated_at", iso(i.updatedAt),
                "closed_at", iso(i.closedAt),
                "merged_at", iso(i.pull.mergedAt),
                "merge_commit_sha", i.pull.mergedAt == null ? null : i.pull.headSha,
                "assignee", i.assignees.isEmpty() ? null : user(api, i.assignees.get(0)),
                "assignees", i.assignees.stream().map(a -> user(api, a)).toList(),
                "requested_reviewers", List.of(),
                "labels", i.labels.stream().map(l -> labelJson(repoApi, l)).toList(),
                "milestone", null,
                "draft", i.pull.draft,
                "head", marker(api, repo, i.pull.headRef, i.pull.headSha),
                "base", marker(api, repo, i.pull.baseRef, repo.branches.getOrDefault(i.pull.baseRef, i.pull.headSha)),
                "author_association", "NONE",
                "auto_merge", null);
        if (full) {
            json.put("merged", i.pull.mergedAt != null);
            json.put("mergeable", i.pull.mergedAt == null && i.state.equals("open") ? Boolean.TRUE : null);
            json.put("rebaseable", i.pull.mergedAt == null && i.state.equals("open") ? Boolean.TRUE : null);
            json.put("mergeable_state", i.pull.mergedAt != null ? "unknown" : i.pull.draft ? "draft" : "clean");
            json.put("merged_by", i.pull.mergedAt == null ? null : user(api, botLogin));
            json.put("comments", i.comments.size());
            json.put("review_comments", 0);
            json.put("maintainer_can_modify", false);
            json.put("commits", 1);
            json.put("additions", i.pull.files.size());
            json.put("deletions", 0);
            json.put("changed_files", i.pull.files.size());
        }
        return json;
    }

    private Map<String, Object> marker(String api, Repo repo, String ref, String sha) {
        return obj("label", repo.owner + ":" + ref, "ref", ref, "sha", sha, "user", user(api, repo.owner),
                "repo", obj("id", repo.id, "node_id", "R_" + repo.id, "name", repo.name, "full_name", repo.fullName(),
                        "private", true, "owner", user(api, repo.owner), "html_url", htmlBase + "/" + repo.fullName(),
                        "url", api + "/repos/" + repo.fullName(), "default_branch", repo.defaultBranch));
    }

    private Map<String, Object> commitJson(String api, Repo repo, Commit c) {
        String repoApi = api + "/repos/" + repo.fullName();
        Map<String, Object> person = obj("name", c.authorName, "email", c.authorLogin + "@users.noreply.github.com",
                "date", iso(c.date));
        return obj("sha", c.sha, "node_id", "C_" + c.sha,
                "commit", obj("author", person, "committer", person, "message", c.message,
                        "tree", obj("sha", sha1("tree:" + c.sha), "url", repoApi + "/git/trees/" + sha1("tree:" + c.sha)),
                        "url", repoApi + "/git/commits/" + c.sha, "comment_count", 0,
                        "verification", obj("verified", false, "reason", "unsigned", "signature", null, "payload", null)),
                "url", repoApi + "/commits/" + c.sha,
                "html_url", htmlBase + "/" + repo.fullName() + "/commit/" + c.sha,
                "comments_url", repoApi + "/commits/" + c.sha + "/comments",
                "author", user(api, c.authorLogin),
                "committer", user(api, c.authorLogin),
                "parents", c.parent == null ? List.of() : List.of(obj("sha", c.parent, "url", repoApi + "/commits/" + c.parent,
                        "html_url", htmlBase + "/" + repo.fullName() + "/commit/" + c.parent)));
    }

    private Map<String, Object> workflowJson(String api, Repo repo, Workflow w) {
        String created = iso(w.createdAt);
        return obj("id", w.id, "node_id", "W_" + w.id, "name", w.name, "path", w.path, "state", "active",
                "created_at", created, "updated_at", created,
                "url", api + "/repos/" + repo.fullName() + "/actions/workflows/" + w.id,
                "html_url", htmlBase + "/" + repo.fullName() + "/blob/" + repo.defaultBranch + "/" + w.path,
                "badge_url", htmlBase + "/" + repo.fullName() + "/workflows/" + w.name + "/badge.svg");
    }

    private Map<String, Object> runJson(String api, Repo repo, Run r, Instant now) {
        String repoApi = api + "/repos/" + repo.fullName();
        String status = r.status(now);
        return obj("id", r.id, "name", r.workflow.name, "node_id", "WFR_" + r.id,
                "head_branch", r.headBranch, "head_sha", r.headSha, "path", r.workflow.path,
                "display_title", r.workflow.name, "run_number", r.runNumber, "event", "workflow_dispatch",
                "status", status, "conclusion", r.conclusion(now), "workflow_id", r.workflow.id,
                "check_suite_id", r.id + 100_000, "url", repoApi + "/actions/runs/" + r.id,
                "html_url", htmlBase + "/" + repo.fullName() + "/actions/runs/" + r.id,
                "pull_requests", List.of(),
                "created_at", iso(r.createdAt), "updated_at", iso(r.updatedAt(now)),
                "actor", user(api, r.actor), "triggering_actor", user(api, r.actor),
                "run_attempt", 1, "run_started_at", iso(r.createdAt),
                "jobs_url", repoApi + "/actions/runs/" + r.id + "/jobs",
                "logs_url", repoApi + "/actions/runs/" + r.id + "/logs",
                "cancel_url", repoApi + "/actions/runs/" + r.id + "/cancel",
                "rerun_url", repoApi + "/actions/runs/" + r.id + "/rerun",
                "workflow_url", repoApi + "/actions/workflows/" + r.workflow.id,
                "repository", obj("id", repo.id, "name", repo.name, "full_name", repo.fullName(),
                        "owner", user(api, repo.owner), "private", true));
    }

    // ================================================================= helpers

    /** The API root the request came through, so returned URLs lead back to the same prefix. */
    private String apiRoot(RoutingContext ctx) {
        return ctx.request().path().startsWith(ENTERPRISE_PREFIX + "/") || ctx.request().path().equals(ENTERPRISE_PREFIX)
                ? rootUrl() + ENTERPRISE_PREFIX : rootUrl();
    }

    /**
     * Slices by {@code per_page} (default 30, capped at 100) and {@code page} and sets the {@code Link} header.
     * Like github.com, repository links use the {@code /repositories/{id}} form, so clients must follow them as
     * opaque URLs rather than rebuild them.
     */
    private <T> List<T> paginate(RoutingContext ctx, Repo repo, List<T> all) {
        int perPage = parseIntOr(query(ctx, "per_page"), 30);
        perPage = perPage < 1 ? 30 : Math.min(perPage, 100);
        int page = Math.max(1, parseIntOr(query(ctx, "page"), 1));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        if (last > 1 || page > 1) {
            String path = ctx.request().path().replaceFirst("^(/api/v3)?/repos/[^/]+/[^/]+", "$1/repositories/" + repo.id);
            String others = ctx.request().query() == null ? "" : java.util.Arrays.stream(ctx.request().query().split("&"))
                    .filter(s -> !s.isEmpty() && !s.startsWith("page="))
                    .collect(Collectors.joining("&"));
            String base = rootUrl() + path + "?" + (others.isEmpty() ? "" : others + "&") + "page=";
            List<String> links = new ArrayList<>();
            if (page > 1) {
                links.add("<" + base + Math.min(page - 1, last) + ">; rel=\"prev\"");
            }
            if (page < last) {
                links.add("<" + base + (page + 1) + ">; rel=\"next\"");
                links.add("<" + base + last + ">; rel=\"last\"");
            }
            if (page > 1) {
                links.add("<" + base + 1 + ">; rel=\"first\"");
            }
            if (!links.isEmpty()) {
                ctx.response().putHeader("Link", String.join(", ", links));
            }
        }
        int from = Math.min(all.size(), (page - 1) * perPage);
        return all.subList(from, Math.min(all.size(), from + perPage));
    }

    private JsonNode requireObject(RoutingContext ctx) {
        JsonBody body = readJson(ctx);
        if (body.invalid() || (body.node() != null && !body.isObject())) {
            sendJson(ctx, 400, error("Problems parsing JSON", DOCS, 400));
            return null;
        }
        return body.missing() ? JSON.createObjectNode() : body.node();
    }

    private void validationFailed(RoutingContext ctx, String resource, String field, String code, String docs) {
        sendJson(ctx, 422, obj("message", "Validation Failed",
                "errors", List.of(obj("resource", resource, "field", field, "code", code)),
                "documentation_url", docs, "status", "422"));
    }

    private static List<String> labelNames(JsonNode labels) {
        List<String> out = new ArrayList<>();
        if (labels != null && labels.isArray()) {
            labels.forEach(l -> out.add(l.isObject() ? l.path("name").asText() : l.asText()));
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Set<String> splitCsv(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static Instant parseInstant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static int parseIntOr(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** GitHub timestamps: ISO-8601 in UTC with second precision, e.g. {@code 2026-01-01T00:00:00Z}. */
    static String iso(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Instant now() {
        return Instant.now();
    }

    static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ================================================================= seeded model

    /** A repository. Mutators are safe to call while the fake is serving. */
    public final class Repo {
        private final long id;
        private final String owner;
        private final String name;
        private final Instant createdAt = now();
        private final Map<String, Commit> commits = new LinkedHashMap<>();
        private final Map<String, String> branches = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<Integer, Issue> issues = new LinkedHashMap<>();
        private final Map<String, Workflow> workflows = new LinkedHashMap<>();
        private final List<Run> runs = new ArrayList<>();
        private final List<CheckRun> checkRuns = new ArrayList<>();
        private final Map<String, PrFile> blobs = new LinkedHashMap<>();
        private final List<Map<String, Object>> statuses = new ArrayList<>();
        private String defaultBranch = "main";
        private int nextNumber = 1;

        private Repo(long id, String owner, String name) {
            this.id = id;
            this.owner = owner;
            this.name = name;
            addCommit("main", "Initial commit", owner);
        }

        public long id() {
            return id;
        }

        public String fullName() {
            return owner + "/" + name;
        }

        public String defaultBranch() {
            synchronized (FakeGitHub.this) {
                return defaultBranch;
            }
        }

        public Repo defaultBranch(String branch) {
            synchronized (FakeGitHub.this) {
                if (!branches.containsKey(branch)) {
                    addBranch(branch);
                }
                defaultBranch = branch;
                return this;
            }
        }

        /** Creates a branch at the head of the default branch. */
        public Repo addBranch(String branch) {
            synchronized (FakeGitHub.this) {
                branches.putIfAbsent(branch, branches.get(defaultBranch));
                return this;
            }
        }

        public String addCommit(String branch, String message) {
            return addCommit(branch, message, "octocat");
        }

        /** Adds a commit on top of {@code branch} (created from the default branch if missing); returns its SHA. */
        public String addCommit(String branch, String message, String authorLogin) {
            synchronized (FakeGitHub.this) {
                String parent = branches.containsKey(branch) ? branches.get(branch) : branches.get(defaultBranch);
                Commit commit = new Commit(sha1(fullName() + ":" + branch + ":" + commits.size() + ":" + message), message,
                        authorLogin, authorLogin, now(), parent);
                commits.put(commit.sha, commit);
                branches.put(branch, commit.sha);
                return commit.sha;
            }
        }

        public String headSha(String branch) {
            synchronized (FakeGitHub.this) {
                return branches.get(branch);
            }
        }

        public Repo addTag(String tag) {
            synchronized (FakeGitHub.this) {
                return addTag(tag, branches.get(defaultBranch));
            }
        }

        public Repo addTag(String tag, String sha) {
            synchronized (FakeGitHub.this) {
                if (!commits.containsKey(sha)) {
                    throw new IllegalArgumentException("unknown commit " + sha);
                }
                tags.put(tag, sha);
                return this;
            }
        }

        public Issue addIssue(String title, String body, String... labels) {
            synchronized (FakeGitHub.this) {
                Issue issue = newIssue(title, body, "octocat");
                issue.labels.addAll(List.of(labels));
                return issue;
            }
        }

        /** Opens a pull request from {@code headRef} (created with one commit if missing) into {@code baseRef}. */
        public Issue addPullRequest(String title, String headRef, String baseRef) {
            synchronized (FakeGitHub.this) {
                if (!branches.containsKey(headRef)) {
                    addCommit(headRef, title);
                }
                Issue issue = newIssue(title, "", "octocat");
                issue.pull = new PullInfo(headRef, branches.get(headRef), baseRef);
                return issue;
            }
        }

        public Workflow addWorkflow(String fileName, String workflowName) {
            synchronized (FakeGitHub.this) {
                Workflow workflow = new Workflow(ids.incrementAndGet(), ".github/workflows/" + fileName, workflowName);
                workflows.put(Long.toString(workflow.id), workflow);
                return workflow;
            }
        }

        /** A check run on the commit {@code ref} resolves to; {@code conclusion} only counts when completed. */
        public CheckRun addCheckRun(String ref, String checkName, String status, String conclusion) {
            synchronized (FakeGitHub.this) {
                String sha = resolve(ref);
                if (sha == null) {
                    throw new IllegalArgumentException("unknown ref " + ref);
                }
                CheckRun run = new CheckRun(ids.incrementAndGet(), sha, checkName, status, conclusion);
                checkRuns.add(run);
                return run;
            }
        }

        public Issue issue(int number) {
            synchronized (FakeGitHub.this) {
                Issue issue = issues.get(number);
                if (issue == null) {
                    throw new IllegalArgumentException("no issue #" + number);
                }
                return issue;
            }
        }

        public List<Issue> issues() {
            synchronized (FakeGitHub.this) {
                return List.copyOf(issues.values());
            }
        }

        public List<Run> runs() {
            synchronized (FakeGitHub.this) {
                return List.copyOf(runs);
            }
        }

        /** Commit statuses created through the API, as returned to the client. */
        public List<Map<String, Object>> statuses() {
            synchronized (FakeGitHub.this) {
                return List.copyOf(statuses);
            }
        }

        private Issue newIssue(String title, String body, String author) {
            Issue issue = new Issue(ids.incrementAndGet(), nextNumber++, title, body, author, this);
            issues.put(issue.number, issue);
            return issue;
        }

        private Workflow workflow(String idOrFile) {
            Workflow byId = workflows.get(idOrFile);
            if (byId != null) {
                return byId;
            }
            return workflows.values().stream().filter(w -> w.path.equals(".github/workflows/" + idOrFile)).findFirst().orElse(null);
        }

        /** Branch, tag, full SHA or an unambiguous SHA prefix of at least 7 characters. */
        private String resolve(String ref) {
            String r = ref.startsWith("refs/heads/") ? ref.substring(11) : ref.startsWith("refs/tags/") ? ref.substring(10) : ref;
            if (branches.containsKey(r)) {
                return branches.get(r);
            }
            if (tags.containsKey(r)) {
                return tags.get(r);
            }
            if (commits.containsKey(r)) {
                return r;
            }
            if (r.length() >= 7 && r.matches("[0-9a-f]+")) {
                List<String> candidates = commits.keySet().stream().filter(s -> s.startsWith(r)).toList();
                return candidates.size() == 1 ? candidates.get(0) : null;
            }
            return null;
        }
    }

    /** An issue, or a pull request (GitHub numbers both from one sequence; PRs are issues with a pull part). */
    public final class Issue {
        private final long id;
        private final int number;
        private final String author;
        private final Repo repo;
        private final Instant createdAt = now();
        private final List<String> labels = new ArrayList<>();
        private final List<String> assignees = new ArrayList<>();
        private final List<Comment> comments = new ArrayList<>();
        private String title;
        private String body;
        private String state = "open";
        private Instant updatedAt = createdAt;
        private Instant closedAt;
        private PullInfo pull;

        private Issue(long id, int number, String title, String body, String author, Repo repo) {
            this.id = id;
            this.number = number;
            this.title = title;
            this.body = body;
            this.author = author;
            this.repo = repo;
        }

        public int number() {
            return number;
        }

        public String title() {
            synchronized (FakeGitHub.this) {
                return title;
            }
        }

        public String body() {
            synchronized (FakeGitHub.this) {
                return body;
            }
        }

        public String state() {
            synchronized (FakeGitHub.this) {
                return state;
            }
        }

        public List<String> labels() {
            synchronized (FakeGitHub.this) {
                return List.copyOf(labels);
            }
        }

        public List<String> assignees() {
            synchronized (FakeGitHub.this) {
                return List.copyOf(assignees);
            }
        }

        public boolean isPullRequest() {
            return pull != null;
        }

        /** Bodies of the issue comments, oldest first. */
        public List<String> comments() {
            synchronized (FakeGitHub.this) {
                return comments.stream().map(c -> c.body).toList();
            }
        }

        public Issue addComment(String author, String text) {
            synchronized (FakeGitHub.this) {
                comments.add(new Comment(ids.incrementAndGet(), text, author, now()));
                return this;
            }
        }

        public Issue assign(String login) {
            synchronized (FakeGitHub.this) {
                assignees.add(login);
                return this;
            }
        }

        public Issue close() {
            synchronized (FakeGitHub.this) {
                setState("closed");
                return this;
            }
        }

        public Issue draft(boolean draft) {
            synchronized (FakeGitHub.this) {
                requirePull().draft = draft;
                return this;
            }
        }

        public Issue merge() {
            synchronized (FakeGitHub.this) {
                requirePull().mergedAt = now();
                setState("closed");
                repo.branches.put(pull.baseRef, pull.headSha);
                return this;
            }
        }

        /** Adds a changed file to the pull request; its blob becomes readable via {@code git/blobs/{sha}}. */
        public String addFile(String filename, String content) {
            synchronized (FakeGitHub.this) {
                PrFile file = new PrFile(sha1("blob:" + filename + ":" + content), filename, "added", content);
                requirePull().files.add(file);
                repo.blobs.put(file.sha, file);
                return file.sha;
            }
        }

        public String headSha() {
            synchronized (FakeGitHub.this) {
                return requirePull().headSha;
            }
        }

        private PullInfo requirePull() {
            if (pull == null) {
                throw new IllegalStateException("#" + number + " is not a pull request");
            }
            return pull;
        }

        private void setState(String newState) {
            if (!newState.equals(state)) {
                state = newState;
                closedAt = newState.equals("closed") ? now() : null;
                updatedAt = now();
            }
        }
    }

    /** A workflow file. Runs created by dispatch move queued → in_progress → completed on the wall clock. */
    public final class Workflow {
        private final long id;
        private final String path;
        private final String name;
        private final Instant createdAt = now();
        private final Map<String, WorkflowInput> inputs = new LinkedHashMap<>();
        private boolean dispatchable = true;
        private Duration queuedFor = Duration.ofMillis(200);
        private Duration runningFor = Duration.ofMillis(500);
        private String conclusion = "success";
        private int runCounter;

        private Workflow(long id, String path, String name) {
            this.id = id;
            this.path = path;
            this.name = name;
        }

        public long id() {
            return id;
        }

        public String path() {
            return path;
        }

        /** The workflow has no {@code on: workflow_dispatch}: dispatches get GitHub's 422. */
        public Workflow withoutDispatchTrigger() {
            synchronized (FakeGitHub.this) {
                dispatchable = false;
                return this;
            }
        }

        /** Declares a {@code workflow_dispatch} input; omitted inputs take {@code defaultValue}. */
        public Workflow input(String inputName, boolean required, String defaultValue) {
            synchronized (FakeGitHub.this) {
                inputs.put(inputName, new WorkflowInput(required, defaultValue));
                return this;
            }
        }

        public Workflow timings(Duration queued, Duration running) {
            synchronized (FakeGitHub.this) {
                queuedFor = queued;
                runningFor = running;
                return this;
            }
        }

        /** Conclusion of runs dispatched from now on ({@code success}, {@code failure}, {@code cancelled}...). */
        public Workflow conclusion(String value) {
            synchronized (FakeGitHub.this) {
                conclusion = value;
                return this;
            }
        }
    }

    private record WorkflowInput(boolean required, String defaultValue) {
    }

    /** One workflow run; status is derived from the time elapsed since dispatch. */
    public final class Run {
        private final long id;
        private final Workflow workflow;
        private final int runNumber;
        private final String headBranch;
        private final String headSha;
        private final String actor;
        private final Map<String, String> inputs;
        private final Instant createdAt;
        private final Duration queuedFor;
        private final Duration runningFor;
        private final String finalConclusion;

        private Run(long id, Workflow workflow, int runNumber, String headBranch, String headSha, String actor,
                    Map<String, String> inputs, Instant createdAt) {
            this.id = id;
            this.workflow = workflow;
            this.runNumber = runNumber;
            this.headBranch = headBranch;
            this.headSha = headSha;
            this.actor = actor;
            this.inputs = Map.copyOf(inputs);
            this.createdAt = createdAt;
            this.queuedFor = workflow.queuedFor;
            this.runningFor = workflow.runningFor;
            this.finalConclusion = workflow.conclusion;
        }

        public long id() {
            return id;
        }

        public String headBranch() {
            return headBranch;
        }

        /** Inputs as GitHub passed them to the workflow (given values plus defaults). */
        public Map<String, String> inputs() {
            return inputs;
        }

        public String status() {
            return status(now());
        }

        private String status(Instant now) {
            if (now.isBefore(createdAt.plus(queuedFor))) {
                return "queued";
            }
            return now.isBefore(createdAt.plus(queuedFor).plus(runningFor)) ? "in_progress" : "completed";
        }

        private String conclusion(Instant now) {
            return status(now).equals("completed") ? finalConclusion : null;
        }

        private Instant updatedAt(Instant now) {
            return switch (status(now)) {
                case "queued" -> createdAt;
                case "in_progress" -> createdAt.plus(queuedFor);
                default -> createdAt.plus(queuedFor).plus(runningFor);
            };
        }
    }

    /** A check run as GitHub Actions or another app reported it. */
    public final class CheckRun {
        private final long id;
        private final String headSha;
        private final String name;
        private final Instant startedAt = now();
        private String status;
        private String conclusion;
        private Instant completedAt;
        private String summary = "";

        private CheckRun(long id, String headSha, String name, String status, String conclusion) {
            this.id = id;
            this.headSha = headSha;
            this.name = name;
            this.status = status;
            this.conclusion = status.equals("completed") ? conclusion : null;
            this.completedAt = status.equals("completed") ? startedAt : null;
        }

        public CheckRun complete(String newConclusion) {
            synchronized (FakeGitHub.this) {
                status = "completed";
                conclusion = newConclusion;
                completedAt = now();
                return this;
            }
        }

        public CheckRun summary(String text) {
            synchronized (FakeGitHub.this) {
                summary = text;
                return this;
            }
        }
    }

    private static final class PullInfo {
        private final String headRef;
        private final String headSha;
        private final List<PrFile> files = new ArrayList<>();
        private String baseRef;
        private boolean draft;
        private Instant mergedAt;

        private PullInfo(String headRef, String headSha, String baseRef) {
            this.headRef = headRef;
            this.headSha = headSha;
            this.baseRef = baseRef;
        }
    }

    private record Comment(long id, String body, String author, Instant createdAt) {
    }

    private record Commit(String sha, String message, String authorName, String authorLogin, Instant date, String parent) {
    }

    private record PrFile(String sha, String filename, String status, String content) {
    }
}
