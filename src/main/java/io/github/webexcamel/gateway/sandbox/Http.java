package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Response helpers shared by the HTTP handlers: Webex error bodies, TrackingID, bearer auth. */
final class Http {

    private static final Logger LOG = LoggerFactory.getLogger(Http.class);
    private static final String TRACKING_KEY = "sandbox.trackingId";
    static final String JSON = "application/json;charset=UTF-8";

    private Http() {}

    /** Echoes the caller's TrackingID (any case) or makes one up, as Webex's routers do. */
    static String trackingId(RoutingContext ctx) {
        String id = ctx.get(TRACKING_KEY);
        if (id == null) {
            id = ctx.request().getHeader("TrackingID");
            if (id == null || id.isBlank()) {
                id = "ROUTER_" + WebexIds.randomUuid().toUpperCase(Locale.ROOT);
            }
            ctx.put(TRACKING_KEY, id);
        }
        return id;
    }

    static void json(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", JSON)
                .putHeader("TrackingID", trackingId(ctx))
                .end(body.toString());
    }

    static void items(RoutingContext ctx, Collection<ObjectNode> items) {
        ObjectNode body = JsonViews.MAPPER.createObjectNode();
        ArrayNode a = body.putArray("items");
        items.forEach(a::add);
        json(ctx, 200, body);
    }

    static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).putHeader("TrackingID", trackingId(ctx)).end();
    }

    /** {@code {message, errors:[{description}], trackingId}} plus the TrackingID header. */
    static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        String tid = trackingId(ctx);
        ObjectNode body = JsonViews.MAPPER.createObjectNode();
        body.put("message", message);
        body.putArray("errors").addObject().put("description", message);
        body.put("trackingId", tid);
        json(ctx, status, body);
    }

    /** Failures raised by vertx-web handlers (CORS refusal, oversized body) in the Webex error shape. */
    static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.warn("Sandbox request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        } else {
            LOG.debug("Sandbox request {} {} refused with {}", ctx.request().method(), ctx.request().path(), status);
        }
        String message = ctx.failure() != null && ctx.failure().getMessage() != null
                ? ctx.failure().getMessage() : "Request failed";
        error(ctx, status, message);
    }

    /** Runs a handler, turning refusals into Webex error responses. */
    static Handler<RoutingContext> guarded(Handler<RoutingContext> h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (SandboxException e) {
                error(ctx, e.status(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Sandbox handler failed for {} {}", ctx.request().method(), ctx.request().path(), e);
                error(ctx, 500, "Internal error in the Webex sandbox");
            }
        };
    }

    /** "Bearer" is matched case-insensitively, the token exactly. */
    static boolean bearerMatches(String header, String expected) {
        return header != null && header.length() == expected.length() && header.regionMatches(true, 0, expected, 0, 7)
                && header.regionMatches(7, expected, 7, expected.length() - 7);
    }

    /** The JSON object body; a missing or malformed body is a 400 like Webex answers. */
    static ObjectNode body(RoutingContext ctx) {
        String raw = ctx.body() == null ? null : ctx.body().asString();
        if (raw == null || raw.isBlank()) {
            return JsonViews.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = JsonViews.MAPPER.readTree(raw);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            // fall through to the 400
        }
        throw new SandboxException(400, "The request body is not a valid JSON object.");
    }

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw new SandboxException(400, "Field '" + field + "' must be a string.");
        }
        return n.asText();
    }

    static int intParam(RoutingContext ctx, String name, int fallback) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SandboxException(400, "Invalid value for " + name + ": " + v);
        }
    }
}
