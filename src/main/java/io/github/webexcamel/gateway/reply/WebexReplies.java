package io.github.webexcamel.gateway.reply;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;

/**
 * Steps of the reply route: renders the card named by the {@code webexCard} variable and wraps it in a
 * Webex message with fallback text, the way every card must travel (one card per message).
 */
public class WebexReplies {

    public static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final String DEFAULT_FALLBACK = "This message has a card: open it in a Webex client that shows Adaptive Cards.";

    private final CardTemplates templates;
    private final ObjectMapper mapper;

    public WebexReplies(CardTemplates templates, ObjectMapper mapper) {
        this.templates = templates;
        this.mapper = mapper;
    }

    /** Body in: the template data. Body out: the rendered card (JSON text, for the json-validator step). */
    public String renderCard(Exchange exchange) {
        String name = exchange.getVariable(WebexConstants.VAR_CARD, String.class);
        JsonNode card = templates.render(name, exchange.getIn().getBody());
        return card.toString();
    }

    /** Body in: a validated card. Body out: the message to post. */
    public Map<String, Object> cardMessage(Exchange exchange) throws IOException {
        JsonNode card = mapper.readTree(exchange.getIn().getBody(String.class));
        String fallback = exchange.getVariable(WebexConstants.VAR_FALLBACK, DEFAULT_FALLBACK, String.class);
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", CARD_CONTENT_TYPE);
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("markdown", fallback);
        message.put("attachments", List.of(attachment));
        return message;
    }
}
