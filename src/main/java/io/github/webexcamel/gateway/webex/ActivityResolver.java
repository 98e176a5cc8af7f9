package io.github.webexcamel.gateway.webex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.webex.mercury.DeviceRegistry;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Mercury activity, whose content is encrypted, into a {@link WebexEvent} by fetching the message
 * or attachment action through the REST API, as every Webex bot library does.
 */
class ActivityResolver {

    private static final Pattern SPARK_MENTION =
            Pattern.compile("<spark-mention[^>]*data-object-id=\"([^\"]+)\"[^>]*>([^<]*)</spark-mention>");

    private static final Logger LOG = LoggerFactory.getLogger(ActivityResolver.class);
    private static final Pattern FILENAME = Pattern.compile("filename\\*?=(?:UTF-8'')?\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final WebexRestClient rest;
    private final DeviceRegistry devices;
    private final ObjectMapper mapper;
    private final WebexIdentity me;
    /** Shares whose files are still being scanned, by room: the following content update completes them. */
    private final Map<String, String> pendingShares = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 1000;
        }
    });

    ActivityResolver(WebexRestClient rest, DeviceRegistry devices, ObjectMapper mapper, WebexIdentity me) {
        this.rest = rest;
        this.devices = devices;
        this.mapper = mapper;
        this.me = me;
    }

    /** Whether the activity is worth fetching at all; cheap, runs on the socket's event loop. */
    boolean accepts(JsonNode activity) {
        String verb = activity.path("verb").asText("");
        JsonNode actor = activity.path("actor");
        if (me.isSelf(actor.path("entryUUID").asText(null), actor.path("emailAddress").asText(null))) {
            LOG.trace("Ignored own activity");
            return false;
        }
        switch (verb) {
            case "post", "share", "update", "cardAction":
                if (!activity.path("id").isTextual() || !activity.path("target").path("id").isTextual()) {
                    LOG.warn("Dropped a '{}' activity without id or target", verb);
                    return false;
                }
                return true;
            default:
                LOG.debug("Dropped activity with verb '{}'", verb);
                return false;
        }
    }

    /** Completes with null when the activity needs no route (e.g. a share still being scanned). */
    Future<WebexEvent> resolve(JsonNode activity) {
        String actorType = activity.path("actor").path("type").asText(null);
        return resolveActivity(activity).map(event -> event == null || actorType == null ? event : event.withPersonType(actorType));
    }

    private Future<WebexEvent> resolveActivity(JsonNode activity) {
        String verb = activity.path("verb").asText();
        JsonNode target = activity.path("target");
        String roomUuid = target.path("id").asText();
        String activityId = activity.path("id").asText();
        String actorEmail = activity.path("actor").path("emailAddress").asText(null);
        switch (verb) {
            case "cardAction":
                return resolveCardAction(target, activityId, actorEmail);
            case "share":
                if (!filesSafe(activity.path("object"))) {
                    pendingShares.put(roomUuid, activityId);
                    LOG.debug("Share waits for its files to be scanned");
                    return Future.succeededFuture();
                }
                return resolveMessage(verb, target, activityId, true);
            case "update":
                JsonNode object = activity.path("object");
                if ("content".equals(object.path("objectType").asText())) {
                    if (!filesSafe(object)) {
                        return Future.succeededFuture();
                    }
                    String shareId = pendingShares.remove(roomUuid);
                    String uuid = shareId != null ? shareId : object.path("id").asText(null);
                    return uuid == null ? Future.succeededFuture() : resolveMessage("share", target, uuid, true);
                }
                String edited = object.path("id").asText(activity.path("parent").path("id").asText(null));
                return edited == null ? Future.succeededFuture()
                        : resolveMessage(verb, target, WebexIds.uuidOf(edited), false);
            default:
                return resolveMessage(verb, target, activityId, false);
        }
    }

    private static boolean filesSafe(JsonNode object) {
        for (JsonNode file : object.path("files").path("items")) {
            String state = file.path("malwareQuarantineState").asText("safe");
            if (!"safe".equals(state)) {
                return false;
            }
        }
        return true;
    }

    private Future<WebexEvent> resolveMessage(String verb, JsonNode target, String uuid, boolean withFiles) {
        return fetch(target, "MESSAGE", "messages", uuid).compose(message -> fromMessage(verb, message, withFiles));
    }

    /**
     * Reads the REST object of an activity: {@code GET /v1/<collection>/<public id>}, the id computed from the
     * uuid and the cluster the catalog gives the activity's conversation host. Should Webex not know that id
     * (a host the catalog does not place), the conversation service is asked for the public id, as webex_bot
     * does for every message, and the cluster it shows is remembered for the host.
     */
    private Future<JsonNode> fetch(JsonNode target, String type, String collection, String uuid) {
        String conversationUrl = target.path("url").asText(null);
        String path = "/" + collection + "/";
        return rest.get(path + WebexIds.encode(devices.clusterOf(conversationUrl), type, uuid)).recover(notFound -> {
            String marker = "conversations/" + target.path("id").asText();
            if (!(notFound instanceof WebexApiException api && api.status() == 404) || conversationUrl == null
                    || !conversationUrl.contains(marker)) {
                return Future.failedFuture(notFound);
            }
            return rest.get(conversationUrl.replace(marker, collection + "/" + uuid)).compose(resolved -> {
                String id = resolved.path("id").asText(null);
                if (id == null || WebexIds.decode(id).isEmpty()) {
                    return Future.<JsonNode> failedFuture(notFound);
                }
                devices.learnCluster(conversationUrl, id);
                return rest.get(path + id);
            }).recover(e -> {
                LOG.debug("The conversation service did not know {} {} either: {}", type, uuid, e.getMessage());
                return Future.failedFuture(notFound);
            });
        });
    }

    /** An event for a message already read from the REST API (catch-up); null for the bot's own. */
    Future<WebexEvent> fromMessage(JsonNode message) {
        boolean files = message.path("files").isArray() && message.path("files").size() > 0;
        return fromMessage(files ? "share" : "post", message, files);
    }

    private Future<WebexEvent> fromMessage(String verb, JsonNode message, boolean withFiles) {
        if (me.isSelf(message.path("personId").asText(null), message.path("personEmail").asText(null))) {
            return Future.succeededFuture();
        }
        Future<List<Map<String, Object>>> files = withFiles ? describeFiles(message.path("files"))
                : Future.succeededFuture(List.of());
        return files.map(list -> {
            String roomType = message.path("roomType").asText("group");
            String id = message.path("id").asText();
            String parent = message.path("parentId").asText(null);
            if (parent == null && "group".equals(roomType)) {
                parent = id;
            }
            return new WebexEvent(verb, id, message.path("roomId").asText(), roomType,
                    message.path("personId").asText(null), message.path("personEmail").asText(null), id, parent,
                    null, message, stripMention(message, roomType), Map.of(), list, null);
        });
    }

    /**
     * A message a webhook announced (its payload carries ids only): read through REST as Mercury's are. Like
     * Mercury, a group message that does not mention the bot is not for it (Webex only delivers mentions to a
     * bot; a webhook of another kind, e.g. one registered by hand without the bot's filter, must not widen that).
     */
    Future<WebexEvent> fromWebhookMessage(String messageId) {
        return rest.get("/messages/" + messageId).compose(message -> {
            if ("group".equals(message.path("roomType").asText("group")) && !mentionsMe(message)) {
                LOG.debug("Ignored a group message that does not mention the bot");
                return Future.succeededFuture();
            }
            boolean files = message.path("files").isArray() && message.path("files").size() > 0;
            return fromMessage(files ? "share" : "post", message, files);
        });
    }

    private boolean mentionsMe(JsonNode message) {
        for (JsonNode person : message.path("mentionedPeople")) {
            if ("me".equals(person.asText()) || me.isSelf(person.asText(), null)
                    || me.uuid().equals(WebexIds.uuidOf(person.asText()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A card submit a webhook announced: the action is read through REST, and its author's e-mail (the access
     * rules need it; Mercury's activity carries it, the webhook does not) from {@code /people/{id}}.
     */
    Future<WebexEvent> fromWebhookAction(String actionId) {
        return rest.get("/attachment/actions/" + actionId).compose(action -> {
            String personId = action.path("personId").asText(null);
            if (me.isSelf(personId, null)) {
                return Future.succeededFuture();
            }
            Future<String> email = personId == null ? Future.succeededFuture(null)
                    : rest.get("/people/" + personId).map(person -> person.path("emails").path(0).asText(null));
            return email.compose(actorEmail -> fromAction(action, actionId, actorEmail));
        });
    }

    private Future<WebexEvent> resolveCardAction(JsonNode target, String activityId, String actorEmail) {
        return fetch(target, "ATTACHMENT_ACTION", "attachment/actions", activityId).compose(action -> fromAction(action,
                WebexIds.encode(devices.clusterOf(target.path("url").asText(null)), "ATTACHMENT_ACTION", activityId),
                actorEmail));
    }

    /** Both ways in end here, so an action that came both ways has one event id: the action's REST id. */
    private Future<WebexEvent> fromAction(JsonNode action, String fallbackId, String actorEmail) {
        String actionId = action.path("id").asText(fallbackId);
        String cardMessageId = action.path("messageId").asText(null);
        Future<JsonNode> card = cardMessageId == null ? Future.succeededFuture(null)
                : rest.get("/messages/" + cardMessageId).otherwise(e -> {
                    LOG.debug("Card message of an attachment action is not readable: {}", e.getMessage());
                    return null;
                });
        return card.map(cardMessage -> {
            String roomType = cardMessage == null ? null : cardMessage.path("roomType").asText(null);
            String parent = cardMessage == null ? null : cardMessage.path("parentId").asText(null);
            Map<String, Object> inputs = action.path("inputs").isObject()
                    ? mapper.convertValue(action.get("inputs"), MAP) : Map.of();
            return new WebexEvent("cardAction", actionId, action.path("roomId").asText(),
                    roomType, action.path("personId").asText(null), actorEmail, cardMessageId, parent,
                    actionId, action, null, inputs, List.of(), null);
        });
    }

    /** File names come from the HEAD answer's Content-Disposition, as the REST message only lists URLs. */
    private Future<List<Map<String, Object>>> describeFiles(JsonNode urls) {
        List<Future<Map<String, Object>>> heads = new ArrayList<>();
        for (JsonNode url : urls) {
            String u = url.asText();
            heads.add(rest.head(u).map(h -> describe(u, h)).otherwise(e -> {
                LOG.warn("Cannot read the details of a shared file: {}", e.getMessage());
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("url", u);
                return f;
            }));
        }
        return Future.all(heads).map(all -> {
            List<Map<String, Object>> files = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                files.add(all.resultAt(i));
            }
            return files;
        });
    }

    private static Map<String, Object> describe(String url, MultiMap headers) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("url", url);
        String disposition = headers.get("Content-Disposition");
        if (disposition != null) {
            Matcher m = FILENAME.matcher(disposition);
            if (m.find()) {
                f.put("name", m.group(1));
            }
        }
        f.put("contentType", headers.get("Content-Type"));
        String length = headers.get("Content-Length");
        if (length != null) {
            try {
                f.put("size", Long.parseLong(length));
            } catch (NumberFormatException ignored) {
                // an unreadable length is left out rather than guessed
            }
        }
        return f;
    }

    /**
     * In group spaces the text starts with the bot's mention ("Gateway Bot /help"). The mention's visible
     * name comes from the html spark-mention of our id (clients may shorten it to the first name).
     */
    String stripMention(JsonNode message, String roomType) {
        String text = message.path("text").asText("");
        if (!"group".equals(roomType)) {
            return text.trim();
        }
        List<String> names = new ArrayList<>();
        String html = message.path("html").asText("");
        Matcher m = SPARK_MENTION.matcher(html);
        while (m.find()) {
            if (me.isSelf(m.group(1), null) || me.uuid().equals(WebexIds.uuidOf(m.group(1)))) {
                names.add(m.group(2));
            }
        }
        names.add(me.displayName());
        int space = me.displayName().indexOf(' ');
        if (space > 0) {
            names.add(me.displayName().substring(0, space));
        }
        String trimmed = text.trim();
        for (String name : names) {
            if (!name.isEmpty() && trimmed.regionMatches(true, 0, name, 0, name.length())) {
                return trimmed.substring(name.length()).replaceFirst("^[\\s,:]+", "");
            }
        }
        return trimmed;
    }
}
