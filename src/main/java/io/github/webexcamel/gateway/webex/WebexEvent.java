package io.github.webexcamel.gateway.webex;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An activity resolved through the REST API into what a route needs.
 *
 * @param eventId   unique per event: the message id, or the attachment action id of a cardAction
 * @param body      the fetched message (or attachment action) as Webex returned it
 * @param text      the message text with the leading bot mention removed (null for card actions)
 * @param inputs    card inputs (cardAction only)
 * @param files     shared files: url, name, contentType, size (share only)
 * @param personType PERSON or BOT as the activity's actor said; null when read from REST (catch-up)
 */
public record WebexEvent(String verb, String eventId, String roomId, String roomType, String personId,
                         String personEmail, String messageId, String parentId, String attachmentActionId,
                         JsonNode body, String text, Map<String, Object> inputs, List<Map<String, Object>> files,
                         String personType) {

    WebexEvent withPersonType(String type) {
        return new WebexEvent(verb, eventId, roomId, roomType, personId, personEmail, messageId, parentId,
                attachmentActionId, body, text, inputs, files, type);
    }
}
