package io.github.webexcamel.gateway.fakes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * An A2A 0.3 agent over the JSON-RPC binding, shaped like the CAIPE supervisor (a2a-sdk 0.3): the agent card at
 * {@code /.well-known/agent-card.json} and the deprecated {@code agent.json} (both public), JSON-RPC at {@code POST /}
 * with errors as HTTP 200, {@code message/stream} as SSE whose every {@code data:} is a whole JSON-RPC response,
 * {@code message/send}, {@code tasks/get}, {@code tasks/cancel}, {@code tasks/resubscribe}, and an OAuth2
 * client-credentials token endpoint whose bearer tokens the RPC endpoint requires (401 as JSON, or as a bare
 * text body labelled {@code text/event-stream} when the client asked for a stream, as CAIPE's middleware does).
 *
 * <p>What a request does depends on its text, as a real agent's answer depends on the question:
 * "input" asks for input (a form with two fields) and a reply to that task finishes it; "slow" works until it is
 * canceled; "drop" cuts the connection after the first tool call and keeps working, so {@code tasks/resubscribe}
 * gets the rest; "fail" fails; "plan" adds an execution plan; "long" answers beyond one Webex message, "huge" with
 * 160 kB; anything
 * else is answered "echo: &lt;text&gt; (turn n)" after a tool call and streamed tokens.
 */
public final class FakeA2a extends FakeServer<FakeA2a> {

    public static final String CLIENT_ID = "webex-gateway";
    public static final String CLIENT_SECRET = "a2a-client-secret-value";
    public static final String SCOPE = "agents.invoke";
    public static final String AUDIENCE = "caipe";
    public static final String NAME = "fake-caipe";

    private volatile boolean streaming = true;
    private volatile boolean resubscribe = true;
    private volatile boolean crlf;
    private volatile boolean pings;
    private volatile boolean authRequired = true;
    private volatile String protocolVersion = "0.3.0";
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Duration eventDelay = Duration.ofMillis(40);
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** A task as the agent keeps it: its state, and the events a resubscriber still gets. */
    static final class Task {
        final String id;
        final String contextId;
        volatile String state = "submitted";
        volatile boolean canceled;
        volatile List<Map<String, Object>> rest = List.of();
        volatile Map<String, Object> status;

        Task(String id, String contextId) {
            this.id = id;
            this.contextId = contextId;
        }
    }

    public FakeA2a() {
        super("fake A2A agent");
    }

    @Override
    public String baseUrl() {
        return rootUrl() + "/";
    }

    public String tokenUrl() {
        return rootUrl() + "/oauth/token";
    }

    public FakeA2a streaming(boolean streaming) {
        this.streaming = streaming;
        return this;
    }

    public FakeA2a resubscribe(boolean supported) {
        this.resubscribe = supported;
        return this;
    }

    /** sse-starlette's defaults: CRLF line ends and a {@code : ping} comment between events. */
    public FakeA2a starletteFraming(boolean on) {
        this.crlf = on;
        this.pings = on;
        return this;
    }

    public FakeA2a authRequired(boolean required) {
        this.authRequired = required;
        return this;
    }

    public FakeA2a protocolVersion(String version) {
        this.protocolVersion = version;
        return this;
    }

    public FakeA2a tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    public FakeA2a eventDelay(Duration delay) {
        this.eventDelay = delay;
        return this;
    }

    /** Forgets every issued token, as an identity provider rotating its keys would. */
    public FakeA2a revokeTokens() {
        tokens.clear();
        return this;
    }

    public FakeA2a reset() {
        streaming = true;
        resubscribe = true;
        crlf = false;
        pings = false;
        authRequired = true;
        protocolVersion = "0.3.0";
        tokenLifetime = Duration.ofHours(1);
        eventDelay = Duration.ofMillis(40);
        messages.clear();
        clearFaults();
        clearRequests();
        return this;
    }

    /** The {@code params.message} of every message/send and message/stream, in order. */
    public List<JsonNode> receivedMessages() {
        return List.copyOf(messages);
    }

    /** The state the agent keeps for a task, or null for an unknown task. */
    public String taskState(String id) {
        Task task = tasks.get(id);
        return task == null ? null : task.state;
    }

    public long tokenRequests() {
        return requests("POST", "/oauth/token").size();
    }

    public List<String> rpcMethods() {
        return requests("POST", "/").stream().filter(r -> r.path().equals("/"))
                .map(r -> r.json().path("method").asText()).toList();
    }

    // ---------------------------------------------------------------- routes

    @Override
    protected void registerRoutes() {
        on(HttpMethod.GET, "/.well-known/agent-card.json", (ctx, p) -> sendJson(ctx, 200, card()));
        on(HttpMethod.GET, "/.well-known/agent.json", (ctx, p) -> sendJson(ctx, 200, card()));
        on(HttpMethod.POST, "/oauth/token", (ctx, p) -> token(ctx));
        on(HttpMethod.POST, "/", (ctx, p) -> rpc(ctx));
    }

    private Map<String, Object> card() {
        Map<String, Object> card = obj("protocolVersion", protocolVersion, "name", NAME,
                "description", "A fake CAIPE platform engineer", "url", baseUrl(), "preferredTransport", "JSONRPC",
                "version", "0.0.1", "capabilities", obj("streaming", streaming, "pushNotifications", false),
                "defaultInputModes", List.of("text", "text/plain"), "defaultOutputModes", List.of("text", "text/plain"),
                "skills", List.of(obj("id", "ai_platform_engineer", "name", "AI Platform Engineer",
                        "description", "Answers platform questions", "tags", List.of("github", "jira"),
                        "examples", List.of("show argocd version"))));
        if (authRequired) {
            card.put("securitySchemes", obj("oauth2", obj("type", "oauth2", "flows",
                    obj("clientCredentials", obj("tokenUrl", tokenUrl(), "scopes", obj(SCOPE, "invoke agents"))))));
            card.put("security", List.of(obj("oauth2", List.of(SCOPE))));
        }
        return card;
    }

    /** RFC 6749 4.4: client credentials in the form or in Basic auth; scope and audience (Auth0 style) checked. */
    private void token(RoutingContext ctx) {
        Map<String, List<String>> form = ctx.get("fake.record") == null ? Map.of()
                : ((RecordedRequest) ctx.get("fake.record")).formParams();
        String id = first(form, "client_id");
        String secret = first(form, "client_secret");
        String basic = ctx.request().getHeader("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6))).split(":", 2);
            id = pair[0];
            secret = pair.length > 1 ? pair[1] : null;
        }
        if (!"client_credentials".equals(first(form, "grant_type"))) {
            sendJson(ctx, 400, obj("error", "unsupported_grant_type"));
        } else if (!CLIENT_ID.equals(id) || !CLIENT_SECRET.equals(secret)) {
            sendJson(ctx, 401, obj("error", "invalid_client", "error_description", "Client authentication failed"));
        } else if (!SCOPE.equals(first(form, "scope")) || !AUDIENCE.equals(first(form, "audience"))) {
            sendJson(ctx, 400, obj("error", "invalid_scope"));
        } else {
            String token = "tok-" + UUID.randomUUID();
            tokens.put(token, Instant.now().plus(tokenLifetime));
            sendJson(ctx, 200, obj("access_token", token, "token_type", "Bearer", "expires_in", tokenLifetime.toSeconds(),
                    "scope", SCOPE));
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    protected String identify(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        Instant expires = tokens.get(header.substring(7));
        return expires != null && expires.isAfter(Instant.now()) ? CLIENT_ID : null;
    }

    @Override
    protected boolean authorize(RoutingContext ctx, String principal) {
        String path = ctx.normalizedPath();
        if (!authRequired || principal != null || path.startsWith("/.well-known/") || path.equals("/oauth/token")) {
            return true;
        }
        String accept = ctx.request().getHeader("Accept");
        if (accept != null && accept.contains("text/event-stream")) {
            sendText(ctx, 401, "text/event-stream", "error unauthorized: Invalid or expired token.");
        } else {
            sendJson(ctx, 401, obj("error", "unauthorized", "reason", "Invalid or expired token."));
        }
        return false;
    }

    // ---------------------------------------------------------------- JSON-RPC

    private void rpc(RoutingContext ctx) {
        JsonBody body = readJson(ctx);
        if (body.invalid() || !body.isObject()) {
            sendJson(ctx, 200, error(null, -32700, "Parse error"));
            return;
        }
        JsonNode request = body.node();
        Object id = request.path("id").isNumber() ? request.path("id").numberValue() : request.path("id").asText(null);
        String method = request.path("method").asText();
        JsonNode params = request.path("params");
        switch (method) {
            case "message/stream", "message/send" -> {
                JsonNode message = params.path("message");
                if (!message.isObject() || !message.path("parts").isArray()) {
                    sendJson(ctx, 200, error(id, -32602, "Invalid params: message is required"));
                    return;
                }
                messages.add(message);
                if (method.equals("message/stream") && !streaming) {
                    sendJson(ctx, 200, error(id, -32004, "Streaming is not supported by the agent"));
                    return;
                }
                List<Map<String, Object>> events = new ArrayList<>();
                Task task = plan(message, events);
                if (method.equals("message/send")) {
                    sendJson(ctx, 200, result(id, finish(task, events)));
                } else {
                    stream(ctx, id, task, events);
                }
            }
            case "tasks/get" -> {
                Task task = tasks.get(params.path("id").asText());
                sendJson(ctx, 200, task == null ? error(id, -32001, "Task not found") : result(id, taskObject(task)));
            }
            case "tasks/cancel" -> {
                Task task = tasks.get(params.path("id").asText());
                if (task == null) {
                    sendJson(ctx, 200, error(id, -32001, "Task not found"));
                } else if (terminal(task.state)) {
                    sendJson(ctx, 200, error(id, -32002, "Task cannot be canceled"));
                } else {
                    task.canceled = true;
                    task.state = "canceled";
                    task.status = obj("state", "canceled", "timestamp", Instant.now().toString());
                    sendJson(ctx, 200, result(id, taskObject(task)));
                }
            }
            case "tasks/resubscribe" -> {
                Task task = tasks.get(params.path("id").asText());
                if (!resubscribe) {
                    sendJson(ctx, 200, error(id, -32004, "This operation is not supported"));
                } else if (task == null) {
                    sendJson(ctx, 200, error(id, -32001, "Task not found"));
                } else {
                    List<Map<String, Object>> events = new ArrayList<>(task.rest);
                    task.rest = List.of();
                    if (events.isEmpty()) {
                        events.add(taskObject(task));
                    }
                    stream(ctx, id, task, events);
                }
            }
            default -> sendJson(ctx, 200, error(id, -32601, "Method not found"));
        }
    }

    /** The events the request produces, in order; the task they belong to. */
    private Task plan(JsonNode message, List<Map<String, Object>> events) {
        String text = "";
        for (JsonNode part : message.path("parts")) {
            if ("text".equals(part.path("kind").asText())) {
                text = part.path("text").asText();
                break;
            }
        }
        String contextId = message.path("contextId").asText(null);
        if (contextId == null) {
            contextId = "ctx-" + ids.incrementAndGet();
        }
        int turn = turns.computeIfAbsent(contextId, c -> new AtomicInteger()).incrementAndGet();
        Task previous = message.hasNonNull("taskId") ? tasks.get(message.path("taskId").asText()) : null;
        Task task = previous != null && "input-required".equals(previous.state) ? previous
                : new Task("task-" + ids.incrementAndGet(), contextId);
        tasks.put(task.id, task);
        String t = task.id;
        String c = task.contextId;
        if (task != previous) {
            events.add(obj("kind", "task", "id", t, "contextId", c, "status", obj("state", "submitted",
                    "timestamp", Instant.now().toString()), "history", List.of(message)));
        }
        events.add(working(t, c, "Looking into it"));
        if (task == previous) {
            JsonNode data = null;
            for (JsonNode part : message.path("parts")) {
                if ("data".equals(part.path("kind").asText())) {
                    data = part.path("data");
                }
            }
            String env = data == null ? "?" : data.path("environment").asText("?");
            String ns = data == null ? "?" : data.path("namespace").asText("?");
            events.add(artifact(t, c, "final_result", "Deployed to " + env + " in namespace " + ns + ".", false, true));
            events.add(status(t, c, "completed", null, true));
            return task;
        }
        String lower = text.toLowerCase();
        if (lower.contains("input")) {
            Map<String, Object> ask = obj("role", "agent", "messageId", "m-" + ids.incrementAndGet(), "taskId", t,
                    "contextId", c, "kind", "message", "parts", List.of(
                            obj("kind", "text", "text", "Where should I deploy?"),
                            obj("kind", "data", "data", obj("user_input", true, "input_fields", List.of(
                                    obj("field_name", "environment", "field_description", "Target environment",
                                            "field_values", List.of("dev", "prod")),
                                    obj("field_name", "namespace", "field_description", "Kubernetes namespace",
                                            "field_values", List.of()))))));
            events.add(status(t, c, "input-required", ask, true));
            return task;
        }
        if (lower.contains("silent")) {
            events.add(obj("slow", true, "silent", true));
            return task;
        }
        if (lower.contains("slow")) {
            events.add(obj("slow", true));
            return task;
        }
        if (lower.contains("fail")) {
            events.add(toolStart(t, c));
            events.add(status(t, c, "failed", agentText(t, c, "The argocd tool exploded."), true));
            return task;
        }
        if (lower.contains("plan")) {
            events.add(artifact(t, c, "execution_plan_update", "⟦1. Check argocd\n2. Summarise⟧", false, true));
            events.add(planStatus(t, c, "in_progress", "pending"));
        }
        events.add(toolStart(t, c));
        if (lower.contains("drop")) {
            events.add(obj("drop", true));
        }
        events.add(artifact(t, c, "tool_notification_end", "✅ Supervisor: Agent Argocd finished", false, true,
                obj("tool_name", "argocd")));
        if (lower.contains("plan")) {
            events.add(planStatus(t, c, "completed", "in_progress"));
        }
        String answer = lower.contains("huge") ? "A huge answer.\n\n" + "All work and no play makes a dull agent. ".repeat(4000)
                : lower.contains("long") ? "A long answer.\n\n" + "All work and no play makes a dull agent. ".repeat(300)
                : "echo: " + text + " (turn " + turn + ")";
        String streamId = "sr-" + ids.incrementAndGet();
        int third = Math.max(1, answer.length() / 3);
        events.add(artifact(t, c, "streaming_result", streamId, answer.substring(0, third), false, false, null));
        events.add(artifact(t, c, "streaming_result", streamId, answer.substring(third, 2 * third), true, false, null));
        events.add(artifact(t, c, "streaming_result", streamId, answer.substring(2 * third), true, false, null));
        if (lower.contains("plan")) {
            events.add(planStatus(t, c, "completed", "completed"));
        }
        events.add(artifact(t, c, "final_result", answer, false, true, obj("trace_id", "trace-" + t)));
        events.add(status(t, c, "completed", null, true));
        return task;
    }

    /** message/send: the task as it ends (or the input-required it stops at). */
    private Map<String, Object> finish(Task task, List<Map<String, Object>> events) {
        List<Object> artifacts = new ArrayList<>();
        for (Map<String, Object> event : events) {
            if ("status-update".equals(event.get("kind"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> status = (Map<String, Object>) event.get("status");
                task.state = (String) status.get("state");
                task.status = status;
            } else if ("artifact-update".equals(event.get("kind"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> artifact = (Map<String, Object>) event.get("artifact");
                if ("final_result".equals(artifact.get("name"))) {
                    artifacts.add(artifact);
                }
            }
        }
        Map<String, Object> result = taskObject(task);
        result.put("artifacts", artifacts);
        return result;
    }

    private Map<String, Object> taskObject(Task task) {
        return obj("kind", "task", "id", task.id, "contextId", task.contextId, "status",
                task.status == null ? obj("state", task.state) : task.status);
    }

    // ---------------------------------------------------------------- SSE

    private void stream(RoutingContext ctx, Object id, Task task, List<Map<String, Object>> events) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store");
        write(ctx, id, task, events, 0, 0);
    }

    private void write(RoutingContext ctx, Object id, Task task, List<Map<String, Object>> events, int index, int ticks) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (index >= events.size()) {
            response.end();
            return;
        }
        Map<String, Object> event = events.get(index);
        String nl = crlf ? "\r\n" : "\n";
        if (event.containsKey("drop")) {
            // the agent keeps working: a resubscriber gets the rest of the task's events
            task.rest = new ArrayList<>(events.subList(index + 1, events.size()));
            task.state = "working";
            ctx.request().connection().close();
            return;
        }
        if (event.containsKey("slow")) {
            if (task.canceled || ticks > 300) {
                response.write(sse(id, status(task.id, task.contextId, "canceled", null, true), nl));
                response.end();
                return;
            }
            if (ticks % 5 == 0 && !event.containsKey("silent")) {
                response.write(sse(id, working(task.id, task.contextId, "Still working (" + ticks / 5 + ")"), nl));
            }
            vertx().setTimer(100, x -> write(ctx, id, task, events, index, ticks + 1));
            return;
        }
        if ("status-update".equals(event.get("kind"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) event.get("status");
            if (!task.canceled) {
                task.state = (String) status.get("state");
                task.status = status;
            }
        }
        if (task.canceled && !"canceled".equals(statusState(event))) {
            response.write(sse(id, status(task.id, task.contextId, "canceled", null, true), nl));
            response.end();
            return;
        }
        response.write(sse(id, event, nl));
        if (pings && index == 0) {
            response.write(": ping - " + Instant.now() + nl + nl);
        }
        if (Boolean.TRUE.equals(event.get("final"))) {
            response.end();
            return;
        }
        vertx().setTimer(Math.max(1, eventDelay.toMillis()), x -> write(ctx, id, task, events, index + 1, 0));
    }

    @SuppressWarnings("unchecked")
    private static String statusState(Map<String, Object> event) {
        Object status = event.get("status");
        return status instanceof Map<?, ?> m ? String.valueOf(((Map<String, Object>) m).get("state")) : null;
    }

    private static String sse(Object id, Map<String, Object> result, String nl) {
        try {
            return "data: " + JSON.writeValueAsString(obj("jsonrpc", "2.0", "id", id, "result", result)) + nl + nl;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- 0.3 objects

    private static boolean terminal(String state) {
        return Set.of("completed", "canceled", "failed", "rejected").contains(state);
    }

    private static Map<String, Object> result(Object id, Object result) {
        return obj("jsonrpc", "2.0", "id", id, "result", result);
    }

    private static Map<String, Object> error(Object id, int code, String message) {
        return obj("jsonrpc", "2.0", "id", id, "error", obj("code", code, "message", message));
    }

    private Map<String, Object> agentText(String taskId, String contextId, String text) {
        return obj("role", "agent", "messageId", "m-" + ids.incrementAndGet(), "taskId", taskId, "contextId", contextId,
                "kind", "message", "parts", List.of(obj("kind", "text", "text", text)));
    }

    private Map<String, Object> working(String t, String c, String text) {
        return status(t, c, "working", agentText(t, c, text), false);
    }

    private static Map<String, Object> status(String t, String c, String state, Map<String, Object> message, boolean last) {
        Map<String, Object> status = obj("state", state, "timestamp", Instant.now().toString());
        if (message != null) {
            status.put("message", message);
        }
        return obj("taskId", t, "contextId", c, "kind", "status-update", "status", status, "final", last);
    }

    private Map<String, Object> toolStart(String t, String c) {
        return artifact(t, c, "tool_notification_start", "🔧 Supervisor: Calling Agent Argocd…", false, true,
                obj("tool_name", "argocd"));
    }

    private Map<String, Object> artifact(String t, String c, String name, String text, boolean append, boolean last) {
        return artifact(t, c, name, text, append, last, null);
    }

    private Map<String, Object> artifact(String t, String c, String name, String text, boolean append, boolean last,
                                         Map<String, Object> metadata) {
        return artifact(t, c, name, "a-" + ids.incrementAndGet(), text, append, last, metadata);
    }

    private static Map<String, Object> artifact(String t, String c, String name, String artifactId, String text,
                                                boolean append, boolean last, Map<String, Object> metadata) {
        Map<String, Object> artifact = obj("artifactId", artifactId, "name", name,
                "parts", List.of(obj("kind", "text", "text", text)));
        if (metadata != null) {
            artifact.put("metadata", metadata);
        }
        return obj("taskId", t, "contextId", c, "kind", "artifact-update", "artifact", artifact, "append", append,
                "lastChunk", last);
    }

    private Map<String, Object> planStatus(String t, String c, String first, String second) {
        Map<String, Object> artifact = obj("artifactId", "plan-" + t, "name", "execution_plan_status_update",
                "parts", List.of(obj("kind", "data", "data", obj("steps", List.of(
                        obj("step_id", "s1", "title", "Check argocd", "agent", "argocd", "status", first, "order", 1),
                        obj("step_id", "s2", "title", "Summarise", "agent", "supervisor", "status", second, "order", 2))))));
        return obj("taskId", t, "contextId", c, "kind", "artifact-update", "artifact", artifact, "append", false,
                "lastChunk", true);
    }
}
