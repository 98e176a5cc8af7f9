package io.github.webexcamel.gateway.llm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The earlier messages of the thread a question was asked in (the root and prior replies, fetched with
 * {@code parentId}, which bots may list in group spaces too), bounded by count and characters, newest kept.
 * A failure to fetch is logged and answered without context rather than failing the question. Webex is read
 * through {@code webex:messages}' listThread and get operations.
 */
public class ThreadContext {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadContext.class);

    /** The caller (an /ask route) blocks: its answer must not wait for a route worker. */
    private static final String ENDPOINT = "webex:messages?callerWaits=true";

    private final WebexComponent webex;
    private volatile ProducerTemplate producer;
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
            // listThread asks with mentionedPeople=me outside direct spaces, as a bot must (webex-protocol.md 3.1)
            Map<String, Object> list = new HashMap<>();
            list.put(WebexConstants.OPERATION, "listThread");
            list.put(WebexConstants.ROOM_ID, room);
            list.put(WebexConstants.PARENT_ID, parent.toString());
            String roomType = exchange.getIn().getHeader(WebexConstants.ROOM_TYPE, String.class);
            if (roomType != null) {
                list.put(WebexConstants.ROOM_TYPE, roomType);
            }
            for (Object m : call(list, List.class)) { // newest first
                if (m instanceof Map<?, ?> reply && !String.valueOf(reply.get("id")).equals(self)
                        && lines.size() < maxMessages - 1) {
                    lines.add(line(reply));
                }
            }
            try {
                lines.add(line(call(Map.of(WebexConstants.OPERATION, "get", WebexConstants.TARGET_ID, parent.toString()),
                        Map.class)));
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

    private <T> T call(Map<String, Object> headers, Class<T> type) throws Exception {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = webex.getCamelContext().createProducerTemplate();
                }
                template = producer;
            }
        }
        Exchange answer = template.request(ENDPOINT, e -> e.getIn().setHeaders(new HashMap<>(headers)));
        if (answer.getException() != null) {
            throw answer.getException();
        }
        T body = answer.getMessage().getBody(type);
        if (body == null) {
            throw new IllegalStateException("Webex answered " + headers.get(WebexConstants.OPERATION) + " with nothing");
        }
        return body;
    }

    private static String line(Map<?, ?> m) {
        Object who = m.get("personEmail");
        Object text = m.get("text");
        return (who == null ? "someone" : who) + ": " + (text == null ? "" : text.toString()).replaceAll("\\s+", " ").strip();
    }
}
