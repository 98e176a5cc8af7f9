package io.github.webexcamel.gateway.webex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.Future;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Posts the body as a Webex message ({@code POST /v1/messages}), or edits one when
 * {@code CamelWebexEditMessageId} is set. A String body is markdown (or text, when the {@code webexFormat}
 * variable says so); a Map body is a complete message. Room and thread come from the inbound headers.
 */
public class WebexMessagesProducer extends DefaultAsyncProducer {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private WebexRestClient rest;
    private ExecutorService workers;

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
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        List<Map<String, Object>> messages;
        String editId = exchange.getIn().getHeader(WebexConstants.EDIT_MESSAGE_ID, String.class);
        try {
            messages = build(exchange, editId != null);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        Future<JsonNode> sent = Future.succeededFuture();
        for (Map<String, Object> message : messages) {
            sent = sent.compose(previous -> editId != null ? rest.put("/messages/" + editId, message)
                    : rest.post("/messages", message));
        }
        sent.onComplete(result -> {
            Runnable continuation = () -> {
                if (result.failed()) {
                    exchange.setException(new CamelExchangeException("Webex refused the reply: "
                            + result.cause().getMessage(), exchange, result.cause()));
                } else if (result.result() != null) {
                    exchange.getIn().setHeader(WebexConstants.SENT_MESSAGE_ID, result.result().path("id").asText(null));
                }
                callback.done(false);
            };
            try {
                // the rest of the route must not run on the Vert.x event loop
                workers.execute(continuation);
            } catch (RejectedExecutionException shuttingDown) {
                continuation.run();
            }
        });
        return false;
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
}
