package io.github.webexcamel.gateway.webex;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.Future;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Every call the gateway makes to Webex messaging goes through here. By default it posts the body as a message
 * ({@code POST /v1/messages}), or edits one when {@code CamelWebexEditMessageId} is set: a String body is markdown
 * (or text, when the {@code webexFormat} variable says so), a Map body a complete message, room and thread from
 * the inbound headers. {@code CamelWebexOperation} selects the other operations (delete, get, listThread,
 * isMember, getPerson, getRoom, and the bot's webhooks: listWebhooks, createWebhook, updateWebhook, deleteWebhook);
 * their answer becomes the body.
 */
public class WebexMessagesProducer extends DefaultAsyncProducer {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private WebexRestClient rest;
    private ExecutorService workers;
    private HeldReplies held;

    WebexMessagesProducer(WebexEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public WebexEndpoint getEndpoint() {
        return (WebexEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        WebexComponent component = getEndpoint().getComponent();
        rest = component.restClient(getEndpoint().getConfiguration());
        workers = component.workers(getEndpoint().getConfiguration());
        held = CamelContextHelper.findSingleByType(getEndpoint().getCamelContext(), HeldReplies.class);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Future<Object> call;
        try {
            call = call(exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        call.onComplete(result -> {
            Runnable continuation = () -> {
                if (result.failed()) {
                    exchange.setException(new CamelExchangeException("Webex refused the request: "
                            + result.cause().getMessage(), exchange, result.cause()));
                } else if (result.result() != NO_BODY) {
                    exchange.getMessage().setBody(result.result());
                }
                callback.done(false);
            };
            if (getEndpoint().getConfiguration().isCallerWaits()) {
                continuation.run(); // only wakes the waiting caller
                return;
            }
            try {
                // the rest of the route must not run on the Vert.x event loop
                workers.execute(continuation);
            } catch (RejectedExecutionException shuttingDown) {
                continuation.run();
            }
        });
        return false;
    }

    /** Marks an answer that leaves the body as it was (a post keeps its body; the sent id goes in a header). */
    private static final Object NO_BODY = new Object();

    private Future<Object> call(Exchange exchange) {
        Message in = exchange.getIn();
        String operation = in.getHeader(WebexConstants.OPERATION, "post", String.class);
        String target = in.getHeader(WebexConstants.TARGET_ID, String.class);
        switch (operation) {
            case "post", "edit":
                return send(exchange);
            case "repost":
                return repost(exchange);
            case "delete":
                return rest.delete("/messages/" + path(required(target, "delete"))).map(v -> NO_BODY);
            case "get":
                return rest.get("/messages/" + path(required(target, "get"))).map(this::toMap);
            case "getPerson":
                return rest.get("/people/" + path(required(target, "getPerson"))).map(this::toMap);
            case "getRoom":
                return rest.get("/rooms/" + path(required(target, "getRoom"))).map(this::toMap);
            case "listThread": {
                String room = required(in.getHeader(WebexConstants.ROOM_ID, String.class), "listThread");
                String parent = required(in.getHeader(WebexConstants.PARENT_ID, String.class), "listThread");
                // a bot lists a group space's messages only with mentionedPeople=me
                boolean group = !"direct".equals(in.getHeader(WebexConstants.ROOM_TYPE, String.class));
                return rest.get("/messages?roomId=" + query(room) + "&parentId=" + query(parent)
                                + (group ? "&mentionedPeople=me" : "") + "&max=100")
                        .map(this::items);
            }
            case "isMember": {
                String room = required(in.getHeader(WebexConstants.ROOM_ID, String.class), "isMember");
                String email = required(in.getHeader(WebexConstants.PERSON_EMAIL, String.class), "isMember");
                return rest.get("/memberships?roomId=" + query(room) + "&personEmail=" + query(email))
                        .map(page -> (Object) (page.path("items").size() > 0))
                        // Webex answers 404 for a room the bot is not in: nobody is a member as far as it can tell
                        .recover(e -> e instanceof WebexApiException api && api.status() == 404
                                ? Future.succeededFuture(false) : Future.failedFuture(e));
            }
            case "listWebhooks":
                return rest.get("/webhooks?max=100").map(this::items);
            case "createWebhook":
                return rest.post("/webhooks", bodyMap(exchange, "createWebhook")).map(this::toMap);
            case "updateWebhook":
                return rest.put("/webhooks/" + path(required(target, "updateWebhook")), bodyMap(exchange, "updateWebhook"))
                        .map(this::toMap);
            case "deleteWebhook":
                return rest.delete("/webhooks/" + path(required(target, "deleteWebhook"))).map(v -> NO_BODY);
            default:
                throw new IllegalArgumentException("Unknown CamelWebexOperation '" + operation
                        + "': use post, edit, repost, delete, get, listThread, isMember, getPerson, getRoom,"
                        + " listWebhooks, createWebhook, updateWebhook or deleteWebhook");
        }
    }

    private Future<Object> send(Exchange exchange) {
        String editId = exchange.getIn().getHeader(WebexConstants.EDIT_MESSAGE_ID, String.class);
        List<Map<String, Object>> messages = build(exchange, editId != null);
        if (editId == null && held != null && messages.get(0).get("roomId") instanceof String room && held.holds(room)) {
            // earlier replies to this space wait for Webex: this one waits behind them, so the space keeps its order
            exchange.setProperty(WebexConstants.UNDELIVERED, List.copyOf(messages));
            return Future.failedFuture(new WebexApiException("POST", "/messages", new HeldReplies.Behind()));
        }
        Long recovered = exchange.getProperty(WebexConstants.RECOVERED_SINCE, Long.class);
        if (editId == null && recovered != null && "direct".equals(exchange.getIn().getHeader(WebexConstants.ROOM_TYPE))) {
            return alreadyPosted(messages.get(messages.size() - 1), recovered).compose(found -> {
                if (found == null) {
                    return post(exchange, messages, null);
                }
                // the replica that died had answered already; the second answer would be a duplicate
                exchange.getMessage().setHeader(WebexConstants.SENT_MESSAGE_ID, found);
                return Future.succeededFuture(NO_BODY);
            });
        }
        return post(exchange, messages, editId);
    }

    /**
     * The id of a message the bot posted into this (direct) room since {@code since} with the same text, or null.
     * Only direct rooms can be read back: in group rooms a bot lists nothing but the messages that mention it.
     */
    private Future<String> alreadyPosted(Map<String, Object> message, long since) {
        Object roomId = message.get("roomId");
        if (roomId == null) {
            return Future.succeededFuture(null);
        }
        String me = getEndpoint().getComponent().identity(getEndpoint().getConfiguration()).personId();
        Object text = message.containsKey("markdown") ? message.get("markdown") : message.get("text");
        return rest.get("/messages?roomId=" + query(roomId.toString()) + "&max=50").map(page -> {
            for (JsonNode m : page.path("items")) {
                boolean mine = me.equals(m.path("personId").asText());
                boolean after = Instant.parse(m.path("created").asText("1970-01-01T00:00:00Z")).toEpochMilli() >= since - 2000;
                boolean same = text != null && (text.equals(m.path("markdown").asText(null)) || text.equals(m.path("text").asText(null)));
                if (mine && after && same) {
                    return m.path("id").asText();
                }
            }
            return null;
        }).otherwise(e -> null);
    }

    private Future<Object> post(Exchange exchange, List<Map<String, Object>> messages, String editId) {
        Future<JsonNode> sent = Future.succeededFuture();
        int[] accepted = {0};
        for (Map<String, Object> message : messages) {
            sent = sent.compose(previous -> (editId != null ? rest.put("/messages/" + path(editId), message)
                    : rest.post("/messages", message)).map(answer -> {
                        accepted[0]++;
                        return answer;
                    }));
        }
        return sent.map(answer -> {
            if (answer != null) {
                exchange.getMessage().setHeader(WebexConstants.SENT_MESSAGE_ID, answer.path("id").asText(null));
            }
            return NO_BODY;
        }).recover(failure -> {
            // Webex's own outage outlasted the retry budget: what it has not taken goes to the reply outbox
            // (errors.camel.yaml), prepared as it would have been posted; an edit is not worth keeping
            if (editId == null && outage(failure)) {
                exchange.setProperty(WebexConstants.UNDELIVERED,
                        List.copyOf(messages.subList(accepted[0], messages.size())));
            }
            return Future.failedFuture(failure);
        });
    }

    private Object items(JsonNode page) {
        List<Object> items = new ArrayList<>();
        page.path("items").forEach(item -> items.add(toMap(item)));
        return items;
    }

    private Map<String, Object> bodyMap(Exchange exchange, String operation) {
        Object body = exchange.getIn().getBody();
        if (!(body instanceof Map<?, ?>) && !(body instanceof JsonNode)) {
            throw new IllegalArgumentException("The " + operation + " operation needs the webhook as a Map body");
        }
        return getEndpoint().getComponent().mapper().convertValue(body, MAP);
    }

    /** The failures the REST client retries for the write budget: Webex unavailable, not the request refused. */
    private static boolean outage(Throwable failure) {
        return failure instanceof WebexApiException api
                && (api.status() == 0 || api.status() >= 500 || api.status() == 429 || api.status() == 423);
    }

    /**
     * Posts messages exactly as given (a Map, or a List of them, each as Webex takes it): what the reply outbox kept.
     * They were prepared (mentions neutralized, split to Webex's size) before they were kept, so nothing is changed.
     */
    @SuppressWarnings("unchecked")
    private Future<Object> repost(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        List<Map<String, Object>> messages = new ArrayList<>();
        if (body instanceof List<?> list) {
            list.forEach(m -> messages.add(getEndpoint().getComponent().mapper().convertValue(m, MAP)));
        } else if (body instanceof Map<?, ?> || body instanceof JsonNode) {
            messages.add(getEndpoint().getComponent().mapper().convertValue(body, MAP));
        } else {
            throw new IllegalArgumentException("The repost operation needs a message (a Map) or a List of them as its body");
        }
        return post(exchange, messages, null);
    }

    private Object toMap(JsonNode json) {
        return getEndpoint().getComponent().mapper().convertValue(json, MAP);
    }

    private static String required(String value, String operation) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The " + operation + " operation needs its id header (see WebexConstants)");
        }
        return value;
    }

    private static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private List<Map<String, Object>> build(Exchange exchange, boolean edit) {
        Message in = exchange.getIn();
        Object body = in.getBody();
        Map<String, Object> message = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> || body instanceof JsonNode) {
            message.putAll(getEndpoint().getComponent().mapper().convertValue(body, MAP));
        } else {
            String text = in.getBody(String.class);
            String format = exchange.getVariable(WebexConstants.VAR_FORMAT, "markdown", String.class);
            message.put("text".equalsIgnoreCase(format) ? "text" : "markdown", text == null ? "" : text);
        }
        if (message.get("markdown") instanceof String markdown) {
            message.put("markdown", SafeMarkdown.neutralize(markdown, allowedMentions(in)));
        }
        String toPerson = in.getHeader(WebexConstants.TO_PERSON_EMAIL, String.class);
        if (!message.containsKey("roomId") && !message.containsKey("toPersonEmail") && !message.containsKey("toPersonId")) {
            if (toPerson != null) {
                message.put("toPersonEmail", toPerson);
            } else {
                String roomId = in.getHeader(WebexConstants.ROOM_ID, String.class);
                if (roomId == null) {
                    throw new IllegalArgumentException("No destination: set CamelWebexRoomId or CamelWebexToPersonEmail");
                }
                message.put("roomId", roomId);
            }
        }
        String parent = in.getHeader(WebexConstants.PARENT_ID, String.class);
        if (!edit && parent != null && toPerson == null && !message.containsKey("parentId")) {
            message.put("parentId", parent);
        }
        String textKey = message.containsKey("markdown") ? "markdown" : "text";
        Object text = message.get(textKey);
        boolean hasAttachments = message.get("attachments") instanceof List<?> l && !l.isEmpty();
        if ((text == null || text.toString().isBlank()) && !hasAttachments && !message.containsKey("files")) {
            throw new IllegalArgumentException("The reply is empty: set a body or a card");
        }
        if (text == null || edit || MessageSplitter.bytes(text.toString()) <= MessageSplitter.WEBEX_MAX_BYTES) {
            return List.of(message);
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        List<String> chunks = MessageSplitter.split(text.toString(), MessageSplitter.WEBEX_MAX_BYTES);
        for (int i = 0; i < chunks.size(); i++) {
            Map<String, Object> part = new LinkedHashMap<>(message);
            part.put(textKey, chunks.get(i));
            if (i < chunks.size() - 1) {
                // the card and files go with the last part, so they follow the whole text
                part.remove("attachments");
                part.remove("files");
            }
            parts.add(part);
        }
        return parts;
    }

    private static Set<String> allowedMentions(Message in) {
        String allowed = in.getHeader(WebexConstants.ALLOW_MENTIONS, String.class);
        if (allowed == null || allowed.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(allowed.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
