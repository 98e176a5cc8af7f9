package io.github.webexcamel.gateway.governance;

import java.util.HashMap;
import java.util.Map;

import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Webex calls governance makes outside a reply, all through the {@code webex:messages} endpoint. */
public class WebexCalls {

    private static final String ENDPOINT = "webex:messages?callerWaits=true";
    private final ProducerTemplate producer;

    public WebexCalls(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Posts a complete message (a Map with roomId, markdown, attachments…); returns the new message's id. */
    public String post(Map<String, Object> message) {
        return checked(producer.request(ENDPOINT, e -> e.getIn().setBody(message)))
                .getMessage().getHeader(WebexConstants.SENT_MESSAGE_ID, String.class);
    }

    /** Posts markdown into a room, in a thread when parentId is set. */
    public String post(String roomId, String parentId, String markdown) {
        Map<String, Object> message = new HashMap<>();
        message.put("roomId", roomId);
        if (parentId != null) {
            message.put("parentId", parentId);
        }
        message.put("markdown", markdown);
        return post(message);
    }

    /** Replaces the markdown of one of the bot's messages. */
    public void edit(String roomId, String messageId, String markdown) {
        Map<String, Object> message = new HashMap<>();
        message.put("roomId", roomId);
        message.put("markdown", markdown);
        checked(producer.request(ENDPOINT, e -> {
            e.getIn().setHeader(WebexConstants.EDIT_MESSAGE_ID, messageId);
            e.getIn().setBody(message);
        }));
    }

    public void delete(String messageId) {
        call(Map.of(WebexConstants.OPERATION, "delete", WebexConstants.TARGET_ID, messageId));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> room(String roomId) {
        return call(Map.of(WebexConstants.OPERATION, "getRoom", WebexConstants.TARGET_ID, roomId), Map.class);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> person(String personId) {
        return call(Map.of(WebexConstants.OPERATION, "getPerson", WebexConstants.TARGET_ID, personId), Map.class);
    }

    public boolean isMember(String roomId, String email) {
        return Boolean.TRUE.equals(call(Map.of(WebexConstants.OPERATION, "isMember", WebexConstants.ROOM_ID, roomId,
                WebexConstants.PERSON_EMAIL, email), Boolean.class));
    }

    private void call(Map<String, Object> headers) {
        call(headers, Object.class);
    }

    private <T> T call(Map<String, Object> headers, Class<T> type) {
        return checked(producer.request(ENDPOINT, e -> e.getIn().setHeaders(new HashMap<>(headers)))).getMessage()
                .getBody(type);
    }

    private static Exchange checked(Exchange exchange) {
        if (exchange.getException() != null) {
            throw new IllegalStateException(exchange.getException().getMessage(), exchange.getException());
        }
        return exchange;
    }
}
