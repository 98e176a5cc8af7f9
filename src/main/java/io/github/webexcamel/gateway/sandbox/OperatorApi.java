package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Device;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Message;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Person;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Room;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the humans in the simulation do (post, submit cards, share files) and what an operator inspects.
 * The same operations back the Java API of {@link WebexSandbox} and the HTTP API under /sandbox/api.
 * Every method runs on the sandbox's event loop.
 */
final class OperatorApi {

    /** A browser playground on another localhost port calls this API. */
    private static final String LOCALHOST_ORIGIN = "https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?";

    private final SandboxCloud cloud;
    private final SandboxStore store;
    private final JsonViews views;
    private final MercuryHub mercury;
    private final SandboxEvents events;
    private final SseHub sse;
    private final SandboxFaults faults;

    OperatorApi(SandboxCloud cloud, MercuryHub mercury, SandboxEvents events, SseHub sse, SandboxFaults faults) {
        this.cloud = cloud;
        this.store = cloud.store();
        this.views = cloud.views();
        this.mercury = mercury;
        this.events = events;
        this.sse = sse;
        this.faults = faults;
    }

    // ---- operations

    ObjectNode createPerson(String email, String displayName) {
        return views.person(store.person(email, displayName));
    }

    ObjectNode createBot(String email, String displayName) {
        return views.person(store.person(email, displayName, true));
    }

    ObjectNode createGroupRoom(String title, List<String> memberEmails) {
        return createGroupRoom(WebexIds.randomUuid(), title, memberEmails);
    }

    ObjectNode createGroupRoom(String uuid, String title, List<String> memberEmails) {
        List<Person> members = new ArrayList<>();
        for (String email : memberEmails == null ? List.<String>of() : memberEmails) {
            members.add(store.person(email, null));
        }
        Person creator = members.isEmpty() ? store.bot() : members.get(0);
        return views.room(store.groupRoom(uuid, title == null ? "Sandbox room" : title, creator, members));
    }

    ObjectNode directRoom(String personEmail) {
        return views.room(store.directRoom(store.person(personEmail, null)));
    }

    ObjectNode userPost(String personEmail, String roomId, String text, String markdown, String parentId,
            boolean mentionBot) {
        Person p = store.person(personEmail, null);
        SandboxCloud.Draft d = new SandboxCloud.Draft();
        d.text = text;
        d.markdown = markdown;
        d.parentId = parentId;
        d.mentionBot = mentionBot;
        return views.message(cloud.post(p, room(p, roomId), d));
    }

