package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Action;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Message;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Person;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Room;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public REST API ("Hydra", https://webexapis.com/v1) as the bot sees it. */
final class HydraApi {

    private static final String NOT_FOUND = "The requested resource could not be found.";

    private final SandboxCloud cloud;
    private final SandboxStore store;
    private final JsonViews views;
    private final SandboxFaults faults;
    private final SandboxUrls urls;

    HydraApi(SandboxCloud cloud, SandboxFaults faults, SandboxUrls urls) {
        this.cloud = cloud;
        this.store = cloud.store();
        this.views = cloud.views();
        this.faults = faults;
        this.urls = urls;
    }

    void mount(Router r) {
        r.get("/v1/people/me").handler(Http.guarded(ctx -> Http.json(ctx, 200, views.person(store.bot()))));
        r.get("/v1/people/:id").handler(Http.guarded(this::getPerson));
        r.get("/v1/people").handler(Http.guarded(this::listPeople));
        r.get("/v1/messages/direct").handler(Http.guarded(this::listDirect));
        r.get("/v1/messages/:id").handler(Http.guarded(this::getMessage));
        r.get("/v1/messages").handler(Http.guarded(this::listMessages));
        r.post("/v1/messages").handler(Http.guarded(this::createMessage));
        r.put("/v1/messages/:id").handler(Http.guarded(this::editMessage));
        r.delete("/v1/messages/:id").handler(Http.guarded(this::deleteMessage));
        r.get("/v1/attachment/actions/:id").handler(Http.guarded(this::getAction));
        r.post("/v1/attachment/actions").handler(Http.guarded(this::createAction));
        r.get("/v1/rooms/:id").handler(Http.guarded(this::getRoom));
        r.get("/v1/rooms").handler(Http.guarded(this::listRooms));
        r.get("/v1/memberships").handler(Http.guarded(this::listMemberships));
        r.route(HttpMethod.GET, "/v1/contents/:id").handler(Http.guarded(this::getContent));
        r.route(HttpMethod.HEAD, "/v1/contents/:id").handler(Http.guarded(this::getContent));
    }

    /** Consulted before every Hydra handler: injected delays and failures. */
    void faults(RoutingContext ctx) {
        int status = faults.takeFailingRequest();
        if (status > 0) {
            Integer retryAfter = faults.failingRetryAfterSeconds();
            if (retryAfter != null) {
                ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
            }
            Http.error(ctx, status, status == 423 ? "Resource locked: the file is still being scanned." : "Service unavailable (injected fault).");
            return;
        }
        long delay = faults.restDelayMillis();
        if (delay > 0) {
            ctx.vertx().setTimer(delay, id -> ctx.next());
        } else {
            ctx.next();
        }
    }

    // ---- people

    private void getPerson(RoutingContext ctx) {
        Person p = store.personById(ctx.pathParam("id"));
        if (p == null) {
            throw new SandboxException(404, NOT_FOUND);
        }
        Http.json(ctx, 200, views.person(p));
    }

    private void listPeople(RoutingContext ctx) {
        String email = ctx.request().getParam("email");
        String id = ctx.request().getParam("id");
        List<ObjectNode> items = new ArrayList<>();
        if (email != null) {
            Person p = store.personByEmail(email);
            if (p != null) {
                items.add(views.person(p));
            }
        } else if (id != null) {
            for (String one : id.split(",")) {
                Person p = store.personById(one.trim());
                if (p != null) {
                    items.add(views.person(p));
                }
            }
        } else {
            throw new SandboxException(400, "Listing people requires email, displayName or id.");
        }
        Http.items(ctx, items);
    }

    // ---- messages

    private void getMessage(RoutingContext ctx) {
        Message m = store.messageById(ctx.pathParam("id"));
        // Raw uuids are not ids on the REST API (404 like Webex), and bots cannot read group
        // messages that do not mention them.
        if (m == null || !m.visibleToBot) {
            throw new SandboxException(404, "Unable to get message.");
        }
        Http.json(ctx, 200, views.message(m));
    }

    private void createMessage(RoutingContext ctx) {
        if (faults.takeRateLimitedPost()) {
            String retryAfter = faults.rateLimitRetryAfter();
            if (retryAfter != null) {
                ctx.response().putHeader("Retry-After", retryAfter);
            }
            Http.error(ctx, 429, "Too Many Requests");
            return;
        }
        int failing = faults.takeFailingPost();
        if (failing > 0) {
            Http.error(ctx, failing, "Service Unavailable");
            return;
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/")) {
            throw new SandboxException(400, "The sandbox accepts files only as public URLs in a JSON body.");
        }
        ObjectNode body = Http.body(ctx);
        Room room = targetRoom(body);
        SandboxCloud.Draft d = new SandboxCloud.Draft();
        d.text = Http.text(body, "text");
        d.markdown = Http.text(body, "markdown");
        d.html = Http.text(body, "html");
        d.parentId = Http.text(body, "parentId");
        JsonNode files = body.get("files");
        if (files != null && !files.isNull()) {
            List<String> urls = new ArrayList<>();
            if (files.isArray()) {
                files.forEach(f -> urls.add(f.asText()));
            } else {
                urls.add(files.asText());
            }
            if (urls.size() > 1) {
                throw new SandboxException(400, "Only one file per message is supported.");
            }
            d.files = urls;
        }
        JsonNode attachments = body.get("attachments");
        if (attachments != null && !attachments.isNull()) {
            if (attachments.isArray()) {
                d.attachments = (ArrayNode) attachments;
            } else if (attachments.isObject()) {
                d.attachments = JsonViews.MAPPER.createArrayNode().add(attachments);
            } else {
                throw new SandboxException(400, "attachments must be an array of card attachments.");
            }
        }
        Message m = cloud.post(store.bot(), room, d);
        Http.json(ctx, 200, views.message(m));
    }

    private Room targetRoom(ObjectNode body) {
        String roomId = Http.text(body, "roomId");
        String toPersonId = Http.text(body, "toPersonId");
        String toPersonEmail = Http.text(body, "toPersonEmail");
        int targets = (roomId != null ? 1 : 0) + (toPersonId != null ? 1 : 0) + (toPersonEmail != null ? 1 : 0);
        if (targets != 1) {
            throw new SandboxException(400, "Exactly one of roomId, toPersonId or toPersonEmail is required.");
        }
        if (roomId != null) {
            Room room = store.roomById(roomId);
            if (room == null) {
                throw new SandboxException(400, "Invalid roomId: could not find a room with the provided ID.");
            }
            return room;
        }
        Person p = toPersonId != null ? store.personById(toPersonId) : store.person(toPersonEmail, null);
        if (p == null) {
            throw new SandboxException(400, "Invalid toPersonId: could not find the person.");
        }
        if (p == store.bot()) {
            throw new SandboxException(400, "Cannot send a direct message to yourself.");
        }
        return store.directRoom(p);
    }

    private void editMessage(RoutingContext ctx) {
        Message m = store.messageById(ctx.pathParam("id"));
        if (m == null || !m.visibleToBot) {
            throw new SandboxException(404, "Unable to get message.");
        }
        ObjectNode body = Http.body(ctx);
        cloud.edit(store.bot(), m, Http.text(body, "roomId"), Http.text(body, "text"), Http.text(body, "markdown"),
                Http.text(body, "html"));
        Http.json(ctx, 200, views.message(m));
    }

    private void deleteMessage(RoutingContext ctx) {
        Message m = store.messageById(ctx.pathParam("id"));
        if (m == null || !m.visibleToBot) {
            throw new SandboxException(404, "Unable to get message.");
        }
        cloud.delete(store.bot(), m);
        Http.noContent(ctx);
    }

    private void listMessages(RoutingContext ctx) {
        String roomId = ctx.request().getParam("roomId");
        if (roomId == null || roomId.isBlank()) {
            throw new SandboxException(400, "roomId is required.");
        }
        Room room = store.roomById(roomId);
        if (room == null) {
            throw new SandboxException(404, "Could not find a room with provided ID.");
        }
        String mentioned = ctx.request().getParam("mentionedPeople");
        boolean onlyMentions = false;
        if (mentioned != null) {
            if (!"me".equals(mentioned) && store.personById(mentioned) != store.bot()) {
                throw new SandboxException(400, "mentionedPeople only supports 'me' or the caller's person id.");
            }
            onlyMentions = true;
        } else if (!room.direct) {
            // Bots only see the messages that mention them in group rooms, and must say so.
            throw new SandboxException(403, "Bots must list group-room messages with mentionedPeople=me.");
        }
        int max = Math.max(1, Math.min(Http.intParam(ctx, "max", 50), onlyMentions ? 100 : 1000));

        String parentParam = ctx.request().getParam("parentId");
        List<Message> source;
        String parentUuid = null;
        if (parentParam != null && !parentParam.isBlank()) {
            parentUuid = WebexIds.uuidOfRawOrPublic(parentParam, WebexIds.MESSAGE);
            source = parentUuid == null ? List.of() : store.replies(parentUuid);
        } else {
            source = room.botVisible;
        }
        int start = source.size();
        String beforeMessage = ctx.request().getParam("beforeMessage");
        if (beforeMessage != null && !beforeMessage.isBlank()) {
            Message b = store.messageById(beforeMessage);
            if (b == null || b.room != room) {
                throw new SandboxException(400, "Invalid beforeMessage.");
            }
            start = Math.min(start, source == room.botVisible && b.visibleIndex >= 0 ? b.visibleIndex : indexOf(source, b));
        }
        String before = ctx.request().getParam("before");
        if (before != null && !before.isBlank()) {
            start = Math.min(start, firstAtOrAfter(source, parseInstant(before)));
        }

        List<ObjectNode> items = new ArrayList<>();
        Message last = null;
        boolean more = false;
        for (int i = start - 1; i >= 0; i--) {
            Message m = source.get(i);
            if (m.deleted || !m.visibleToBot || m.room != room || onlyMentions && !m.mentions(store.bot())) {
                continue;
            }
            if (items.size() == max) {
                more = true;
                break;
            }
            items.add(views.message(m));
            last = m;
        }
        if (more) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("roomId", roomId);
            if (parentUuid != null) {
                q.put("parentId", parentParam);
            }
            if (mentioned != null) {
                q.put("mentionedPeople", mentioned);
            }
            q.put("max", String.valueOf(max));
            q.put("beforeMessage", last.id);
            ctx.response().putHeader("Link", "<" + urls.api() + "/messages?" + query(q) + ">; rel=\"next\"");
        }
        Http.items(ctx, items);
    }

    private void listDirect(RoutingContext ctx) {
        String email = ctx.request().getParam("personEmail");
        String personId = ctx.request().getParam("personId");
        Person p = email != null ? store.personByEmail(email) : personId != null ? store.personById(personId) : null;
        if (email == null && personId == null) {
            throw new SandboxException(400, "personId or personEmail is required.");
        }
        Room room = p == null ? null : store.existingDirectRoom(p);
        List<ObjectNode> items = new ArrayList<>();
        if (room != null) {
            String parentParam = ctx.request().getParam("parentId");
            String parentUuid = parentParam == null ? null : WebexIds.uuidOfRawOrPublic(parentParam, WebexIds.MESSAGE);
            List<Message> source = parentParam == null ? room.all : parentUuid == null ? List.of() : store.replies(parentUuid);
            int max = Math.max(1, Math.min(Http.intParam(ctx, "max", 50), 1000));
            for (int i = source.size() - 1; i >= 0 && items.size() < max; i--) {
                Message m = source.get(i);
                if (!m.deleted && m.room == room) {
                    items.add(views.message(m));
                }
            }
        }
        Http.items(ctx, items);
    }

    // ---- attachment actions

    private void getAction(RoutingContext ctx) {
        Action a = store.actionById(ctx.pathParam("id"));
        if (a == null || !(a.card.author == store.bot() || a.person == store.bot())) {
            throw new SandboxException(404, NOT_FOUND);
        }
        Http.json(ctx, 200, views.action(a));
    }

    private void createAction(RoutingContext ctx) {
        ObjectNode body = Http.body(ctx);
        String type = Http.text(body, "type");
        if (type != null && !"submit".equals(type)) {
            throw new SandboxException(400, "Only attachment actions of type 'submit' are supported.");
        }
        Message card = store.messageById(Http.text(body, "messageId"));
        if (card == null || !card.visibleToBot) {
            throw new SandboxException(400, "Invalid messageId.");
        }
        JsonNode inputs = body.get("inputs");
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            throw new SandboxException(400, "inputs must be an object.");
        }
        Action a = cloud.submit(store.bot(), card, inputs == null || inputs.isNull() ? null : (ObjectNode) inputs);
        Http.json(ctx, 200, views.action(a));
    }

    // ---- rooms and memberships

    private void getRoom(RoutingContext ctx) {
        Room room = store.roomById(ctx.pathParam("id"));
        if (room == null) {
            throw new SandboxException(404, "Could not find a room with provided ID.");
        }
        Http.json(ctx, 200, views.room(room));
    }

    private void listRooms(RoutingContext ctx) {
        String type = ctx.request().getParam("type");
        String sortBy = ctx.request().getParam("sortBy");
        int max = Math.max(1, Math.min(Http.intParam(ctx, "max", 100), 1000));
        List<Room> rooms = new ArrayList<>();
        for (Room room : store.rooms()) {
            if (type == null || type.equals(room.direct ? "direct" : "group")) {
                rooms.add(room);
            }
        }
        if ("lastactivity".equalsIgnoreCase(sortBy)) {
            rooms.sort(Comparator.comparingLong((Room rm) -> rm.lastActivity).reversed());
        } else if ("created".equalsIgnoreCase(sortBy)) {
            rooms.sort(Comparator.comparingLong((Room rm) -> rm.created).reversed());
        }
        List<ObjectNode> items = new ArrayList<>();
        for (Room room : rooms) {
            if (items.size() == max) {
                break;
            }
            items.add(views.room(room));
        }
        Http.items(ctx, items);
    }

    private void listMemberships(RoutingContext ctx) {
        String roomId = ctx.request().getParam("roomId");
        String email = ctx.request().getParam("personEmail");
        String personId = ctx.request().getParam("personId");
        Person filter = null;
        if (email != null || personId != null) {
            filter = email != null ? store.personByEmail(email) : store.personById(personId);
            if (filter == null) {
                Http.items(ctx, List.of());
                return;
            }
        }
        List<ObjectNode> items = new ArrayList<>();
        if (roomId != null) {
            Room room = store.roomById(roomId);
            if (room == null) {
                throw new SandboxException(404, "Could not find a room with provided ID.");
            }
            for (String memberUuid : room.members.keySet()) {
                Person p = store.personByUuid(memberUuid);
                if (p != null && (filter == null || filter == p)) {
                    items.add(views.membership(room, p));
                }
            }
        } else {
            Person who = filter == null ? store.bot() : filter;
            for (Room room : store.rooms()) {
                if (room.members.containsKey(who.uuid)) {
                    items.add(views.membership(room, who));
                }
            }
        }
        Http.items(ctx, items);
    }

    // ---- contents

    private void getContent(RoutingContext ctx) {
        WebexIds.Decoded d = WebexIds.decode(ctx.pathParam("id"));
        if (d == null || !WebexIds.CONTENT.equals(d.type())) {
            throw new SandboxException(404, NOT_FOUND);
        }
        int slash = d.local().lastIndexOf('/');
        Message m = slash < 0 ? null : store.message(d.local().substring(0, slash));
        int index;
        try {
            index = slash < 0 ? -1 : Integer.parseInt(d.local().substring(slash + 1));
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (m == null || !m.visibleToBot || index < 0 || index >= m.contents.size()) {
            throw new SandboxException(404, NOT_FOUND);
        }
        SandboxFile f = m.contents.get(index);
        String safeName = f.name().replace("\"", "").replace("\r", "").replace("\n", "");
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", f.contentType() == null ? "application/octet-stream" : f.contentType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + safeName + "\"")
                .putHeader("Content-Length", String.valueOf(f.content().length))
                .putHeader("TrackingID", Http.trackingId(ctx));
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.response().end();
        } else {
            ctx.response().end(io.vertx.core.buffer.Buffer.buffer(f.content()));
        }
    }

    // ---- helpers

    private static int indexOf(List<Message> list, Message m) {
        int i = list.indexOf(m);
        return i < 0 ? list.size() : i;
    }

    /** Index of the first message created at or after t (lists are in non-decreasing created order). */
    private static int firstAtOrAfter(List<Message> list, long t) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).created < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long parseInstant(String iso) {
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new SandboxException(400, "Invalid ISO-8601 time for before: " + iso);
        }
    }

    private static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }
}
