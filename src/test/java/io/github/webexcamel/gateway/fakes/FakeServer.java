package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared plumbing of the backend fakes: a Vert.x HTTP server on 127.0.0.1 and an ephemeral port, a request
 * journal, fault injection for the next N requests, and a small route table. Subclasses only describe the
 * backend: how it authenticates, which routes it has and what its own 404/405/500 look like.
 *
 * <p>Request pipeline: body → journal → injected fault → authentication → backend route → 404/405.
 * Faults come before authentication on purpose: a test injecting "401" means "the backend now rejects
 * whatever the gateway sends", independent of the configured credentials.
 */
public abstract class FakeServer<SELF extends FakeServer<SELF>> implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key", "api-key");
    private static final String PRINCIPAL_KEY = "fake.principal";
    private static final String RECORD_KEY = "fake.record";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

    private final String displayName;
    // not "this": subclasses synchronize their state on this, and close() must not wait behind a handler
    private final Object lifecycle = new Object();
    private final List<RecordedRequest> journal = new CopyOnWriteArrayList<>();
    private final List<FaultRule> faultRules = new ArrayList<>();
    private final List<RouteDef> routeDefs = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpServer server;
    private Router router;
    private volatile int port = -1;

    protected FakeServer(String displayName) {
        this.displayName = displayName;
    }

    @SuppressWarnings("unchecked")
    protected final SELF self() {
        return (SELF) this;
    }

    // ---------------------------------------------------------------- lifecycle

    public SELF start() {
        synchronized (lifecycle) {
            return doStart();
        }
    }

    private SELF doStart() {
        if (vertx != null) {
            throw new IllegalStateException(displayName + " already started");
        }
        vertx = Vertx.vertx();
        router = Router.router(vertx);
        routeDefs.clear();
        // no file uploads: BodyHandler would otherwise create a file-uploads/ directory in the working tree
        router.route().handler(BodyHandler.create(false).setBodyLimit(16L * 1024 * 1024));
        router.route().handler(this::journalAndDecorate);
        router.route().handler(this::applyFault);
        router.route().handler(this::authenticate);
        registerRoutes();
        router.route().handler(this::noRouteMatched);
        router.route().failureHandler(this::failure);
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                // real backends speak HTTP/1.1 to plain-http clients; keeps SSE framing and connection drops simple
                .setHttp2ClearTextEnabled(false));
        server.requestHandler(router);
        try {
            server.listen().toCompletionStage().toCompletableFuture()
                    .get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            doClose();
            throw new IllegalStateException(displayName + " failed to start", e);
        }
        port = server.actualPort();
        return self();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            doClose();
        }
    }

    private void doClose() {
        if (vertx == null) {
            return;
        }
        try {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception ignored) {
            // closing Vert.x below releases the socket anyway
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // best effort in test teardown
            }
            vertx = null;
            server = null;
            port = -1;
        }
    }

    public int port() {
        if (port < 0) {
            throw new IllegalStateException(displayName + " is not running; call start() first");
        }
        return port;
    }

    /** {@code http://127.0.0.1:PORT} — the host root, without any API prefix. */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The URL a client configures as this backend's base URL (see each fake for what that means). */
    public abstract String baseUrl();

    public boolean isRunning() {
        return port >= 0;
    }

    protected Vertx vertx() {
        return vertx;
    }

    // ---------------------------------------------------------------- journal

    public List<RecordedRequest> requests() {
        return List.copyOf(journal);
    }

    /** Requests with this method (any if null) whose path starts with the prefix (see {@link #canonicalPath}). */
    public List<RecordedRequest> requests(String method, String pathPrefix) {
        return journal.stream()
                .filter(r -> method == null || r.method().equalsIgnoreCase(method))
                .filter(r -> pathPrefix == null || matchesPrefix(r.path(), pathPrefix))
                .toList();
    }

    public RecordedRequest lastRequest() {
        if (journal.isEmpty()) {
            throw new IllegalStateException(displayName + " has received no request");
        }
        return journal.get(journal.size() - 1);
    }

    public SELF clearRequests() {
        journal.clear();
        return self();
    }

    // ---------------------------------------------------------------- faults

    public SELF failNext(Fault fault) {
        return failNext(1, fault);
    }

    public SELF failNext(int times, Fault fault) {
        return failNextMatching(times, r -> true, fault);
    }

    /** Applies the fault to the next {@code times} requests whose path starts with {@code pathPrefix}. */
    public SELF failNext(int times, String pathPrefix, Fault fault) {
        return failNextMatching(times, r -> matchesPrefix(r.path(), pathPrefix), fault);
    }

    public SELF failNextMatching(int times, Predicate<RecordedRequest> matcher, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1");
        }
        synchronized (faultRules) {
            faultRules.add(new FaultRule(matcher, fault, times));
        }
        return self();
    }

    public SELF clearFaults() {
        synchronized (faultRules) {
            faultRules.clear();
        }
        return self();
    }

    /** How many fault applications are still armed. */
    public int pendingFaults() {
        synchronized (faultRules) {
            return faultRules.stream().mapToInt(r -> r.remaining).sum();
        }
    }

    private boolean matchesPrefix(String path, String prefix) {
        return path.startsWith(prefix) || canonicalPath(path).startsWith(prefix);
    }

    // ---------------------------------------------------------------- subclass hooks

    /** Registers the backend's routes with {@link #on} / {@link #onRegex}. */
    protected abstract void registerRoutes();

    /** Who the request's credentials identify, or {@code null} when missing or wrong. Must not throw. */
    protected String identify(RoutingContext ctx) {
        return null;
    }

    /**
     * Decides whether the request may reach the routes. Implementations that refuse must send the backend's
     * own rejection and return false.
     */
    protected boolean authorize(RoutingContext ctx, String principal) {
        return true;
    }

    /** Adds headers the backend puts on every response; runs just before headers are written. */
    protected void decorateResponse(RoutingContext ctx) {
    }

    /** Path with backend-specific prefixes removed, so fault prefixes work either way (e.g. GitHub's /api/v3). */
    protected String canonicalPath(String path) {
        return path;
    }

    protected void notFound(RoutingContext ctx) {
        sendText(ctx, 404, "text/plain; charset=utf-8", "Not Found");
    }

    protected void methodNotAllowed(RoutingContext ctx, Set<HttpMethod> allowed) {
        ctx.response().putHeader("Allow", String.join(", ", allowed.stream().map(HttpMethod::name).toList()));
        sendText(ctx, 405, "text/plain; charset=utf-8", "Method Not Allowed");
    }

    protected void internalError(RoutingContext ctx, Throwable error) {
        sendText(ctx, 500, "text/plain; charset=utf-8", "Internal Server Error");
    }

    // ---------------------------------------------------------------- routing

    @FunctionalInterface
    protected interface RouteHandler {
        void handle(RoutingContext ctx, PathParams params) throws Exception;
    }

    /**
     * Registers a route from a template: {@code {name}} is one path segment, {@code {name:regex}} any regex.
     * Group names must be alphanumeric (Java named-group rules).
     */
    protected final void on(HttpMethod method, String template, RouteHandler handler) {
        onRegex(method, templateToRegex(template), handler);
    }

    protected final void onRegex(HttpMethod method, String regex, RouteHandler handler) {
        Pattern pattern = Pattern.compile(regex);
        routeDefs.add(new RouteDef(method, pattern));
        router.routeWithRegex(method, regex).handler(ctx -> {
            Matcher m = pattern.matcher(ctx.normalizedPath());
            if (!m.matches()) {
                ctx.next();
                return;
            }
            try {
                handler.handle(ctx, new PathParams(m));
            } catch (Exception e) {
                ctx.fail(e);
            }
        });
    }

    protected static String templateToRegex(String template) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
            }
            int depth = 1;
            int j = i + 1;
            while (j < template.length() && depth > 0) {
                char d = template.charAt(j);
                if (d == '{') {
                    depth++;
                } else if (d == '}') {
                    depth--;
                }
                j++;
            }
            String spec = template.substring(i + 1, j - 1);
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            String part = colon < 0 ? "[^/]+" : spec.substring(colon + 1);
            regex.append("(?<").append(name).append('>').append(part).append(')');
            i = j;
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }

    /** Named path groups, percent-decoded ('+' stays '+', as in a path). */
    protected static final class PathParams {
        private final Matcher matcher;

        PathParams(Matcher matcher) {
            this.matcher = matcher;
        }

        public String get(String name) {
            String raw = raw(name);
            return raw == null ? null : percentDecode(raw);
        }

        public String raw(String name) {
            try {
                return matcher.group(name);
            } catch (IllegalArgumentException noSuchGroup) {
                return null;
            }
        }

        public boolean has(String name) {
            return raw(name) != null;
        }
    }

    protected static String percentDecode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- pipeline

    private void journalAndDecorate(RoutingContext ctx) {
        String principal = safeIdentify(ctx);
        ctx.put(PRINCIPAL_KEY, principal);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.request().headers().forEach(e -> {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(redact(name, e.getValue()));
        });
        String body = ctx.body() == null ? "" : ctx.body().asString();
        RecordedRequest record = new RecordedRequest(ctx.request().method().name(), ctx.request().path(),
                ctx.request().query(), headers, body, principal, Instant.now());
        journal.add(record);
        ctx.put(RECORD_KEY, record);
        ctx.addHeadersEndHandler(v -> decorateResponse(ctx));
        ctx.next();
    }

    private String safeIdentify(RoutingContext ctx) {
        try {
            return identify(ctx);
        } catch (RuntimeException malformedCredentials) {
            return null;
        }
    }

    private static String redact(String name, String value) {
        if (!CREDENTIAL_HEADERS.contains(name)) {
            return value;
        }
        int space = value.indexOf(' ');
        return space < 0 ? "[redacted]" : value.substring(0, space) + " [redacted]";
    }

    private void applyFault(RoutingContext ctx) {
        RecordedRequest current = ctx.get(RECORD_KEY);
        Fault fault = null;
        synchronized (faultRules) {
            for (Iterator<FaultRule> it = faultRules.iterator(); it.hasNext(); ) {
                FaultRule rule = it.next();
                if (rule.matcher.test(current)) {
                    fault = rule.fault;
                    if (--rule.remaining == 0) {
                        it.remove();
                    }
                    break;
                }
            }
        }
        if (fault == null) {
            ctx.next();
            return;
        }
        Fault chosen = fault;
        if (chosen.delay().isZero()) {
            executeFault(ctx, chosen);
        } else {
            vertx.setTimer(chosen.delay().toMillis(), id -> {
                if (!ctx.response().closed()) {
                    executeFault(ctx, chosen);
                }
            });
        }
    }

    private void executeFault(RoutingContext ctx, Fault fault) {
        if (fault.dropsConnection()) {
            ctx.request().connection().close();
            return;
        }
        if (fault.passesThrough()) {
            ctx.next();
            return;
        }
        HttpServerResponse response = ctx.response();
        fault.headers().forEach(response::putHeader);
        if (fault.contentType() != null) {
            response.putHeader("Content-Type", fault.contentType());
        }
        response.setStatusCode(fault.status()).end(fault.body() == null ? "" : fault.body());
    }

    private void authenticate(RoutingContext ctx) {
        if (authorize(ctx, ctx.get(PRINCIPAL_KEY))) {
            ctx.next();
        }
    }

    /** The principal {@link #identify} found for this request. */
    protected String principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL_KEY);
    }

    private void noRouteMatched(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (RouteDef def : routeDefs) {
            if (def.pattern.matcher(path).matches()) {
                allowed.add(def.method);
            }
        }
        if (allowed.isEmpty()) {
            notFound(ctx);
        } else {
            methodNotAllowed(ctx, Collections.unmodifiableSet(allowed));
        }
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        Throwable error = ctx.failure();
        if (error != null) {
            System.err.println(displayName + ": handler failed for " + ctx.request().method() + " " + ctx.request().path()
                    + ": " + error);
        }
        if (ctx.statusCode() == 404) {
            notFound(ctx);
        } else if (ctx.statusCode() == 413 || ctx.statusCode() == 400) {
            sendText(ctx, ctx.statusCode(), "text/plain; charset=utf-8", "Bad Request");
        } else {
            internalError(ctx, error);
        }
    }

    // ---------------------------------------------------------------- response helpers

    protected void sendJson(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        sendText(ctx, status, "application/json; charset=utf-8", text);
    }

    protected void sendText(RoutingContext ctx, int status, String contentType, String text) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        response.setStatusCode(status).end(text == null ? "" : text);
    }

    protected void sendEmpty(RoutingContext ctx, int status) {
        HttpServerResponse response = ctx.response();
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(status).end();
        }
    }

    /** The JSON body, {@link JsonBody#missing()} when empty, {@link JsonBody#invalid()} when not JSON. */
    protected static JsonBody readJson(RoutingContext ctx) {
        String body = ctx.body() == null ? null : ctx.body().asString();
        if (body == null || body.isBlank()) {
            return new JsonBody(null, false);
        }
        try {
            return new JsonBody(JSON.readTree(body), false);
        } catch (JsonProcessingException e) {
            return new JsonBody(null, true);
        }
    }

    protected record JsonBody(JsonNode node, boolean invalid) {
        public boolean missing() {
            return node == null && !invalid;
        }

        public boolean isObject() {
            return node != null && node.isObject();
        }
    }

    /** Insertion-ordered JSON object from alternating keys and values; {@code null} values are kept as JSON null. */
    protected static Map<String, Object> obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of arguments");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** First query parameter value, decoded, or {@code null}. */
    protected static String query(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private record RouteDef(HttpMethod method, Pattern pattern) {
    }

    private static final class FaultRule {
        final Predicate<RecordedRequest> matcher;
        final Fault fault;
        int remaining;

        FaultRule(Predicate<RecordedRequest> matcher, Fault fault, int remaining) {
            this.matcher = matcher;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