    ObjectNode userSubmit(String personEmail, String cardMessageId, JsonNode inputs) {
        Person p = store.person(personEmail, null);
        Message card = store.messageById(cardMessageId);
        if (card == null) {
            throw new SandboxException(404, "No message with id " + cardMessageId);
        }
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            throw new SandboxException(400, "inputs must be an object.");
        }
        ObjectNode in = inputs == null || inputs.isNull() ? null : (ObjectNode) inputs.deepCopy();
        return views.action(cloud.submit(p, card, in));
    }

    ObjectNode userShare(String personEmail, String roomId, String text, List<SandboxFile> files) {
        if (files == null || files.isEmpty()) {
            throw new SandboxException(400, "A share needs at least one file.");
        }
        for (SandboxFile f : files) {
            if (f == null || f.name() == null || f.content() == null) {
                throw new SandboxException(400, "Every file needs a name and content.");
            }
        }
        Person p = store.person(personEmail, null);
        SandboxCloud.Draft d = new SandboxCloud.Draft();
        d.text = text;
        d.contents = List.copyOf(files);
        return views.message(cloud.post(p, room(p, roomId), d));
    }

    ObjectNode userAcknowledge(String personEmail, String messageId) {
        Person p = store.person(personEmail, null);
        Message m = store.messageById(messageId);
        if (m == null) {
            throw new SandboxException(404, "No message with id " + messageId);
        }
        return cloud.acknowledge(p, m);
    }

    List<ObjectNode> messages(String roomId) {
        Room room = store.roomById(roomId);
        if (room == null) {
            throw new SandboxException(404, "No room with id " + roomId);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (Message m : room.all) {
            if (!m.deleted) {
                out.add(views.message(m));
            }
        }
        return out;
    }

    List<ObjectNode> rooms() {
        List<ObjectNode> out = new ArrayList<>();
        store.rooms().forEach(r -> out.add(views.room(r)));
        return out;
    }

    List<ObjectNode> people() {
        List<ObjectNode> out = new ArrayList<>();
        store.people().forEach(p -> out.add(views.person(p)));
        return out;
    }

    List<ObjectNode> devices() {
        List<ObjectNode> out = new ArrayList<>();
        for (Device d : store.devices()) {
            ObjectNode n = views.device(d, store.bot());
            n.put("connectedSockets", mercury.socketsOf(d.uuid));
            out.add(n);
        }
        return out;
    }

    ObjectNode status() {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("devices", store.devices().size());
        n.put("connectedSockets", mercury.authorizedSockets());
        n.put("openSockets", mercury.openSockets());
        n.put("rooms", store.rooms().size());
        n.put("people", store.people().size());
        n.put("messages", store.messageCount());
        n.put("attachmentActions", store.actionCount());
        n.put("activityFrames", mercury.activityFrames());
        n.put("acks", mercury.acks());
        return n;
    }

    void pushActivity(ObjectNode activity) {
        events.activity(activity);
    }

    private Room room(Person p, String roomId) {
        if (roomId == null || roomId.isBlank()) {
            return store.directRoom(p);
        }
        Room room = store.roomById(roomId);
        if (room == null) {
            throw new SandboxException(404, "No room with id " + roomId);
        }
        return room;
    }

    // ---- HTTP

    void mount(Router r, BodyHandler body) {
        r.route("/sandbox/api/*").handler(CorsHandler.create()
                .addRelativeOrigin(LOCALHOST_ORIGIN)
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
                .allowedHeaders(Set.of("Content-Type", "Authorization", "Last-Event-ID")));
        r.route("/sandbox/api/*").handler(body);
        r.post("/sandbox/api/messages").handler(Http.guarded(ctx -> {
            ObjectNode b = Http.body(ctx);
            Http.json(ctx, 200, userPost(required(b, "personEmail"), Http.text(b, "roomId"), Http.text(b, "text"),
                    Http.text(b, "markdown"), Http.text(b, "parentId"), b.path("mentionBot").asBoolean(false)));
        }));
        r.post("/sandbox/api/attachment-actions").handler(Http.guarded(ctx -> {
            ObjectNode b = Http.body(ctx);
            Http.json(ctx, 200, userSubmit(required(b, "personEmail"), required(b, "messageId"), b.get("inputs")));
        }));
        r.post("/sandbox/api/shares").handler(Http.guarded(this::share));
        r.post("/sandbox/api/acknowledgements").handler(Http.guarded(ctx -> {
            ObjectNode b = Http.body(ctx);
            Http.json(ctx, 200, userAcknowledge(required(b, "personEmail"), required(b, "messageId")));
        }));
        r.get("/sandbox/api/rooms").handler(Http.guarded(ctx -> Http.items(ctx, rooms())));
        r.post("/sandbox/api/rooms").handler(Http.guarded(ctx -> {
            ObjectNode b = Http.body(ctx);
            List<String> emails = new ArrayList<>();
            b.path("memberEmails").forEach(e -> emails.add(e.asText()));
            Http.json(ctx, 200, createGroupRoom(Http.text(b, "title"), emails));
        }));
        r.post("/sandbox/api/direct-rooms").handler(Http.guarded(ctx ->
                Http.json(ctx, 200, directRoom(required(Http.body(ctx), "personEmail")))));
        r.get("/sandbox/api/rooms/:roomId/messages").handler(Http.guarded(ctx ->
                Http.items(ctx, messages(ctx.pathParam("roomId")))));
        r.get("/sandbox/api/people").handler(Http.guarded(ctx -> Http.items(ctx, people())));
        r.post("/sandbox/api/people").handler(Http.guarded(ctx -> {
            ObjectNode b = Http.body(ctx);
            Http.json(ctx, 200, createPerson(required(b, "email"), Http.text(b, "displayName")));
        }));
        r.get("/sandbox/api/bot").handler(Http.guarded(ctx -> Http.json(ctx, 200, views.person(store.bot()))));
        r.get("/sandbox/api/devices").handler(Http.guarded(ctx -> Http.items(ctx, devices())));
        r.get("/sandbox/api/status").handler(Http.guarded(ctx -> Http.json(ctx, 200, status())));
        r.get("/sandbox/api/events").handler(ctx -> sse.subscribe(ctx.response()));
        r.post("/sandbox/api/raw-frames").handler(Http.guarded(ctx -> {
            mercury.pushRaw(ctx.body() == null ? "" : ctx.body().asString());
            Http.noContent(ctx);
        }));
        r.post("/sandbox/api/activities").handler(Http.guarded(ctx -> {
            pushActivity(Http.body(ctx));
            Http.noContent(ctx);
        }));
        r.post("/sandbox/api/sockets/close").handler(Http.guarded(ctx -> {
            ObjectNode b = Http.body(ctx);
            mercury.closeAll(b.path("code").asInt(1000), b.path("reason").asText("closed by sandbox operator"));
            Http.noContent(ctx);
        }));
        r.post("/sandbox/api/faults").handler(Http.guarded(this::faults));
    }

    private void share(RoutingContext ctx) {
        ObjectNode b = Http.body(ctx);
        List<SandboxFile> files = new ArrayList<>();
        for (JsonNode f : b.path("files")) {
            byte[] content;
            try {
                content = Base64.getMimeDecoder().decode(f.path("contentBase64").asText(""));
            } catch (IllegalArgumentException e) {
                throw new SandboxException(400, "contentBase64 is not valid base64.");
            }
            files.add(new SandboxFile(f.path("name").asText("file"),
                    f.path("contentType").asText("application/octet-stream"), content));
        }
        Http.json(ctx, 200, userShare(required(b, "personEmail"), Http.text(b, "roomId"), Http.text(b, "text"), files));
    }

    /** {@code {"rateLimitPosts":{"count","retryAfter"}, "failPosts":{"count","status"}, "failRequests":{"count","status","retryAfter"},
     *  "failUpgrades":{"count","status"}, "delayMillis", "answerPings", "duplicateDelivery", "reset"}}. */
    private void faults(RoutingContext ctx) {
        ObjectNode b = Http.body(ctx);
        if (b.path("reset").asBoolean(false)) {
            faults.reset();
        }
        for (Map.Entry<String, JsonNode> e : b.properties()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "rateLimitPosts" -> faults.rateLimitNextPosts(v.path("count").asInt(1),
                        !v.has("retryAfter") ? "1" : v.get("retryAfter").isNull() ? null : v.get("retryAfter").asText());
                case "failRequests" -> faults.failNextRequests(v.path("count").asInt(1), v.path("status").asInt(503),
                        v.hasNonNull("retryAfter") ? v.get("retryAfter").asInt() : null);
                case "failPosts" -> faults.failNextPosts(v.path("count").asInt(1), v.path("status").asInt(500));
                case "failUpgrades" -> faults.failNextUpgrades(v.path("count").asInt(1), v.path("status").asInt(404));
                case "delayMillis" -> faults.delayRest(Duration.ofMillis(v.asLong()));
                case "answerPings" -> faults.answerPings(v.asBoolean(true));
                case "duplicateDelivery" -> faults.duplicateDelivery(v.asBoolean(false));
                case "reset" -> { }
                default -> throw new SandboxException(400, "Unknown fault: " + e.getKey());
            }
        }
        Http.noContent(ctx);
    }

    private static String required(ObjectNode body, String field) {
        String v = Http.text(body, field);
        if (v == null || v.isBlank()) {
            throw new SandboxException(400, field + " is required.");
        }
        return v;
    }
}
