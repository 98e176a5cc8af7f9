package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Action;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Message;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks as Webex has them for a bot: {@code /v1/webhooks} CRUD, and on a new message the bot can see (its own
 * included, as Webex does) or a submit of one of its cards, a POST of compact JSON (the webhook object, {@code actorId}
 * and {@code data} with ids only) to the target URL, signed {@code X-Spark-Signature = hex(HMAC-SHA1(secret, body))}
 * when the webhook has a secret. A 5xx or no answer is retried a few times with a growing pause; deliveries of one
 * webhook go out one at a time, in order. Runs on the sandbox's event loop.
 */
final class WebhookHub {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHub.class);
    static final String WEBHOOK = "WEBHOOK";
    private static final int MAX_ATTEMPTS = 4;
    private static final long FIRST_RETRY_MILLIS = 200;
    private static final int MAX_WEBHOOKS = 100;

    /** A registered webhook. */
    static final class Webhook {
        final String uuid;
        final String id;
        final long created;
        String name;
        String targetUrl;
        String resource;
        String event;
        String filter;
        String secret;
        String status = "active";
        /** Deliveries not yet answered, in order; the head is in flight. */
        final Queue<String> outbox = new ArrayDeque<>();

        Webhook(String uuid, String id, long created) {
            this.uuid = uuid;
            this.id = id;
            this.created = created;
        }
    }

    private final Vertx vertx;
    private final SandboxStore store;
    private final JsonViews views;
    private final SandboxFaults faults;
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private HttpClient client;

    WebhookHub(Vertx vertx, SandboxStore store, JsonViews views, SandboxFaults faults) {
        this.vertx = vertx;
        this.store = store;
        this.views = views;
        this.faults = faults;
    }

    void mount(Router r) {
        r.get("/v1/webhooks").handler(Http.guarded(this::list));
        r.post("/v1/webhooks").handler(Http.guarded(this::create));
        r.get("/v1/webhooks/:id").handler(Http.guarded(ctx -> Http.json(ctx, 200, view(find(ctx)))));
        r.put("/v1/webhooks/:id").handler(Http.guarded(this::update));
        r.delete("/v1/webhooks/:id").handler(Http.guarded(ctx -> {
            webhooks.remove(find(ctx).id);
            Http.noContent(ctx);
        }));
    }

    // ---- REST

    private void list(RoutingContext ctx) {
        List<ObjectNode> items = new ArrayList<>();
        int max = Math.max(1, Math.min(Http.intParam(ctx, "max", 100), 100));
        for (Webhook w : webhooks.values()) {
            if (items.size() == max) {
                break;
            }
            items.add(view(w));
        }
        Http.items(ctx, items);
    }

    private void create(RoutingContext ctx) {
        ObjectNode body = Http.body(ctx);
        String name = Http.text(body, "name");
        String targetUrl = Http.text(body, "targetUrl");
        String resource = Http.text(body, "resource");
        String event = Http.text(body, "event");
        if (name == null || targetUrl == null || resource == null || event == null) {
            throw new SandboxException(400, "name, targetUrl, resource and event are required.");
        }
        if (!targetUrl.startsWith("http://") && !targetUrl.startsWith("https://")) {
            throw new SandboxException(400, "Invalid targetUrl.");
        }
        if (webhooks.size() >= MAX_WEBHOOKS) {
            throw new SandboxException(400, "Too many webhooks.");
        }
        String uuid = WebexIds.randomUuid();
        Webhook w = new Webhook(uuid, WebexIds.encode(store.cluster(), WEBHOOK, uuid), store.now());
        w.name = name;
        w.targetUrl = targetUrl;
        w.resource = resource;
        w.event = event;
        w.filter = Http.text(body, "filter");
        w.secret = Http.text(body, "secret");
        webhooks.put(w.id, w);
        Http.json(ctx, 200, view(w));
    }

    /** As Webex: name and targetUrl are required; secret and status may change; resource and event may not. */
    private void update(RoutingContext ctx) {
        Webhook w = find(ctx);
        ObjectNode body = Http.body(ctx);
        String name = Http.text(body, "name");
        String targetUrl = Http.text(body, "targetUrl");
        if (name == null || targetUrl == null) {
            throw new SandboxException(400, "name and targetUrl are required.");
        }
        w.name = name;
        w.targetUrl = targetUrl;
        if (body.has("secret")) {
            w.secret = Http.text(body, "secret");
        }
        String status = Http.text(body, "status");
        if (status != null) {
            if (!"active".equals(status) && !"inactive".equals(status)) {
                throw new SandboxException(400, "status must be active or inactive.");
            }
            w.status = status;
        }
        Http.json(ctx, 200, view(w));
    }

    private Webhook find(RoutingContext ctx) {
        Webhook w = webhooks.get(ctx.pathParam("id"));
        if (w == null) {
            throw new SandboxException(404, "The requested resource could not be found.");
        }
        return w;
    }

    private ObjectNode view(Webhook w) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("id", w.id);
        n.put("name", w.name);
        n.put("targetUrl", w.targetUrl);
        n.put("resource", w.resource);
        n.put("event", w.event);
        if (w.filter != null) {
            n.put("filter", w.filter);
        }
        if (w.secret != null) {
            n.put("secret", w.secret);
        }
        n.put("orgId", views.orgId());
        n.put("createdBy", store.bot().id);
        n.put("appId", WebexIds.encode("us", "APPLICATION", store.bot().uuid));
        n.put("ownedBy", "creator");
        n.put("status", w.status);
        n.put("created", JsonViews.iso(w.created));
        return n;
    }

    /** For the operator API and tests: the webhooks as the bot would list them. */
    List<ObjectNode> all() {
        return webhooks.values().stream().map(this::view).toList();
    }

    // ---- deliveries

    void messageCreated(Message m) {
        if (!m.visibleToBot || webhooks.isEmpty()) {
            return;
        }
        ObjectNode data = JsonViews.MAPPER.createObjectNode();
        data.put("id", m.id);
        data.put("roomId", m.room.id);
        data.put("roomType", m.room.direct ? "direct" : "group");
        data.put("personId", m.author.id);
        data.put("personEmail", m.author.email);
        if (m.parentUuid != null) {
            data.put("parentId", WebexIds.encode(store.cluster(), WebexIds.MESSAGE, m.parentUuid));
        }
        data.put("created", JsonViews.iso(m.created));
        deliver("messages", m.author.id, data);
    }

    void actionCreated(Action a) {
        // card submits reach the app that posted the card
        if (a.card.author != store.bot() || webhooks.isEmpty()) {
            return;
        }
        ObjectNode data = JsonViews.MAPPER.createObjectNode();
        data.put("id", a.id);
        data.put("type", "submit");
        data.put("messageId", a.card.id);
        data.put("personId", a.person.id);
        data.put("roomId", a.card.room.id);
        data.put("created", JsonViews.iso(a.created));
        deliver("attachmentActions", a.person.id, data);
    }

    private void deliver(String resource, String actorId, ObjectNode data) {
        for (Webhook w : webhooks.values()) {
            if (!"active".equals(w.status) || !matches(w.resource, resource) || !matches(w.event, "created")
                    || !filterMatches(w.filter, data)) {
                continue;
            }
            ObjectNode payload = view(w);
            payload.remove("secret");
            payload.put("resource", resource);
            payload.put("event", "created");
            payload.put("actorId", actorId);
            payload.set("data", data);
            String body = payload.toString(); // compact, as Webex sends it
            w.outbox.add(body);
            if (faults.duplicateWebhooks()) {
                w.outbox.add(body);
            }
            if (w.outbox.size() == (faults.duplicateWebhooks() ? 2 : 1)) {
                sendNext(w);
            }
        }
    }

    private static boolean matches(String registered, String actual) {
        return "all".equals(registered) || actual.equals(registered);
    }

    /** {@code key=value} pairs joined by {@code &}; each must equal the data's field. */
    private static boolean filterMatches(String filter, JsonNode data) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        for (String pair : filter.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && !pair.substring(eq + 1).equals(data.path(pair.substring(0, eq)).asText())) {
                return false;
            }
        }
        return true;
    }

    private void sendNext(Webhook w) {
        String body = w.outbox.peek();
        if (body != null) {
            attempt(w, body, 1);
        }
    }

    private void attempt(Webhook w, String body, int attempt) {
        if (!webhooks.containsKey(w.id)) {
            w.outbox.clear();
            return;
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(w.targetUrl)
                .putHeader("Content-Type", "application/json; charset=utf-8").setTimeout(10_000);
        if (w.secret != null && !w.secret.isEmpty()) {
            request.putHeader("X-Spark-Signature", sign(w.secret, body));
        }
        client().request(request)
                .compose(req -> req.send(Buffer.buffer(body, "UTF-8")))
                .compose(res -> res.body().map(ignored -> res.statusCode()))
                .onComplete(result -> {
                    int status = result.succeeded() ? result.result() : -1;
                    if ((status < 0 || status >= 500) && attempt < MAX_ATTEMPTS) {
                        long pause = FIRST_RETRY_MILLIS << (attempt - 1);
                        LOG.debug("Webhook delivery to {} failed ({}); retry {} in {} ms", w.targetUrl,
                                status < 0 ? result.cause().getMessage() : "HTTP " + status, attempt, pause);
                        vertx.setTimer(pause, id -> attempt(w, body, attempt + 1));
                        return;
                    }
                    if (status < 200 || status >= 300) {
                        LOG.info("Webhook delivery to {} given up: {}", w.targetUrl,
                                status < 0 ? result.cause().getMessage() : "HTTP " + status);
                    }
                    w.outbox.poll();
                    sendNext(w);
                });
    }

    static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    private HttpClient client() {
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(8).setKeepAlive(true)
                    .setTrustAll(true).setVerifyHost(false));
        }
        return client;
    }

    void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
