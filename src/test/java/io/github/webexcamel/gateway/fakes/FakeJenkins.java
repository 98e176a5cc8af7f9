package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jenkins remote-access-API fake (backend-protocols.md section 1, checklist 1.8).
 *
 * <p>Builds are driven by the wall clock: a triggered build waits in the queue for the job's quiet period (or
 * {@code delay=}), then runs for the job's build duration, then has its result. Nothing runs in the
 * background; the state is worked out from timestamps whenever a request or accessor looks at it.
 *
 * <p>Authentication is Basic {@code user:apiToken} (no crumb needed, as since Jenkins 2.96) or
 * {@code user:password} (crumb bound to the JSESSIONID of the session that fetched it).
 * {@link #legacyCrumbsForApiTokens(boolean)} models older controllers where API-token POSTs need a crumb too.
 */
public final class FakeJenkins extends FakeServer<FakeJenkins> {

    public static final String DEFAULT_USER = "chatops-bot";
    public static final String DEFAULT_API_TOKEN = "11a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
    public static final String DEFAULT_PASSWORD = "chatops-password";
    public static final String VERSION = "2.528.3";
    public static final String CRUMB_FIELD = "Jenkins-Crumb";
    private static final String NO_CRUMB = "No valid crumb was included in the request";
    private static final Set<String> PERMALINKS = Set.of("lastBuild", "lastCompletedBuild", "lastSuccessfulBuild",
            "lastFailedBuild", "lastStableBuild", "lastUnsuccessfulBuild", "lastUnstableBuild");
    private static final String JOB = "(?<job>(?:/job/[^/]+)+)";

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<Long, QueueItem> queue = new LinkedHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final String salt = UUID.randomUUID().toString();
    private final String instanceSession = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, 4);
    private String user = DEFAULT_USER;
    private String apiToken = DEFAULT_API_TOKEN;
    private String password = DEFAULT_PASSWORD;
    private boolean crumbIssuer = true;
    private boolean legacyCrumbs;
    private boolean anonymousRead;
    private Duration defaultQuietPeriod = Duration.ofMillis(300);
    private Duration defaultBuildDuration = Duration.ofMillis(500);
    private Duration leftItemRetention = Duration.ofMinutes(5);
    private long nextQueueId = 1;

    public FakeJenkins() {
        super("FakeJenkins");
    }

    // ================================================================= configuration

    /** The Jenkins root URL, without trailing slash. */
    @Override
    public String baseUrl() {
        return rootUrl();
    }

    public synchronized FakeJenkins credentials(String userName, String token) {
        this.user = userName;
        this.apiToken = token;
        return this;
    }

    /** The user's password, for clients that log in with it (and therefore need a session-bound crumb). */
    public synchronized FakeJenkins password(String value) {
        this.password = value;
        return this;
    }

    /** Turns the CSRF crumb issuer off: {@code /crumbIssuer/api/json} is then a 404 and no POST is checked. */
    public synchronized FakeJenkins crumbIssuer(boolean enabled) {
        this.crumbIssuer = enabled;
        return this;
    }

    /** Jenkins before 2.96: every POST needs a crumb, API token or not (crumbs not tied to a session then). */
    public synchronized FakeJenkins legacyCrumbsForApiTokens(boolean enabled) {
        this.legacyCrumbs = enabled;
        return this;
    }

    /** Lets anonymous GETs through (instances with "anonymous read" granted). */
    public synchronized FakeJenkins anonymousRead(boolean enabled) {
        this.anonymousRead = enabled;
        return this;
    }

    /** Defaults for jobs added afterwards. */
    public synchronized FakeJenkins defaultTimings(Duration quietPeriod, Duration buildDuration) {
        this.defaultQuietPeriod = quietPeriod;
        this.defaultBuildDuration = buildDuration;
        return this;
    }

    /** How long a left queue item stays readable (Jenkins: 5 minutes); shorten to test the 404 fallback. */
    public synchronized FakeJenkins leftItemRetention(Duration retention) {
        this.leftItemRetention = retention;
        return this;
    }

    /** Adds a freestyle job; {@code fullName} may contain folders, e.g. {@code "team/app/deploy"}. */
    public synchronized Job addJob(String fullName) {
        return addJob(fullName, false);
    }

    /** Adds a job; a parameterized one gets its parameters from {@link Job#stringParam} and friends. */
    public synchronized Job addJob(String fullName, boolean parameterized) {
        if (jobs.containsKey(fullName)) {
            throw new IllegalArgumentException("job exists: " + fullName);
        }
        Job job = new Job(fullName, parameterized);
        jobs.put(fullName, job);
        return job;
    }

    public synchronized Job job(String fullName) {
        Job job = jobs.get(fullName);
        if (job == null) {
            throw new IllegalArgumentException("no job " + fullName);
        }
        return job;
    }

    /** Cancels a queued item as a user clicking the red X would; it becomes a cancelled left item. */
    public synchronized FakeJenkins cancelQueueItem(long id) {
        advance();
        QueueItem item = queue.get(id);
        if (item == null || item.build != null) {
            throw new IllegalStateException("queue item " + id + " is not waiting");
        }
        item.cancelled = true;
        item.leftAt = Instant.now();
        return this;
    }

    // ================================================================= fault factories

    public static Fault unauthorized() {
        return Fault.respond(401, "text/html;charset=utf-8", errorPage(401, "Invalid password/token for user: " + DEFAULT_USER))
                .withHeader("WWW-Authenticate", "Basic realm=\"Jenkins\"");
    }

    public static Fault forbidden() {
        return Fault.respond(403, "text/html;charset=utf-8", errorPage(403, DEFAULT_USER + " is missing the Job/Build permission"));
    }

    public static Fault notFound() {
        return Fault.respond(404, "text/html;charset=utf-8", errorPage(404, "Not Found"));
    }

    /** What a proxy or an overloaded controller in front of Jenkins sends; Jenkins itself has no rate limiting. */
    public static Fault serviceUnavailable(String retryAfter) {
        return Fault.respond(503, "text/html;charset=utf-8", errorPage(503, "Service Unavailable"))
                .withHeader("Retry-After", retryAfter);
    }

    public static Fault tooManyRequests(String retryAfter) {
        return Fault.respond(429, "text/html;charset=utf-8", errorPage(429, "Too Many Requests"))
                .withHeader("Retry-After", retryAfter);
    }

    public static Fault serverError() {
        return Fault.respond(500, "text/html;charset=utf-8", errorPage(500, "A problem occurred while processing the request"));
    }

    private static String errorPage(int status, String message) {
        return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/><title>Error " + status + " "
                + message + "</title></head><body><h2>HTTP ERROR " + status + " " + message + "</h2><table><tr><th>STATUS:</th><td>"
                + status + "</td></tr><tr><th>MESSAGE:</th><td>" + message + "</td></tr></table></body></html>";
    }

    // ================================================================= pipeline hooks

    @Override
    protected synchronized String identify(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(user)) {
            return null;
        }
        String secret = decoded.substring(colon + 1);
        if (secret.equals(apiToken)) {
            ctx.put("jk.auth", "token");
            return user;
        }
        if (password != null && secret.equals(password)) {
            ctx.put("jk.auth", "password");
            return user;
        }
        return null;
    }

    @Override
    protected synchronized boolean authorize(RoutingContext ctx, String principal) {
        String auth = ctx.request().getHeader("Authorization");
        if (principal == null && auth != null) {
            String name = "?";
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(auth.indexOf(' ') + 1).trim()), StandardCharsets.UTF_8);
                name = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
            } catch (RuntimeException ignored) {
                // malformed header: Jenkins rejects it the same way
            }
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Jenkins\"");
            sendText(ctx, 401, "text/html;charset=utf-8", errorPage(401, "Invalid password/token for user: " + name));
            return false;
        }
        if (principal == null && !(anonymousRead && ctx.request().method() == HttpMethod.GET)) {
            // anonymous callers meet the login entry point: 403 plus the diagnostic headers, not 401
            ctx.response().putHeader("X-You-Are-Authenticated-As", "anonymous")
                    .putHeader("X-Required-Permission", "hudson.model.Hudson.Read");
            sendText(ctx, 403, "text/html;charset=utf-8", "<html><head><meta http-equiv='refresh' content='1;url=/login?from="
                    + ctx.request().path() + "'/></head><body>Authentication required</body></html>");
            return false;
        }
        if (ctx.request().method() == HttpMethod.POST && crumbIssuer && principal != null) {
            boolean viaToken = "token".equals(ctx.get("jk.auth"));
            boolean needsCrumb = legacyCrumbs || !viaToken;
            if (needsCrumb && !crumbValid(ctx)) {
                sendText(ctx, 403, "text/html;charset=utf-8", errorPage(403, NO_CRUMB));
                return false;
            }
        }
        advance();
        return true;
    }

    private boolean crumbValid(RoutingContext ctx) {
        String crumb = ctx.request().getHeader(CRUMB_FIELD);
        if (crumb == null) {
            crumb = formOrQuery(ctx).get(CRUMB_FIELD);
        }
        if (crumb == null) {
            return false;
        }
        String session = legacyCrumbs ? "" : sessionOf(ctx);
        return session != null && crumb.equals(crumbFor(session));
    }

    private String crumbFor(String session) {
        return sha256(user + ":" + session + ":" + salt);
    }

    private String sessionOf(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(sessionCookieName());
        return cookie != null && sessions.containsKey(cookie.getValue()) ? cookie.getValue() : null;
    }

    private String sessionCookieName() {
        return "JSESSIONID." + instanceSession;
    }

    @Override
    protected void decorateResponse(RoutingContext ctx) {
        var headers = ctx.response().headers();
        headers.set("X-Jenkins", VERSION);
        headers.set("X-Jenkins-Session", instanceSession);
    }

    @Override
    protected void notFound(RoutingContext ctx) {
        sendText(ctx, 404, "text/html;charset=utf-8", errorPage(404, "Not Found"));
    }

    @Override
    protected void methodNotAllowed(RoutingContext ctx, Set<HttpMethod> allowed) {
        ctx.response().putHeader("Allow", allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
        sendText(ctx, 405, "text/html;charset=utf-8", errorPage(405, "Method Not Allowed"));
    }

    @Override
    protected void internalError(RoutingContext ctx, Throwable error) {
        sendText(ctx, 500, "text/html;charset=utf-8", errorPage(500, "A problem occurred while processing the request"));
    }

    // ================================================================= routes

    @Override
    protected void registerRoutes() {
        on(HttpMethod.GET, "/api/json", (ctx, p) -> sendTree(ctx, rootJson()));
        on(HttpMethod.GET, "/whoAmI/api/json", (ctx, p) -> sendTree(ctx, obj("_class", "hudson.security.WhoAmI",
                "anonymous", principal(ctx) == null, "authenticated", principal(ctx) != null,
                "authorities", principal(ctx) == null ? List.of("anonymous") : List.of("authenticated"),
                "name", principal(ctx) == null ? "anonymous" : principal(ctx))));
        on(HttpMethod.GET, "/crumbIssuer/api/json", this::crumb);
        on(HttpMethod.GET, "/queue/api/json", this::queueJson);
        on(HttpMethod.GET, "/queue/item/{id:[0-9]+}/api/json", this::queueItem);
        for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.POST)) {
            onRegex(m, JOB + "/build/?", this::build);
            onRegex(m, JOB + "/buildWithParameters/?", this::buildWithParameters);
        }
        onRegex(HttpMethod.GET, JOB + "/api/json/?", this::jobApi);
        onRegex(HttpMethod.GET, JOB + "/(?<num>[0-9]+|" + String.join("|", PERMALINKS) + ")/api/json/?", this::buildApi);
        onRegex(HttpMethod.GET, JOB + "/(?<num>[0-9]+|" + String.join("|", PERMALINKS) + ")/consoleText", this::consoleText);
        onRegex(HttpMethod.GET, JOB + "/(?<num>[0-9]+|" + String.join("|", PERMALINKS) + ")/logText/progressiveText", this::progressiveText);
        onRegex(HttpMethod.POST, JOB + "/(?<num>[0-9]+)/stop", this::stop);
        onRegex(HttpMethod.GET, JOB + "/(?<num>[0-9]+)/", this::buildPage);
        onRegex(HttpMethod.GET, JOB + "/", this::jobPage);
        // Stapler redirects a directory-like URL without trailing slash
        onRegex(HttpMethod.GET, JOB, (ctx, p) -> {
            ctx.response().putHeader("Location", rootUrl() + ctx.request().path() + "/");
            sendEmpty(ctx, 302);
        });
    }

    private synchronized void crumb(RoutingContext ctx, PathParams p) {
        if (!crumbIssuer) {
            notFound(ctx);
            return;
        }
        String session = "";
        if (!legacyCrumbs) {
            session = sessionOf(ctx);
            if (session == null) {
                session = UUID.randomUUID().toString().replace("-", "");
                sessions.put(session, user);
                ctx.response().putHeader("Set-Cookie", sessionCookieName() + "=" + session + "; Path=/; HttpOnly");
            }
        }
        sendTree(ctx, obj("_class", "hudson.security.csrf.DefaultCrumbIssuer", "crumb", crumbFor(session),
                "crumbRequestField", CRUMB_FIELD));
    }

    // ----------------------------------------------------------------- triggering

    private Job findJob(RoutingContext ctx, PathParams p) {
        String fullName = jobName(p.raw("job"));
        Job job = jobs.get(fullName);
        if (job == null) {
            notFound(ctx);
        }
        return job;
    }

    private static String jobName(String rawJobPath) {
        List<String> parts = new ArrayList<>();
        for (String segment : rawJobPath.split("/job/")) {
            if (!segment.isEmpty()) {
                parts.add(percentDecode(segment));
            }
        }
        return String.join("/", parts);
    }

    /** {@code POST job/NAME/build} (section 1.4): order of checks as in ParameterizedJobMixIn.doBuild. */
    private synchronized void build(RoutingContext ctx, PathParams p) {
        Job job = findJob(ctx, p);
        if (job == null) {
            return;
        }
        if (job.disabled) {
            sendText(ctx, 409, "text/html;charset=utf-8", errorPage(409, job.fullName + " is not buildable"));
            return;
        }
        boolean post = ctx.request().method() == HttpMethod.POST;
        if (job.parameters != null && !post) {
            sendText(ctx, 200, "text/html;charset=utf-8", "<html><body><form method='post' action='build'>"
                    + job.parameters.keySet().stream().map(n -> "<input name='" + n + "'/>").collect(Collectors.joining())
                    + "</form></body></html>");
            return;
        }
        if (!post) {
            ctx.response().putHeader("Allow", "POST");
            sendText(ctx, 405, "text/html;charset=utf-8", errorPage(405, "Method Not Allowed"));
            return;
        }
        Duration delay = parseDelay(query(ctx, "delay"), job.quietPeriod);
        if (job.parameters == null) {
            schedule(ctx, job, Map.of(), delay, 201);
            return;
        }
        Map<String, String> submitted = formOrQuery(ctx);
        String json = submitted.get("json");
        if (json == null || json.isEmpty()) {
            // Stapler's getSubmittedForm() when the "json" field is missing
            boolean anySubmitted = submitted.keySet().stream().anyMatch(k -> !k.equals(CRUMB_FIELD) && !k.equals("delay"));
            sendText(ctx, 400, "text/html;charset=utf-8", errorPage(400, anySubmitted ? "This page expects a form submission" : "Nothing is submitted"));
            return;
        }
        JsonNode form;
        try {
            form = JSON.readTree(json);
        } catch (Exception e) {
            internalError(ctx, e);
            return;
        }
        Map<String, String> given = new LinkedHashMap<>();
        JsonNode parameter = form.path("parameter");
        List<JsonNode> entries = new ArrayList<>();
        if (parameter.isArray()) {
            parameter.forEach(entries::add);
        } else if (parameter.isObject()) {
            entries.add(parameter);
        }
        for (JsonNode entry : entries) {
            String name = entry.path("name").asText();
            if (!job.parameters.containsKey(name)) {
                sendText(ctx, 500, "text/html;charset=utf-8", errorPage(500, "java.lang.IllegalArgumentException: No such parameter definition: " + name));
                return;
            }
            given.put(name, entry.path("value").asText());
        }
        Map<String, String> values = job.resolveParameters(given);
        if (values == null) {
            sendText(ctx, 500, "text/html;charset=utf-8", errorPage(500, "java.lang.IllegalArgumentException: " + job.lastError));
            return;
        }
        schedule(ctx, job, values, delay, form.path("statusCode").asInt(201));
    }

    /** {@code POST job/NAME/buildWithParameters}: parameters by name from query or form, defaults for the rest. */
    private synchronized void buildWithParameters(RoutingContext ctx, PathParams p) {
        Job job = findJob(ctx, p);
        if (job == null) {
            return;
        }
        if (ctx.request().method() != HttpMethod.POST) {
            ctx.response().putHeader("Allow", "POST");
            sendText(ctx, 405, "text/html;charset=utf-8", errorPage(405, "Method Not Allowed"));
            return;
        }
        if (job.disabled) {
            sendText(ctx, 409, "text/html;charset=utf-8", errorPage(409, job.fullName + " is not buildable"));
            return;
        }
        if (job.parameters == null) {
            sendText(ctx, 400, "text/html;charset=utf-8", errorPage(400, job.fullName + " is not parameterized"));
            return;
        }
        Map<String, String> submitted = formOrQuery(ctx);
        Map<String, String> given = new LinkedHashMap<>();
        // undefined parameters are dropped, as Jenkins does since SECURITY-170
        job.parameters.keySet().stream().filter(submitted::containsKey).forEach(n -> given.put(n, submitted.get(n)));
        Map<String, String> values = job.resolveParameters(given);
        if (values == null) {
            sendText(ctx, 500, "text/html;charset=utf-8", errorPage(500, "java.lang.IllegalArgumentException: " + job.lastError));
            return;
        }
        schedule(ctx, job, values, parseDelay(query(ctx, "delay"), job.quietPeriod), 201);
    }

    private void schedule(RoutingContext ctx, Job job, Map<String, String> params, Duration delay, int createdStatus) {
        if (job.refuseScheduling) {
            ctx.response().putHeader("Location", job.url());
            sendEmpty(ctx, 302);
            return;
        }
        for (QueueItem item : queue.values()) {
            if (item.job == job && item.waiting() && item.params.equals(params)) {
                ctx.response().putHeader("Location", item.absoluteUrl());
                sendEmpty(ctx, 303);
                return;
            }
        }
        QueueItem item = new QueueItem(nextQueueId++, job, params, Instant.now(), delay, principal(ctx));
        queue.put(item.id, item);
        ctx.response().putHeader("Location", item.absoluteUrl());
        sendEmpty(ctx, createdStatus);
    }

    /** Jenkins' TimeDuration: {@code 0sec}, {@code 5}, {@code 100ms}, {@code 2min}; a bare number is seconds. */
    private static Duration parseDelay(String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Matcher m = Pattern.compile("(\\d+)\\s*(ms|sec|secs|s|min|mins)?").matcher(value.trim());
        if (!m.matches()) {
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "sec" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "min", "mins" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    // ----------------------------------------------------------------- queue

    private synchronized void queueJson(RoutingContext ctx, PathParams p) {
        Instant now = Instant.now();
        List<Map<String, Object>> waiting = queue.values().stream().filter(QueueItem::waiting).map(i -> i.json(now)).toList();
        sendTree(ctx, obj("_class", "hudson.model.Queue", "discoverableItems", List.of(), "items", waiting));
    }

    private synchronized void queueItem(RoutingContext ctx, PathParams p) {
        QueueItem item = queue.get(Long.parseLong(p.get("id")));
        Instant now = Instant.now();
        if (item == null || (item.leftAt != null && now.isAfter(item.leftAt.plus(leftItemRetention)))) {
            notFound(ctx);
            return;
        }
        sendTree(ctx, item.json(now));
    }

    /** Starts every queue item whose time has come, in order, respecting non-concurrent jobs. */
    private void advance() {
        Instant now = Instant.now();
        List<QueueItem> due = queue.values().stream().filter(QueueItem::waiting)
                .sorted(Comparator.comparing((QueueItem i) -> i.readyAt).thenComparingLong(i -> i.id)).toList();
        for (QueueItem item : due) {
            Instant start = item.readyAt;
            if (!item.job.concurrent) {
                Build last = item.job.builds.isEmpty() ? null : item.job.builds.get(item.job.builds.size() - 1);
                if (last != null && last.end().isAfter(start)) {
                    start = last.end();
                }
            }
            if (start.isAfter(now)) {
                continue;
            }
            Build build = item.job.startBuild(item, start);
            item.build = build;
            item.leftAt = start;
        }
    }

    // ----------------------------------------------------------------- jobs and builds

    private synchronized void jobApi(RoutingContext ctx, PathParams p) {
        String fullName = jobName(p.raw("job"));
        boolean full = query(ctx, "tree") != null;
        Job job = jobs.get(fullName);
        if (job != null) {
            sendTree(ctx, job.json(Instant.now(), full));
            return;
        }
        List<Map<String, Object>> children = childrenOf(fullName);
        if (children.isEmpty()) {
            notFound(ctx);
            return;
        }
        String name = fullName.substring(fullName.lastIndexOf('/') + 1);
        sendTree(ctx, obj("_class", "com.cloudbees.hudson.plugins.folder.Folder", "description", null, "displayName", name,
                "fullDisplayName", fullName.replace("/", " » "), "fullName", fullName, "name", name, "url", folderUrl(fullName),
                "jobs", children));
    }

    private List<Map<String, Object>> childrenOf(String folder) {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        Map<String, Map<String, Object>> children = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (Job job : jobs.values()) {
            if (!job.fullName.startsWith(prefix)) {
                continue;
            }
            String rest = job.fullName.substring(prefix.length());
            if (rest.contains("/")) {
                String child = rest.substring(0, rest.indexOf('/'));
                children.putIfAbsent(child, obj("_class", "com.cloudbees.hudson.plugins.folder.Folder", "name", child,
                        "url", folderUrl(prefix + child)));
            } else {
                children.put(rest, obj("_class", job.projectClass(), "name", rest, "url", job.url(), "color", job.color(now)));
            }
        }
        return List.copyOf(children.values());
    }

    private String folderUrl(String fullName) {
        return rootUrl() + "/" + java.util.Arrays.stream(fullName.split("/")).map(s -> "job/" + urlSegment(s))
                .collect(Collectors.joining("/")) + "/";
    }

    private Map<String, Object> rootJson() {
        return obj("_class", "hudson.model.Hudson", "assignedLabels", List.of(obj("name", "built-in")), "mode", "NORMAL",
                "nodeDescription", "the Jenkins controller's built-in node", "nodeName", "", "numExecutors", 2,
                "description", null, "jobs", childrenOf(""), "quietingDown", false, "url", rootUrl() + "/",
                "useCrumbs", crumbIssuer, "useSecurity", true);
    }

    private Build findBuild(RoutingContext ctx, PathParams p) {
        Job job = findJob(ctx, p);
        if (job == null) {
            return null;
        }
        Build build = job.build(p.get("num"), Instant.now());
        if (build == null) {
            notFound(ctx);
        }
        return build;
    }

    private synchronized void buildApi(RoutingContext ctx, PathParams p) {
        Build build = findBuild(ctx, p);
        if (build != null) {
            sendTree(ctx, build.json(Instant.now()));
        }
    }

    private synchronized void consoleText(RoutingContext ctx, PathParams p) {
        Build build = findBuild(ctx, p);
        if (build != null) {
            sendText(ctx, 200, "text/plain;charset=UTF-8", build.log(Instant.now()));
        }
    }

    /** Incremental log: bytes from {@code start}, {@code X-Text-Size} = next offset, {@code X-More-Data} while running. */
    private synchronized void progressiveText(RoutingContext ctx, PathParams p) {
        Build build = findBuild(ctx, p);
        if (build == null) {
            return;
        }
        Instant now = Instant.now();
        byte[] log = build.log(now).getBytes(StandardCharsets.UTF_8);
        int start = 0;
        try {
            start = Integer.parseInt(String.valueOf(query(ctx, "start")));
        } catch (NumberFormatException ignored) {
            // Jenkins treats a missing start as 0
        }
        start = Math.max(0, Math.min(start, log.length));
        ctx.response().putHeader("X-Text-Size", Integer.toString(log.length));
        if (build.building(now)) {
            ctx.response().putHeader("X-More-Data", "true");
        }
        sendText(ctx, 200, "text/plain;charset=UTF-8", new String(log, start, log.length - start, StandardCharsets.UTF_8));
    }

    private synchronized void stop(RoutingContext ctx, PathParams p) {
        Build build = findBuild(ctx, p);
        if (build == null) {
            return;
        }
        build.abort(Instant.now());
        ctx.response().putHeader("Location", build.url());
        sendEmpty(ctx, 302);
    }

    private synchronized void buildPage(RoutingContext ctx, PathParams p) {
        Build build = findBuild(ctx, p);
        if (build != null) {
            sendText(ctx, 200, "text/html;charset=utf-8", "<html><head><title>" + build.fullDisplayName() + " [Jenkins]</title></head></html>");
        }
    }

    private synchronized void jobPage(RoutingContext ctx, PathParams p) {
        String fullName = jobName(p.raw("job"));
        if (!jobs.containsKey(fullName) && childrenOf(fullName).isEmpty()) {
            notFound(ctx);
            return;
        }
        sendText(ctx, 200, "text/html;charset=utf-8", "<html><head><title>" + fullName + " [Jenkins]</title></head></html>");
    }

    // ================================================================= helpers

    /** JSON honouring {@code ?tree=}; Jenkins keeps {@code _class} on every object. */
    private void sendTree(RoutingContext ctx, Map<String, Object> json) {
        String tree = query(ctx, "tree");
        sendJson(ctx, 200, tree == null ? json : Tree.apply(json, Tree.parse(tree)));
    }

    private static Map<String, String> formOrQuery(RoutingContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        RecordedRequest.decodeForm(ctx.request().query()).forEach((k, v) -> out.put(k, v.get(0)));
        String contentType = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded") && ctx.body() != null && ctx.body().asString() != null) {
            RecordedRequest.decodeForm(ctx.body().asString()).forEach((k, v) -> out.put(k, v.get(0)));
        }
        return out;
    }

    private static String urlSegment(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jenkins' Util.getTimeSpanString, roughly: "290 ms", "4.9 sec", "15 sec", "1 min 3 sec". */
    static String timeSpan(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1f sec", ms / 1000.0);
        }
        if (ms < 60_000) {
            return (ms / 1000) + " sec";
        }
        return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " sec";
    }

    // ================================================================= model

    private record Param(String type, String defaultValue, List<String> choices) {
        String definitionClass() {
            return "hudson.model." + type + "ParameterDefinition";
        }

        String valueClass() {
            return type.equals("Boolean") ? "hudson.model.BooleanParameterValue" : "hudson.model.StringParameterValue";
        }
    }

    /** A job. Configure it fluently; all setters are safe while the fake serves requests. */
    public final class Job {
        private final String fullName;
        private final List<Build> builds = new ArrayList<>();
        private final Deque<String> scriptedResults = new ArrayDeque<>();
        private final List<String> logLines = new ArrayList<>();
        private Map<String, Param> parameters;
        private boolean disabled;
        private boolean pipeline;
        private boolean concurrent;
        private boolean refuseScheduling;
        private Duration quietPeriod = defaultQuietPeriod;
        private Duration buildDuration = defaultBuildDuration;
        private String defaultResult = "SUCCESS";
        private int nextBuildNumber = 1;
        private String lastError;

        private Job(String fullName, boolean parameterized) {
            this.fullName = fullName;
            this.parameters = parameterized ? new LinkedHashMap<>() : null;
        }

        public String fullName() {
            return fullName;
        }

        public Job stringParam(String name, String defaultValue) {
            return param(name, new Param("String", defaultValue, null));
        }

        public Job booleanParam(String name, boolean defaultValue) {
            return param(name, new Param("Boolean", Boolean.toString(defaultValue), null));
        }

        /** A choice parameter; its default is the first choice, and other values are rejected. */
        public Job choiceParam(String name, String... choices) {
            return param(name, new Param("Choice", choices[0], List.of(choices)));
        }

        private Job param(String name, Param param) {
            synchronized (FakeJenkins.this) {
                if (parameters == null) {
                    parameters = new LinkedHashMap<>();
                }
                parameters.put(name, param);
                return this;
            }
        }

        public Job disabled(boolean value) {
            synchronized (FakeJenkins.this) {
                disabled = value;
                return this;
            }
        }

        /** Reports itself as a Pipeline (WorkflowJob/WorkflowRun) instead of a freestyle project. */
        public Job pipeline(boolean value) {
            synchronized (FakeJenkins.this) {
                pipeline = value;
                concurrent = value;
                return this;
            }
        }

        /** Whether builds may overlap (freestyle default: no, so a second build waits for the first). */
        public Job concurrentBuild(boolean value) {
            synchronized (FakeJenkins.this) {
                concurrent = value;
                return this;
            }
        }

        /** The queue refuses to schedule (a QueueDecisionHandler veto): triggers get a 302 to the job page. */
        public Job refuseScheduling(boolean value) {
            synchronized (FakeJenkins.this) {
                refuseScheduling = value;
                return this;
            }
        }

        public Job quietPeriod(Duration value) {
            synchronized (FakeJenkins.this) {
                quietPeriod = value;
                return this;
            }
        }

        public Job buildDuration(Duration value) {
            synchronized (FakeJenkins.this) {
                buildDuration = value;
                return this;
            }
        }

        /** Results of the next builds in order ("SUCCESS", "FAILURE", "UNSTABLE", "ABORTED", "NOT_BUILT"). */
        public Job nextResults(String... results) {
            synchronized (FakeJenkins.this) {
                scriptedResults.addAll(List.of(results));
                return this;
            }
        }

        /** Result of builds once {@link #nextResults} is used up. */
        public Job defaultResult(String result) {
            synchronized (FakeJenkins.this) {
                defaultResult = result;
                return this;
            }
        }

        public Job nextBuildNumber(int number) {
            synchronized (FakeJenkins.this) {
                nextBuildNumber = number;
                return this;
            }
        }

        /** Lines the build prints, spread over its duration. */
        public Job log(String... lines) {
            synchronized (FakeJenkins.this) {
                logLines.addAll(List.of(lines));
                return this;
            }
        }

        public List<Build> builds() {
            synchronized (FakeJenkins.this) {
                advance();
                return List.copyOf(builds);
            }
        }

        public Build lastBuild() {
            synchronized (FakeJenkins.this) {
                advance();
                if (builds.isEmpty()) {
                    throw new IllegalStateException(fullName + " has no builds");
                }
                return builds.get(builds.size() - 1);
            }
        }

        private String url() {
            return folderUrl(fullName);
        }

        private String projectClass() {
            return pipeline ? "org.jenkinsci.plugins.workflow.job.WorkflowJob" : "hudson.model.FreeStyleProject";
        }

        private Map<String, String> resolveParameters(Map<String, String> given) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, Param> e : parameters.entrySet()) {
                String value = given.getOrDefault(e.getKey(), e.getValue().defaultValue());
                Param param = e.getValue();
                if (param.choices() != null && !param.choices().contains(value)) {
                    lastError = "Illegal choice for parameter " + e.getKey() + ": " + value;
                    return null;
                }
                if (param.type().equals("Boolean")) {
                    value = Boolean.toString(Boolean.parseBoolean(value) || "on".equals(value));
                }
                values.put(e.getKey(), value);
            }
            return values;
        }

        private Build startBuild(QueueItem item, Instant start) {
            String result = scriptedResults.isEmpty() ? defaultResult : scriptedResults.poll();
            Build build = new Build(this, nextBuildNumber++, item, start, buildDuration, result);
            builds.add(build);
            return build;
        }

        private Build build(String numberOrPermalink, Instant now) {
            advance();
            if (numberOrPermalink.matches("[0-9]+")) {
                int n = Integer.parseInt(numberOrPermalink);
                return builds.stream().filter(b -> b.number == n).findFirst().orElse(null);
            }
            List<Build> reversed = new ArrayList<>(builds);
            java.util.Collections.reverse(reversed);
            return reversed.stream().filter(b -> switch (numberOrPermalink) {
                case "lastBuild" -> true;
                case "lastCompletedBuild" -> !b.building(now);
                case "lastSuccessfulBuild" -> !b.building(now) && List.of("SUCCESS", "UNSTABLE").contains(b.result(now));
                case "lastStableBuild" -> !b.building(now) && "SUCCESS".equals(b.result(now));
                case "lastFailedBuild" -> !b.building(now) && "FAILURE".equals(b.result(now));
                case "lastUnstableBuild" -> !b.building(now) && "UNSTABLE".equals(b.result(now));
                default -> !b.building(now) && !"SUCCESS".equals(b.result(now));
            }).findFirst().orElse(null);
        }

        private String color(Instant now) {
            if (disabled) {
                return "disabled";
            }
            Build last = builds.isEmpty() ? null : builds.get(builds.size() - 1);
            if (last == null) {
                return "notbuilt";
            }
            Build completed = build("lastCompletedBuild", now);
            String base = completed == null ? "notbuilt" : switch (completed.result(now)) {
                case "SUCCESS" -> "blue";
                case "UNSTABLE" -> "yellow";
                case "ABORTED" -> "aborted";
                case "NOT_BUILT" -> "notbuilt";
                default -> "red";
            };
            return last.building(now) ? base + "_anime" : base;
        }

        private Map<String, Object> json(Instant now, boolean full) {
            List<Build> newestFirst = new ArrayList<>(builds);
            java.util.Collections.reverse(newestFirst);
            QueueItem queued = queue.values().stream().filter(i -> i.job == this && i.waiting()).findFirst().orElse(null);
            Map<String, Object> json = obj("_class", projectClass(), "description", "", "displayName", name(),
                    "fullDisplayName", fullName.replace("/", " » "), "fullName", fullName, "name", name(), "url", url(),
                    "buildable", !disabled,
                    "builds", newestFirst.stream().map(b -> full ? b.json(now) : b.ref()).toList(),
                    "color", color(now),
                    "firstBuild", builds.isEmpty() ? null : ref(builds.get(0), now, full),
                    "inQueue", queued != null, "keepDependencies", false);
            for (String link : List.of("lastBuild", "lastCompletedBuild", "lastFailedBuild", "lastStableBuild",
                    "lastSuccessfulBuild", "lastUnstableBuild", "lastUnsuccessfulBuild")) {
                json.put(link, ref(build(link, now), now, full));
            }
            json.put("nextBuildNumber", nextBuildNumber);
            json.put("property", parameters == null ? List.of() : List.of(obj("_class", "hudson.model.ParametersDefinitionProperty",
                    "parameterDefinitions", parameters.entrySet().stream().map(e -> {
                        Map<String, Object> def = obj("_class", e.getValue().definitionClass(),
                                "defaultParameterValue", obj("_class", e.getValue().valueClass(), "name", e.getKey(),
                                        "value", e.getValue().type().equals("Boolean")
                                                ? (Object) Boolean.parseBoolean(e.getValue().defaultValue()) : e.getValue().defaultValue()),
                                "description", "", "name", e.getKey(), "type", e.getValue().type() + "ParameterDefinition");
                        if (e.getValue().choices() != null) {
                            def.put("choices", e.getValue().choices());
                        }
                        return def;
                    }).toList())));
            json.put("queueItem", queued == null ? null : queued.json(now));
            json.put("concurrentBuild", concurrent);
            if (!pipeline) {
                json.put("disabled", disabled);
            }
            return json;
        }

        private Map<String, Object> ref(Build b, Instant now, boolean full) {
            return b == null ? null : full ? b.json(now) : b.ref();
        }

        private String name() {
            return fullName.substring(fullName.lastIndexOf('/') + 1);
        }
    }

    /** A queue item: waiting until its quiet period (and any running build of a non-concurrent job) is over. */
    private final class QueueItem {
        private final long id;
        private final Job job;
        private final Map<String, String> params;
        private final Instant inQueueSince;
        private final Instant readyAt;
        private final String userId;
        private Build build;
        private boolean cancelled;
        private Instant leftAt;

        private QueueItem(long id, Job job, Map<String, String> params, Instant inQueueSince, Duration delay, String userId) {
            this.id = id;
            this.job = job;
            this.params = Map.copyOf(params);
            this.inQueueSince = inQueueSince;
            this.readyAt = inQueueSince.plus(delay);
            this.userId = userId;
        }

        boolean waiting() {
            return build == null && !cancelled;
        }

        String absoluteUrl() {
            return rootUrl() + "/queue/item/" + id + "/";
        }

        List<Object> actions() {
            List<Object> actions = new ArrayList<>();
            if (job.parameters != null) {
                actions.add(obj("_class", "hudson.model.ParametersAction", "parameters", job.parameters.keySet().stream()
                        .filter(params::containsKey)
                        .map(n -> obj("_class", job.parameters.get(n).valueClass(), "name", n,
                                "value", job.parameters.get(n).type().equals("Boolean") ? (Object) Boolean.parseBoolean(params.get(n)) : params.get(n)))
                        .toList()));
            }
            String who = userId == null ? "anonymous" : userId;
            actions.add(obj("_class", "hudson.model.CauseAction", "causes", List.of(obj("_class", "hudson.model.Cause$UserIdCause",
                    "shortDescription", "Started by user " + who, "userId", who, "userName", who))));
            return actions;
        }

        Map<String, Object> json(Instant now) {
            String paramsText = job.parameters == null ? "" : job.parameters.keySet().stream().filter(params::containsKey)
                    .map(n -> "\n" + n + "=" + params.get(n)).collect(Collectors.joining());
            Map<String, Object> task = obj("_class", job.projectClass(), "name", job.name(), "url", job.url(), "color", job.color(now));
            if (waiting()) {
                String why;
                if (now.isBefore(readyAt)) {
                    why = "In the quiet period. Expires in " + timeSpan(Duration.between(now, readyAt));
                } else {
                    Build running = job.builds.isEmpty() ? null : job.builds.get(job.builds.size() - 1);
                    why = running == null ? "Waiting for next available executor"
                            : "Build #" + running.number + " is already in progress (ETA: " + timeSpan(Duration.between(now, running.end())) + ")";
                }
                return obj("_class", "hudson.model.Queue$WaitingItem", "actions", actions(), "blocked", false, "buildable", false,
                        "id", id, "inQueueSince", inQueueSince.toEpochMilli(), "params", paramsText, "stuck", false, "task", task,
                        "url", "queue/item/" + id + "/", "why", why, "timestamp", readyAt.toEpochMilli());
            }
            return obj("_class", "hudson.model.Queue$LeftItem", "actions", actions(), "blocked", false, "buildable", false,
                    "id", id, "inQueueSince", inQueueSince.toEpochMilli(), "params", paramsText, "stuck", false, "task", task,
                    "url", "queue/item/" + id + "/", "why", null, "cancelled", cancelled,
                    "executable", build == null ? null : build.ref());
        }
    }

    /** A build; building until start + duration (or until aborted), then has its scripted result. */
    public final class Build {
        private final Job job;
        private final int number;
        private final QueueItem item;
        private final Instant start;
        private final String scriptedResult;
        private Duration duration;
        private boolean aborted;

        private Build(Job job, int number, QueueItem item, Instant start, Duration duration, String result) {
            this.job = job;
            this.number = number;
            this.item = item;
            this.start = start;
            this.duration = duration;
            this.scriptedResult = result;
        }

        public int number() {
            return number;
        }

        public long queueId() {
            return item.id;
        }

        /** The parameters the build ran with (given values plus defaults). */
        public Map<String, String> parameters() {
            return item.params;
        }

        public boolean building() {
            synchronized (FakeJenkins.this) {
                return building(Instant.now());
            }
        }

        public String result() {
            synchronized (FakeJenkins.this) {
                return result(Instant.now());
            }
        }

        private Instant end() {
            return start.plus(duration);
        }

        private boolean building(Instant now) {
            return now.isBefore(end());
        }

        private String result(Instant now) {
            if (building(now)) {
                return null;
            }
            return aborted ? "ABORTED" : scriptedResult;
        }

        private void abort(Instant now) {
            if (building(now)) {
                aborted = true;
                duration = Duration.between(start, now);
            }
        }

        private String url() {
            return job.url() + number + "/";
        }

        private String buildClass() {
            return job.pipeline ? "org.jenkinsci.plugins.workflow.job.WorkflowRun" : "hudson.model.FreeStyleBuild";
        }

        private String fullDisplayName() {
            return job.fullName.replace("/", " » ") + " #" + number;
        }

        private Map<String, Object> ref() {
            return obj("_class", buildClass(), "number", number, "url", url());
        }

        private String log(Instant now) {
            StringBuilder log = new StringBuilder("Started by user " + (item.userId == null ? "anonymous" : item.userId) + "\n");
            log.append(job.pipeline ? "[Pipeline] Start of Pipeline\n" : "Running as SYSTEM\nBuilding in workspace /var/jenkins_home/workspace/"
                    + job.fullName + "\n");
            double progress = building(now) ? (double) Duration.between(start, now).toMillis() / Math.max(1, duration.toMillis()) : 1.0;
            int shown = (int) Math.floor(job.logLines.size() * Math.max(0, Math.min(1, progress)));
            job.logLines.stream().limit(shown).forEach(l -> log.append(l).append('\n'));
            if (!building(now)) {
                if (job.pipeline) {
                    log.append("[Pipeline] End of Pipeline\n");
                }
                log.append("Finished: ").append(result(now)).append('\n');
            }
            return log.toString();
        }

        private Map<String, Object> json(Instant now) {
            boolean running = building(now);
            long estimated = job.builds.stream().filter(b -> b != this && !b.building(now)).mapToLong(b -> b.duration.toMillis())
                    .reduce((a, b) -> b).orElse(job.buildDuration.toMillis());
            List<Object> actions = new ArrayList<>(item.actions());
            Map<String, Object> json = obj("_class", buildClass(), "actions", actions, "artifacts", List.of(),
                    "building", running, "description", null, "displayName", "#" + number,
                    "duration", running ? 0 : duration.toMillis(), "estimatedDuration", estimated,
                    "executor", null, "fullDisplayName", fullDisplayName(), "id", Integer.toString(number), "keepLog", false,
                    "number", number, "queueId", item.id, "result", result(now), "timestamp", start.toEpochMilli(), "url", url());
            if (job.pipeline) {
                json.put("inProgress", running);
                json.put("changeSets", List.of());
            } else {
                json.put("builtOn", "");
                json.put("changeSet", obj("_class", "hudson.scm.EmptyChangeLogSet", "items", List.of(), "kind", null));
            }
            return json;
        }
    }

    // ================================================================= ?tree=

    /** Jenkins' {@code tree} parameter: {@code a,b[c,d]{0,5}}; {@code _class} is always kept. */
    static final class Tree {
        record Node(Map<String, Node> children, Integer from, Integer to) {
        }

        private final String spec;
        private int pos;

        private Tree(String spec) {
            this.spec = spec;
        }

        static Map<String, Node> parse(String spec) {
            Tree t = new Tree(spec.replace(" ", ""));
            return t.list();
        }

        private Map<String, Node> list() {
            Map<String, Node> out = new LinkedHashMap<>();
            while (pos < spec.length() && spec.charAt(pos) != ']') {
                int startName = pos;
                while (pos < spec.length() && "[]{},".indexOf(spec.charAt(pos)) < 0) {
                    pos++;
                }
                String name = spec.substring(startName, pos);
                Map<String, Node> children = null;
                Integer from = null;
                Integer to = null;
                if (pos < spec.length() && spec.charAt(pos) == '[') {
                    pos++;
                    children = list();
                    pos++;
                }
                if (pos < spec.length() && spec.charAt(pos) == '{') {
                    int close = spec.indexOf('}', pos);
                    String range = spec.substring(pos + 1, close);
                    pos = close + 1;
                    if (range.contains(",")) {
                        String a = range.substring(0, range.indexOf(','));
                        String b = range.substring(range.indexOf(',') + 1);
                        from = a.isEmpty() ? 0 : Integer.parseInt(a);
                        to = b.isEmpty() ? null : Integer.parseInt(b);
                    } else {
                        from = Integer.parseInt(range);
                        to = from + 1;
                    }
                }
                if (!name.isEmpty()) {
                    out.put(name, new Node(children, from, to));
                }
                if (pos < spec.length() && spec.charAt(pos) == ',') {
                    pos++;
                }
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        static Object apply(Object json, Map<String, Node> spec) {
            if (json instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                if (map.containsKey("_class")) {
                    out.put("_class", map.get("_class"));
                }
                for (Map.Entry<String, Node> e : spec.entrySet()) {
                    if (!map.containsKey(e.getKey())) {
                        continue;
                    }
                    Object value = map.get(e.getKey());
                    Node node = e.getValue();
                    if (value instanceof List<?> list && node.from() != null) {
                        int from = Math.min(node.from(), list.size());
                        int to = node.to() == null ? list.size() : Math.min(node.to(), list.size());
                        value = list.subList(from, Math.max(from, to));
                    }
                    out.put(e.getKey(), node.children() == null ? value : apply(value, node.children()));
                }
                return out;
            }
            if (json instanceof List<?> list) {
                return list.stream().map(v -> apply(v, spec)).toList();
            }
            return json;
        }
    }
}
