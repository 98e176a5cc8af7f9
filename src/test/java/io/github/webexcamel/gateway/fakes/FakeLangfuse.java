package io.github.webexcamel.gateway.fakes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Langfuse's public score API as the gateway uses it: {@code POST /api/public/scores} with Basic auth (project public
 * key : secret key), a JSON body with {@code traceId}, {@code name}, {@code value} and optional {@code id},
 * {@code comment}, {@code dataType} (NUMERIC, CATEGORICAL, BOOLEAN; a BOOLEAN value is 0 or 1). Answers
 * {@code 200 {"id": …}}; a score posted again with the same id replaces the first (Langfuse upserts by id).
 * 401 {@code {"message": …}} for wrong keys, 400 for a body Langfuse would refuse.
 */
public final class FakeLangfuse extends FakeServer<FakeLangfuse> {

    public static final String PUBLIC_KEY = "pk-lf-test";
    public static final String SECRET_KEY = "sk-lf-test";
    private static final Set<String> TYPES = Set.of("NUMERIC", "CATEGORICAL", "BOOLEAN");

    private final Map<String, JsonNode> scores = new LinkedHashMap<>();

    public FakeLangfuse() {
        super("FakeLangfuse");
    }

    @Override
    public String baseUrl() {
        return rootUrl();
    }

    /** The scores stored, one per id, in the order first seen. */
    public synchronized List<JsonNode> scores() {
        return new ArrayList<>(scores.values());
    }

    public synchronized FakeLangfuse clearScores() {
        scores.clear();
        return this;
    }

    @Override
    protected void registerRoutes() {
        on(HttpMethod.POST, "/api/public/scores", this::createScore);
    }

    @Override
    protected String identify(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            return (PUBLIC_KEY + ":" + SECRET_KEY).equals(decoded) ? PUBLIC_KEY : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    protected boolean authorize(RoutingContext ctx, String principal) {
        if (principal == null) {
            sendJson(ctx, 401, obj("message", "Invalid credentials. Confirm that you've configured the correct host."));
            return false;
        }
        return true;
    }

    private synchronized void createScore(RoutingContext ctx, PathParams p) {
        JsonBody body = readJson(ctx);
        if (!body.isObject()) {
            sendJson(ctx, 400, obj("message", "Invalid request data", "error", List.of("body must be a JSON object")));
            return;
        }
        JsonNode score = body.node();
        String type = score.path("dataType").asText("NUMERIC");
        JsonNode value = score.path("value");
        List<String> errors = new ArrayList<>();
        if (!score.path("name").isTextual() || score.path("name").asText().isBlank()) {
            errors.add("name is required");
        }
        if (!score.path("traceId").isTextual() && !score.path("sessionId").isTextual()) {
            errors.add("traceId or sessionId is required");
        }
        if (!TYPES.contains(type)) {
            errors.add("dataType must be NUMERIC, CATEGORICAL or BOOLEAN");
        } else if ("CATEGORICAL".equals(type) ? !value.isTextual() : !value.isNumber()) {
            errors.add("value does not fit dataType " + type);
        } else if ("BOOLEAN".equals(type) && !(value.asDouble() == 0 || value.asDouble() == 1)) {
            errors.add("a BOOLEAN value is 0 or 1");
        }
        if (!errors.isEmpty()) {
            sendJson(ctx, 400, obj("message", "Invalid request data", "error", errors));
            return;
        }
        String id = score.path("id").isTextual() ? score.path("id").asText() : UUID.randomUUID().toString();
        scores.put(id, score);
        sendJson(ctx, 200, obj("id", id));
    }
}
