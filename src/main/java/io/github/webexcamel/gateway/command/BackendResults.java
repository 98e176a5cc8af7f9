package io.github.webexcamel.gateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the results beans of the HTTP backends share: an answer that is not 2xx becomes one line for the
 * user (a {@link CommandException}) and one WARN for the operator, with the backend's own error text
 * (whatever shape the body has) shortened for both.
 */
public abstract class BackendResults {

    protected final ObjectMapper mapper;
    private final String service;
    private final String pathVariable;
    private final Logger log = LoggerFactory.getLogger(getClass());

    /**
     * @param service      the backend's name in log lines
     * @param pathVariable the exchange variable that holds the called path, for the log line
     */
    protected BackendResults(ObjectMapper mapper, String service, String pathVariable) {
        this.mapper = mapper;
        this.service = service;
        this.pathVariable = pathVariable;
    }

    /** Fails the exchange with a user-facing line when the backend (camel-http) did not answer 2xx. */
    public void check(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        String message = errorText(exchange.getMessage().getBody(String.class));
        log.warn("{} {} {} answered HTTP {}: {}", service, exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                exchange.getVariable(pathVariable), status, message);
        throw new CommandException(userLine(status, message, exchange), status);
    }

    /** The line the user reads for an answer with this status and error text. */
    protected abstract String userLine(int status, String message, Exchange exchange);

    /** The error text inside a JSON error body, in the backend's own format. */
    protected abstract String errorText(JsonNode body);

    private String errorText(String body) {
        try {
            return shorten(errorText(mapper.readTree(body)));
        } catch (Exception notJson) {
            // an HTML error page from a proxy or a servlet container: its text, without the tags
            return shorten(body == null ? "" : body.replaceAll("<[^>]*>", " "));
        }
    }

    protected static String shorten(String s) {
        s = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** Escapes what Webex markdown would interpret in text that came from a backend. */
    public static String escapeMarkdown(String s) {
        return s == null ? "" : s.replaceAll("([\\\\`*_\\[\\]<>])", "\\\\$1");
    }
}
