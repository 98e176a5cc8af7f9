package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * OpenAI-compatible chat-completions fake in the shape LiteLLM, vLLM and Ollama share
 * (backend-protocols.md section 4, checklist 4.7).
 *
 * <p>Replies are deterministic: a {@link #respondWith responder} maps the received conversation to the answer
 * text. The default one echoes every message it got ({@code [role] content}), so an end-to-end test can see in
 * the chat reply that thread context and memory reached the model. Streaming sends one SSE chunk per token with a
 * configurable delay between chunks.
 */
public final class FakeLlm extends FakeServer<FakeLlm> {

    /** How the server treats the API key. */
    public enum AuthMode {
        /** Ollama: a key may be sent but is never checked. */
        NONE,
        /** LiteLLM / OpenAI: Bearer key required, 401 with the OpenAI error envelope. */
        BEARER,
        /** vLLM {@code --api-key}: only {@code /v1*} is guarded, 401 body {@code {"error":"Unauthorized"}}. */
        VLLM
    }

    public static final String DEFAULT_API_KEY = "sk-fake-llm-key-for-tests";
    public static final String DEFAULT_MODEL = "fake-model";
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private final Set<String> models = new LinkedHashSet<>(List.of(DEFAULT_MODEL));
    private final List<ChatRequest> chatRequests = new CopyOnWriteArrayList<>();
    private final Deque<StreamFault> streamFaults = new ArrayDeque<>();
    private final AtomicLong completionIds = new AtomicLong();
    private String apiKey = DEFAULT_API_KEY;
    private AuthMode authMode = AuthMode.BEARER;
    private Function<ChatRequest, String> responder = FakeLlm::echo;
    private Duration tokenDelay = Duration.ofMillis(5);
    /** When each stream started and ended (nanos; 0 while open), so a client's concurrency bound can be seen. */
    private final List<long[]> streams = new CopyOnWriteArrayList<>();

    public FakeLlm() {
        super("FakeLlm");
    }

    // ================================================================= configuration

    /** {@code http://127.0.0.1:PORT/v1}, the base URL OpenAI clients expect. */
    @Override
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    public synchronized FakeLlm apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    public synchronized FakeLlm authMode(AuthMode mode) {
        this.authMode = mode;
        return this;
    }

    /** Replaces the served model list. */
    public synchronized FakeLlm models(String... ids) {
        models.clear();
        models.addAll(List.of(ids));
        return this;
    }

    /** Scripted answers: a function from what the client sent to the assistant's reply text. */
    public synchronized FakeLlm respondWith(Function<ChatRequest, String> replyFunction) {
        this.responder = replyFunction;
        return this;
    }

    public FakeLlm respondWith(String fixedReply) {
        return respondWith(request -> fixedReply);
    }

    /** Pause between streamed chunks. */
    /** The most answers that were streaming at the same moment, among those started after {@code sinceNanos}. */
    public int maxConcurrentStreams(long sinceNanos) {
        List<long[]> spans = streams.stream().filter(s -> s[0] >= sinceNanos).toList();
        int max = 0;
        for (long[] s : spans) {
            // the ones running at the moment s started (s included)
            int overlapping = (int) spans.stream().filter(o -> o[0] <= s[0] && (o[1] == 0 || o[1] > s[0])).count();
            max = Math.max(max, overlapping);
        }
        return max;
    }

    public synchronized FakeLlm tokenDelay(Duration delay) {
        this.tokenDelay = delay;
        return this;
    }

    /**
     * The next stream sends {@code afterTokens} tokens, then an in-band error event and {@code [DONE]}: how vLLM
     * reports failures once the 200 status is already out.
     */
    public synchronized FakeLlm failNextStream(int afterTokens, String message) {
        streamFaults.add(new StreamFault(afterTokens, message, false));
        return this;
    }

    /** The next stream sends {@code afterTokens} tokens, then the connection is cut without {@code [DONE]}. */
    public synchronized FakeLlm dropNextStream(int afterTokens) {
        streamFaults.add(new StreamFault(afterTokens, null, true));
        return this;
    }

    /** Every chat completion request received, parsed. */
    public List<ChatRequest> chatRequests() {
        return List.copyOf(chatRequests);
    }

    public ChatRequest lastChatRequest() {
        if (chatRequests.isEmpty()) {
            throw new IllegalStateException("no chat completion request received");
        }
        return chatRequests.get(chatRequests.size() - 1);
    }

    /** The default reply: every message received as {@code [role] content}, joined by {@code " | "}. */
    public static String echo(ChatRequest request) {
        return "Echo of " + request.messages().size() + " messages: "
                + request.messages().stream().map(m -> "[" + m.role() + "] " + m.content()).collect(Collectors.joining(" | "));
    }

    // ================================================================= fault factories (section 4.5)

    /** LiteLLM's 401: the OpenAI envelope with type {@code auth_error} and the code as a string. */
    public static Fault unauthorized() {
        return Fault.json(401, openAiError("Authentication Error, Invalid proxy server token passed.", "auth_error", null, "401"));
    }

    /** vLLM's 401, which is not the OpenAI shape. */
    public static Fault vllmUnauthorized() {
        return Fault.json(401, "{\"error\":\"Unauthorized\"}");
    }

    public static Fault modelNotFound(String model) {
        return Fault.json(404, openAiError("The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error", null, "model_not_found"));
    }

    /** 429 with OpenAI's rate-limit headers. @param retryAfter header value, {@code null} to omit */
    public static Fault rateLimited(String retryAfter) {
        return Fault.json(429, openAiError("Rate limit reached for requests", "requests", null, "rate_limit_exceeded"))
                .withHeader("retry-after", retryAfter)
                .withHeader("x-ratelimit-limit-requests", "60")
                .withHeader("x-ratelimit-remaining-requests", "0")
                .withHeader("x-ratelimit-reset-requests", "1s");
    }

    public static Fault serverError() {
        return Fault.json(500, openAiError("The server had an error while processing your request. Sorry about that!",
                "server_error", null, null));
    }

    public static Fault overloaded(String retryAfter) {
        return Fault.json(503, openAiError("The engine is currently overloaded, please try again later", "server_error", null, null))
                .withHeader("retry-after", retryAfter);
    }

    /** Older vLLM releases: a flat error object with an integer code. */
    public static Fault legacyVllmError(int status, String message) {
        return Fault.json(status, json(obj("object", "error", "message", message, "type", "BadRequestError", "param", null,
                "code", status)));
    }

    private static String openAiError(String message, String type, String param, String code) {
        return json(obj("error", obj("message", message, "type", type, "param", param, "code", code)));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ================================================================= pipeline hooks

    @Override
    protected synchronized String identify(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.substring(7).trim().equals(apiKey)) {
            return "api-key";
        }
        return null;
    }

    @Override
    protected synchronized boolean authorize(RoutingContext ctx, String principal) {
        if (authMode == AuthMode.NONE || principal != null) {
            return true;
        }
        if (authMode == AuthMode.VLLM) {
            if (!ctx.request().path().startsWith("/v1")) {
                return true;
            }
            sendJson(ctx, 401, "{\"error\":\"Unauthorized\"}");
            return false;
        }
        if (ctx.request().path().equals("/health")) {
            return true;
        }
        boolean sent = ctx.request().getHeader("Authorization") != null;
        sendJson(ctx, 401, openAiError(sent ? "Authentication Error, Invalid proxy server token passed."
                : "Authentication Error, No api key passed in.", "auth_error", null, "401"));
        return false;
    }

    @Override
    protected void notFound(RoutingContext ctx) {
        sendJson(ctx, 404, json(obj("detail", "Not Found")));
    }

    @Override
    protected void methodNotAllowed(RoutingContext ctx, Set<HttpMethod> allowed) {
        ctx.response().putHeader("Allow", allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
        sendJson(ctx, 405, json(obj("detail", "Method Not Allowed")));
    }

    @Override
    protected void internalError(RoutingContext ctx, Throwable error) {
        sendJson(ctx, 500, openAiError("The server had an error while processing your request. Sorry about that!",
                "server_error", null, null));
    }

    // ================================================================= routes

    @Override
    protected void registerRoutes() {
        for (String prefix : List.of("/v1", "")) {
            on(HttpMethod.POST, prefix + "/chat/completions", this::chatCompletions);
            on(HttpMethod.GET, prefix + "/models", this::listModels);
            on(HttpMethod.GET, prefix + "/models/{model:.+}", this::getModel);
        }
        on(HttpMethod.GET, "/health", (ctx, p) -> sendText(ctx, 200, null, ""));
    }

    private synchronized void listModels(RoutingContext ctx, PathParams p) {
        sendJson(ctx, 200, obj("object", "list", "data", models.stream().map(FakeLlm::modelJson).toList()));
    }

    private synchronized void getModel(RoutingContext ctx, PathParams p) {
        String model = p.get("model");
        if (!models.contains(model)) {
            sendJson(ctx, 404, openAiError("The model `" + model + "` does not exist or you do not have access to it.",
                    "invalid_request_error", null, "model_not_found"));
            return;
        }
        sendJson(ctx, 200, modelJson(model));
    }

    private static Map<String, Object> modelJson(String id) {
        return obj("id", id, "object", "model", "created", 1700000000L, "owned_by", "fake");
    }

    private void chatCompletions(RoutingContext ctx, PathParams p) {
        JsonBody body = readJson(ctx);
        if (body.invalid() || !body.isObject()) {
            badRequest(ctx, "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.", null, null);
            return;
        }
        JsonNode n = body.node();
        String model = n.path("model").asText(null);
        if (model == null || model.isEmpty()) {
            badRequest(ctx, "you must provide a model parameter", null, null);
            return;
        }
        JsonNode messagesNode = n.get("messages");
        if (messagesNode == null || !messagesNode.isArray()) {
            badRequest(ctx, "Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
            return;
        }
        if (messagesNode.isEmpty()) {
            badRequest(ctx, "[] is too short - 'messages'", null, null);
            return;
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < messagesNode.size(); i++) {
            JsonNode m = messagesNode.get(i);
            String role = m.path("role").asText(null);
            if (role == null) {
                badRequest(ctx, "Missing required parameter: 'messages[" + i + "].role'.", "messages[" + i + "].role",
                        "missing_required_parameter");
                return;
            }
            if (!ROLES.contains(role)) {
                badRequest(ctx, "Invalid value: '" + role + "'. Supported values are: 'system', 'assistant', 'user', 'function',"
                        + " 'tool', and 'developer'.", "messages[" + i + "].role", "invalid_value");
                return;
            }
            messages.add(new Message(role, contentText(m.get("content"))));
        }
        Function<ChatRequest, String> reply;
        Duration delay;
        StreamFault streamFault;
        synchronized (this) {
            if (!models.contains(model)) {
                sendJson(ctx, 404, openAiError("The model `" + model + "` does not exist or you do not have access to it.",
                        "invalid_request_error", null, "model_not_found"));
                return;
            }
            reply = responder;
            delay = tokenDelay;
            streamFault = n.path("stream").asBoolean(false) ? streamFaults.poll() : null;
        }
        ChatRequest request = new ChatRequest(model, List.copyOf(messages), n.path("stream").asBoolean(false), n);
        chatRequests.add(request);

        List<String> tokens = tokenize(reply.apply(request));
        int maxTokens = n.has("max_completion_tokens") ? n.path("max_completion_tokens").asInt() : n.path("max_tokens").asInt(Integer.MAX_VALUE);
        String finishReason = "stop";
        if (tokens.size() > maxTokens) {
            tokens = tokens.subList(0, maxTokens);
            finishReason = "length";
        }
        Map<String, Object> usage = obj("prompt_tokens", promptTokens(messages), "completion_tokens", tokens.size(),
                "total_tokens", promptTokens(messages) + tokens.size());
        String id = "chatcmpl-fake" + completionIds.incrementAndGet();
        long created = Instant.now().getEpochSecond();
        if (request.stream()) {
            stream(ctx, id, created, model, tokens, finishReason, n.path("stream_options").path("include_usage").asBoolean(false)
                    ? usage : null, delay, streamFault);
            return;
        }
        sendJson(ctx, 200, obj("id", id, "object", "chat.completion", "created", created, "model", model,
                "system_fingerprint", "fp_fake",
                "choices", List.of(obj("index", 0, "message", obj("role", "assistant", "content", String.join("", tokens),
                        "refusal", null), "logprobs", null, "finish_reason", finishReason)),
                "usage", usage));
    }

    private void badRequest(RoutingContext ctx, String message, String param, String code) {
        sendJson(ctx, 400, openAiError(message, "invalid_request_error", param, code));
    }

    /** Streams chat.completion.chunk events, one per token, then the finish chunk, optional usage and [DONE]. */
    private void stream(RoutingContext ctx, String id, long created, String model, List<String> tokens, String finishReason,
                        Map<String, Object> usage, Duration delay, StreamFault fault) {
        List<String> events = new ArrayList<>();
        events.add(chunk(id, created, model, obj("role", "assistant", "content", ""), null, usage != null));
        int limit = fault == null ? tokens.size() : Math.min(fault.afterTokens, tokens.size());
        for (int i = 0; i < limit; i++) {
            events.add(chunk(id, created, model, obj("content", tokens.get(i)), null, usage != null));
        }
        boolean drop = false;
        if (fault != null && fault.drop) {
            drop = true;
        } else if (fault != null) {
            events.add(json(obj("error", obj("message", fault.message, "type", "InternalServerError", "param", null, "code", 500))));
            events.add("[DONE]");
        } else {
            events.add(chunk(id, created, model, Map.of(), finishReason, usage != null));
            if (usage != null) {
                events.add(json(obj("id", id, "object", "chat.completion.chunk", "created", created, "model", model,
                        "system_fingerprint", "fp_fake", "choices", List.of(), "usage", usage)));
            }
            events.add("[DONE]");
        }
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache");
        long[] span = { System.nanoTime(), 0 };
        streams.add(span);
        response.closeHandler(v -> span[1] = span[1] == 0 ? System.nanoTime() : span[1]);
        writeEvents(ctx, events, 0, delay, drop, span);
    }

    private void writeEvents(RoutingContext ctx, List<String> events, int index, Duration delay, boolean dropAtEnd,
                             long[] span) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            return;
        }
        if (index >= events.size()) {
            if (dropAtEnd) {
                ctx.request().connection().close();
            } else {
                response.end();
            }
            return;
        }
        response.write("data: " + events.get(index) + "\n\n");
        if (index == events.size() - 1 && span[1] == 0) {
            span[1] = System.nanoTime(); // the answer is complete for the client from here
        }
        if (delay.isZero() || index == 0) {
            writeEvents(ctx, events, index + 1, delay, dropAtEnd, span);
        } else {
            vertx().setTimer(delay.toMillis(), t -> writeEvents(ctx, events, index + 1, delay, dropAtEnd, span));
        }
    }

    private static String chunk(String id, long created, String model, Map<String, Object> delta, String finishReason,
                                boolean withUsageField) {
        Map<String, Object> chunk = obj("id", id, "object", "chat.completion.chunk", "created", created, "model", model,
                "system_fingerprint", "fp_fake",
                "choices", List.of(obj("index", 0, "delta", delta, "logprobs", null, "finish_reason", finishReason)));
        if (withUsageField) {
            chunk.put("usage", null);
        }
        return json(chunk);
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text == null ? "" : text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static int promptTokens(List<Message> messages) {
        return messages.stream().mapToInt(m -> tokenize(m.content()).size() + 4).sum();
    }

    /** String content, or the text parts of an array content, joined. */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            content.forEach(part -> {
                if ("text".equals(part.path("type").asText())) {
                    parts.add(part.path("text").asText());
                }
            });
            return String.join("\n", parts);
        }
        return content.asText();
    }

    // ================================================================= request model

    public record Message(String role, String content) {
    }

    /** What the client sent: model, messages (text only) and the raw JSON for everything else. */
    public record ChatRequest(String model, List<Message> messages, boolean stream, JsonNode raw) {

        public String lastUserMessage() {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).role().equals("user")) {
                    return messages.get(i).content();
                }
            }
            return null;
        }

        public List<String> roles() {
            return messages.stream().map(Message::role).toList();
        }

        /** Numeric or textual request parameter, e.g. {@code temperature}, as text; null if absent. */
        public String parameter(String name) {
            JsonNode v = raw.get(name);
            return v == null || v.isNull() ? null : v.asText();
        }

        @Override
        public String toString() {
            return "ChatRequest[model=" + model + ", stream=" + stream + ", roles=" + roles() + "]";
        }
    }

    private record StreamFault(int afterTokens, String message, boolean drop) {
    }
}
