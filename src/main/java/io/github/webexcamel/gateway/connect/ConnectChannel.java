package io.github.webexcamel.gateway.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.webex.OrderedLanes;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Webex Connect "Generic Bot" channel (routes/gateway/connect.camel.yaml). Webex Connect gives up on an event
 * after five seconds, so {@link #receive} only checks, acknowledges and queues; the event then runs on a worker in its
 * conversation's lane (one conversation in order, conversations in parallel), through the same command routing as a
 * Webex message, as an exchange that says {@code webexChannel=connect}.
 *
 * <p>A Connect customer is anonymous to Webex: the exchange carries no person e-mail (so no Webex role or approval
 * applies), its room is {@code connect:<Conversationid>} and its room type {@code connect} (what the audit log
 * shows), its event id {@code connect:<Messageid>} (so it can never collide with a Webex id in the handled-events
 * store).
 */
public class ConnectChannel implements AutoCloseable {

    public static final String CHANNEL = "connect";
    /** Variable: the Connect conversation id replies and handovers name. */
    public static final String VAR_CONVERSATION = "connectConversationId";
    /** Variable: Connect's channel of the customer (e.g. FB, SMS, LiveChat), as Connect named it. */
    public static final String VAR_CUSTOMER_CHANNEL = "connectChannel";
    /** Variable a route may set before direct:connect-handover: a map of custom parameters for the handover event. */
    public static final String VAR_HANDOVER = "connectHandover";
    public static final String VAR_CHANNEL = "webexChannel";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectChannel.class);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_ID_CHARS = 200;
    private static final int MAX_TEXT_CHARS = 8000;

    private final ConnectProperties properties;
    private final CamelContext camelContext;
    private final ObjectMapper mapper;
    private final Set<String> commands;
    private final Set<String> handoverKeywords;
    private final byte[] token;
    private final OrderedLanes lanes = new OrderedLanes();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile ExecutorService workers;
    private volatile ProducerTemplate producer;

    public ConnectChannel(ConnectProperties properties, CamelContext camelContext, ObjectMapper mapper) {
        this.properties = properties;
        this.camelContext = camelContext;
        this.mapper = mapper;
        this.commands = lowercase(properties.commands());
        this.handoverKeywords = lowercase(properties.handoverKeywords());
        this.token = properties.token().getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> lowercase(List<String> values) {
        return values.stream().map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.replaceFirst("^/", ""))
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** The command keywords opened to Connect customers. */
    public Set<String> commands() {
        return commands;
    }

    /** Requests refused for a missing or wrong token since start. */
    public long unauthorized() {
        return unauthorized.get();
    }

    /** Customer events accepted since start. */
    public long events() {
        return events.get();
    }

    /** Events accepted and not yet handled. */
    public int queued() {
        return queued.get();
    }

    // ------------------------------------------------------------------ in: the platform-http route

    /**
     * Checks the request and answers it; a customer event is queued for its conversation. Nothing from the request
     * (headers included) goes back in the answer: it is rebuilt here.
     */
    public void receive(Exchange exchange) {
        Message in = exchange.getMessage();
        boolean authorized = authorized(in.getHeader("Authorization", String.class), queryToken(in));
        String body;
        if (!authorized) {
            unauthorized.incrementAndGet();
            LOG.warn("Refused a Webex Connect request without a valid token (from {})", remote(in));
            answer(in, 401, Map.of("error", "unauthorized"));
            return;
        }
        Long length = in.getHeader("Content-Length", Long.class);
        if (length != null && length > properties.maxBodyBytes()) {
            answer(in, 413, Map.of("error", "too large"));
            return;
        }
        byte[] raw = in.getBody(byte[].class);
        if (raw != null && raw.length > properties.maxBodyBytes()) {
            answer(in, 413, Map.of("error", "too large"));
            return;
        }
        body = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        JsonNode event;
        try {
            event = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            answer(in, 400, Map.of("error", "not a JSON object"));
            return;
        }
        Exchange work = work(event);
        if (work != null) {
            if (queued.get() >= properties.maxQueued()) {
                // Connect retries an event that failed: later is better than a queue without bound
                LOG.warn("{} Webex Connect events queued: asking Connect to retry", queued.get());
                answer(in, 503, Map.of("error", "busy"));
                return;
            }
            events.incrementAndGet();
            submit(work);
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("status", "ok");
        ok.put("verification_token", properties.verificationToken());
        answer(in, 200, ok);
    }

    private boolean authorized(String authorization, String queryToken) {
        if (token.length == 0) {
            return false;
        }
        String presented = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).strip();
        } else if (queryToken != null) {
            presented = queryToken;
        }
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String queryToken(Message in) {
        String query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String remote(Message in) {
        Object request = in.getHeader("CamelHttpServletRequest");
        if (request instanceof jakarta.servlet.http.HttpServletRequest r) {
            return r.getRemoteAddr();
        }
        return "?";
    }

    private void answer(Message in, int status, Map<String, ?> json) {
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            in.setBody(mapper.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exchange a customer event runs as, or null for an event the bot has nothing to do with. */
    private Exchange work(JsonNode event) {
        String kind = field(event, "Event").strip().toLowerCase(Locale.ROOT);
        String conversation = field(event, "Conversationid");
        String text;
        String eventId;
        if (kind.equals("incoming message")) {
            text = field(event, "Message");
            eventId = field(event, "Messageid");
        } else if (kind.endsWith("postback")) {
            // a button's payload is the customer's answer; a postback has no Messageid of its own
            text = field(event, "PostbackPayload");
            eventId = field(event, "Messageid");
            if (eventId.isEmpty()) {
                eventId = "pb-" + sha256(conversation + '\n' + field(event, "Timestamp") + '\n' + text);
            }
        } else {
            // Message Delivery and whatever else Connect reports: acknowledged, nothing to do
            LOG.debug("Webex Connect event '{}' acknowledged", kind);
            return null;
        }
        if (conversation.isEmpty() || eventId.isEmpty() || conversation.length() > MAX_ID_CHARS
                || eventId.length() > MAX_ID_CHARS) {
            LOG.warn("A Webex Connect event without a usable Conversationid or Messageid was ignored");
            return null;
        }
        if (text.length() > MAX_TEXT_CHARS) {
            text = text.substring(0, MAX_TEXT_CHARS);
        }
        Exchange work = new DefaultExchange(camelContext);
        Message m = work.getMessage();
        m.setHeader(WebexConstants.VERB, "post");
        m.setHeader(WebexConstants.EVENT_ID, CHANNEL + ":" + eventId);
        m.setHeader(WebexConstants.ROOM_ID, CHANNEL + ":" + conversation);
        m.setHeader(WebexConstants.ROOM_TYPE, CHANNEL);
        work.setVariable(VAR_CHANNEL, CHANNEL);
        work.setVariable(VAR_CONVERSATION, conversation);
        work.setVariable(VAR_CUSTOMER_CHANNEL, field(event, "Channel"));
        work.setVariable(WebexConstants.VAR_TEXT, text.strip());
        return work;
    }

    /** A field by its documented name, in any case (Connect's own spelling varies between its samples). */
    private static String field(JsonNode event, String name) {
        JsonNode value = event.get(name);
        if (value == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(name)) {
                    value = e.getValue();
                    break;
                }
            }
        }
        return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void submit(Exchange work) {
        String conversation = work.getVariable(VAR_CONVERSATION, String.class);
        queued.incrementAndGet();
        lanes.submit(conversation, done -> {
            try {
                workers().execute(() -> {
                    try {
                        producer().send("direct:connect-event", work);
                        if (work.getException() != null) {
                            LOG.error("A Webex Connect event of conversation {} failed: {}", conversation,
                                    work.getException().getMessage());
                        }
                    } finally {
                        queued.decrementAndGet();
                        done.run();
                    }
                });
            } catch (RuntimeException rejected) {
                // stopping: the claim was never taken, so Connect's retry (or another replica) runs it
                queued.decrementAndGet();
                done.run();
            }
        });
    }

    private ExecutorService workers() {
        if (workers == null) {
            synchronized (this) {
                if (workers == null) {
                    workers = camelContext.getExecutorServiceManager().newFixedThreadPool(this, "WebexConnect",
                            properties.workerThreads());
                }
            }
        }
        return workers;
    }

    private ProducerTemplate producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camelContext.createProducerTemplate();
                }
            }
        }
        return producer;
    }

    @Override
    public void close() throws Exception {
        if (workers != null) {
            camelContext.getExecutorServiceManager().shutdownGraceful(workers);
        }
        if (producer != null) {
            producer.close();
        }
    }

    // ------------------------------------------------------------------ steps of the routes

    /** After {@code webexCommands.resolve}: a command not opened to Connect is no command here. */
    public void restrict(Exchange exchange) {
        String keyword = exchange.getMessage().getHeader(WebexConstants.COMMAND, String.class);
        if (keyword != null && !commands.contains(keyword.toLowerCase(Locale.ROOT))) {
            exchange.getMessage().removeHeader(WebexConstants.COMMAND);
            exchange.removeVariable(WebexConstants.VAR_ARGS);
            exchange.removeVariable(WebexConstants.VAR_ARGV);
            exchange.removeVariable(WebexConstants.VAR_OPTIONS);
        }
    }

    /** Whether the customer's whole message asks for a person (webex.connect.handover-keywords). */
    public boolean wantsAgent(Exchange exchange) {
        String text = exchange.getVariable(WebexConstants.VAR_TEXT, "", String.class);
        return handoverKeywords.contains(text.strip().replaceAll("[.!?]+$", "").toLowerCase(Locale.ROOT));
    }

    /**
     * Body out: the reply event (1001) with the body's text, or a card's fallback text. Webex markdown emphasis is
     * dropped: Connect channels (SMS, WhatsApp, web chat) show text as it is.
     */
    public String replyEvent(Exchange exchange) throws JsonProcessingException {
        String text;
        if (exchange.getVariable(WebexConstants.VAR_CARD) != null) {
            text = exchange.getVariable(WebexConstants.VAR_FALLBACK, "", String.class);
        } else {
            text = exchange.getMessage().getBody(String.class);
        }
        text = text == null ? "" : text;
        if (!"text".equals(exchange.getVariable(WebexConstants.VAR_FORMAT, String.class))) {
            text = plain(text);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventid", "1001");
        event.put("conversation_id", conversation(exchange));
        event.put("message", text);
        event.put("Messagetype", "text");
        event.put("Timestamp", TIMESTAMP.format(java.time.Instant.now()));
        return mapper.writeValueAsString(event);
    }

    /** Body out: the handover event (1002), with the custom parameters of the {@code connectHandover} variable. */
    public String handoverEvent(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> event = new LinkedHashMap<>();
        Object custom = exchange.getVariable(VAR_HANDOVER);
        if (custom instanceof Map<?, ?> map) {
            map.forEach((k, v) -> event.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (custom != null) {
            for (String pair : custom.toString().split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    event.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
        }
        // the contract fields last, so a custom parameter cannot replace them
        event.put("eventid", "1002");
        event.put("conversation_id", conversation(exchange));
        event.put("Timestamp", TIMESTAMP.format(java.time.Instant.now()));
        return mapper.writeValueAsString(event);
    }

    private static String conversation(Exchange exchange) {
        String conversation = exchange.getVariable(VAR_CONVERSATION, String.class);
        if (conversation == null) {
            throw new IllegalStateException("Not a Webex Connect conversation");
        }
        return conversation;
    }

    static String plain(String markdown) {
        return markdown.replace("**", "").replace("__", "").replace("`", "");
    }

    /** The write-retry budget of a reply to Connect, from the first attempt (see connect-post's error handler). */
    public long replyRetryBudgetMillis() {
        return properties.replyRetryBudget().toMillis();
    }
}
