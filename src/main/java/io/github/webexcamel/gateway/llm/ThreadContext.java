package io.github.webexcamel.gateway.llm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The earlier messages of the thread a question was asked in (the root and prior replies, fetched with
 * {@code parentId}, which bots may list in group spaces too), bounded by count and characters, newest kept.
 * A failure to fetch is logged and answered without context rather than failing the question.
 */
public class ThreadContext {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadContext.class);

    private final WebexComponent webex;
    private final boolean enabled;
    private final int maxMessages;
    private final int maxChars;

    public ThreadContext(WebexComponent webex, boolean enabled, int maxMessages, int maxChars) {
        this.webex = webex;
        this.enabled = enabled;
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
    }

    /** "name: text" lines of the thread before this message, oldest first, or an empty string. */
    public String fetch(Exchange exchange) {
        Map<?, ?> message = exchange.getIn().getBody(Map.class);
        Object parent = message == null ? null : message.get("parentId");
        String room = exchange.getIn().getHeader(WebexConstants.ROOM_ID, String.class);
        String self = exchange.getIn().getHeader(WebexConstants.MESSAGE_ID, String.class);
        if (!enabled || parent == null || room == null || maxMessages <= 0) {
            return "";
        }
        try {
            List<String> lines = new ArrayList<>();
            // a bot lists a group space's messages only with mentionedPeople=me (webex-protocol.md 3.1)
            boolean group = !"direct".equals(exchange.getIn().getHeader(WebexConstants.ROOM_TYPE, String.class));
            JsonNode replies = get("/messages?roomId=" + enc(room) + "&parentId=" + enc(parent.toString())
                    + (group ? "&mentionedPeople=me" : "") + "&max=" + (maxMessages + 1));
            for (JsonNode m : replies.path("items")) { // newest first
                if (!m.path("id").asText().equals(self) && lines.size() < maxMessages - 1) {
                    lines.add(line(m));
                }
            }
            try {
                lines.add(line(get("/messages/" + enc(parent.toString()))));
            } catch (Exception e) {
                LOG.debug("The root of thread {} is not readable: {}", parent, e.toString());
            }
            Collections.reverse(lines);
            StringBuilder text = new StringBuilder();
            for (int i = lines.size() - 1; i >= 0; i--) { // keep the newest within the character bound
                if (text.length() + lines.get(i).length() + 1 > maxChars) {
                    break;
                }
                text.insert(0, lines.get(i) + "\n");
            }
            return text.toString().strip();
        } catch (Exception e) {
            LOG.warn("Could not read the thread {} for context: {}", parent, e.toString());
            return "";
        }
    }

    private JsonNode get(String path) throws Exception {
        return webex.restClient().get(path).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String line(JsonNode m) {
        String who = m.path("personEmail").asText("someone");
        return who + ": " + m.path("text").asText("").replaceAll("\\s+", " ").strip();
    }
}
