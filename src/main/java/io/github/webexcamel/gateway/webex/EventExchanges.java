package io.github.webexcamel.gateway.webex;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A Webex event as an exchange, the contract of {@link WebexConstants}: ids and metadata Webex produced in
 * {@code CamelWebex*} headers, what the user typed in variables, the message as a Map body.
 */
final class EventExchanges {

    private EventExchanges() {
    }

    static void populate(Exchange exchange, WebexEvent event, ObjectReader mapReader) {
        Message in = exchange.getIn();
        in.setHeader(WebexConstants.VERB, event.verb());
        in.setHeader(WebexConstants.EVENT_ID, event.eventId());
        in.setHeader(WebexConstants.ROOM_ID, event.roomId());
        in.setHeader(WebexConstants.ROOM_TYPE, event.roomType());
        in.setHeader(WebexConstants.PERSON_ID, event.personId());
        in.setHeader(WebexConstants.PERSON_EMAIL, event.personEmail());
        if (event.personType() != null) {
            in.setHeader(WebexConstants.PERSON_TYPE, event.personType());
        }
        in.setHeader(WebexConstants.MESSAGE_ID, event.messageId());
        if (event.parentId() != null) {
            in.setHeader(WebexConstants.PARENT_ID, event.parentId());
        }
        if (event.attachmentActionId() != null) {
            in.setHeader(WebexConstants.ATTACHMENT_ACTION_ID, event.attachmentActionId());
        }
        exchange.setVariable(WebexConstants.VAR_TEXT, event.text());
        exchange.setVariable(WebexConstants.VAR_INPUTS, event.inputs());
        exchange.setVariable(WebexConstants.VAR_FILES, event.files());
        JsonNode body = event.body();
        if (body == null || body.isMissingNode() || body.isNull()) {
            in.setBody(null); // what convertValue gave for these
            return;
        }
        try {
            in.setBody(mapReader.readValue(body));
        } catch (IOException e) {
            // no input to fail on: only a tree that is not an object (never a Webex message) fails, as it did before
            throw new UncheckedIOException(e);
        }
    }
}
