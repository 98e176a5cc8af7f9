package io.github.webexcamel.gateway.fakes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;

/**
 * Webex Connect's side of a "Generic Bot" integration (platform "Others"), as its docs describe it (seed 004,
 * webex-protocol.md §5.2):
 * <ul>
 *   <li>outgoing: customer events POSTed to the bot's webhook URL; an event the bot does not answer within 5 seconds,
 *   or answers with an error, is retried at most four times (over an hour in Connect; the delays are the test's);
 *   after five consecutive failures the webhook is made inactive and delivers nothing more until re-verified. An
 *   answer counts only when it is a 200 carrying the integration's verification token;</li>
 *   <li>incoming: the integration's webhook, where the bot POSTs {@code eventid} 1001 (a reply) and 1002 (a handover),
 *   each with the conversation id; they are recorded. {@link #failNext} makes it fail (e.g. 503) for a while.</li>
 * </ul>
 * Connect's "Others" platform configures only a URL and the verification token, so how the bot authenticates
 * Connect is up to the URL: {@link #deliver} sends whatever URL and headers it is given.
 */
public class FakeConnect extends FakeServer<FakeConnect> {

    public static final String WEBHOOK_PATH = "/connect/bot-webhook";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SS")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> EVENT_IDS = Set.of("1001", "1002");
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(5);
    private static final int MAX_RETRIES = 4;
    private static final int INACTIVE_AFTER = 5;

    private final String verificationToken;
    private final List<Duration> retryDelays;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(ANSWER_LIMIT).build();
    private volatile boolean inactive;
    /** Answers still to be lost on the way back (the bot got the event, Connect never saw the answer). */
    private final AtomicInteger losingAnswers = new AtomicInteger();

    /**
     * @param verificationToken the integration's verification token the bot must answer with
     * @param retryDelay        the wait before each retry (Connect spreads four over an hour)
     */
    public FakeConnect(String verificationToken, Duration retryDelay) {
        super("FakeConnect");
        this.verificationToken = verificationToken;
        this.retryDelays = List.of(retryDelay, retryDelay, retryDelay, retryDelay);
    }

    @Override
    public String baseUrl() {
        return rootUrl() + WEBHOOK_PATH;
    }

    @Override
    protected void registerRoutes() {
        on(HttpMethod.POST, WEBHOOK_PATH, (ctx, params) -> {
            JsonBody body = readJson(ctx);
            if (!body.isObject()) {
                sendJson(ctx, 400, obj("status", "failed", "description", "invalid JSON"));
                return;
            }
            JsonNode event = body.node();
            if (!EVENT_IDS.contains(event.path("eventid").asText()) || event.path("conversation_id").asText().isEmpty()) {
                sendJson(ctx, 400, obj("status", "failed", "description", "eventid and conversation_id are required"));
                return;
            }
            received.add(event);
            sendJson(ctx, 200, obj("status", "success"));
        });
    }

    // ---------------------------------------------------------------- what the bot sent

    /** Every event the bot POSTed successfully, in arrival order. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The events of one conversation. */
    public List<JsonNode> received(String conversationId) {
        return received.stream().filter(e -> conversationId.equals(e.path("conversation_id").asText())).toList();
    }

    public boolean inactive() {
        return inactive;
    }

    /** The next {@code n} answers to deliveries are lost (Connect then retries as after a timeout). */
    public FakeConnect loseNextAnswers(int n) {
        losingAnswers.set(n);
        return this;
    }

    // ---------------------------------------------------------------- what Connect sends

    /** An "Incoming message" event as documented. */
    public static ObjectNode incomingMessage(String conversationId, String messageId, String text) {
        ObjectNode event = JSON.createObjectNode();
        event.put("Conversationid", conversationId);
        event.put("ConversationType", "BOT");
        event.put("Message", text);
        event.put("MessageType", "text");
        event.put("Messageid", messageId);
        event.put("Channel", "LiveChat");
        event.put("Event", "Incoming message");
        event.put("Timestamp", TIMESTAMP.format(java.time.Instant.now()));
        return event;
    }

    /** A "Message Delivery" receipt for a message the bot sent. */
    public static ObjectNode deliveryReceipt(String conversationId, String messageId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("Conversationid", conversationId);
        event.put("ConversationType", "BOT");
        event.put("Messageid", messageId);
        event.put("Channel", "LiveChat");
        event.put("Event", "Message Delivery");
        event.put("DeliveryStatus", "Delivered");
        event.put("Timestamp", TIMESTAMP.format(java.time.Instant.now()));
        return event;
    }

    /** One attempt's outcome: the status (-1: no answer in time) and the body. */
    public record Attempt(int status, String body) {
    }

    /** A delivery: its attempts, and whether one of them was accepted. */
    public record Delivery(List<Attempt> attempts, boolean accepted) {
        public Attempt last() {
            return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
        }
    }

    /**
     * Delivers an event the way Connect does: POST, up to four retries on no answer within 5 s, an error status or an
     * answer without the verification token. Nothing is sent while the webhook is inactive.
     */
    public Delivery deliver(String url, JsonNode event, String... headers) {
        List<Attempt> attempts = new ArrayList<>();
        for (int attempt = 0; attempt <= MAX_RETRIES && !inactive; attempt++) {
            if (attempt > 0) {
                sleep(retryDelays.get(attempt - 1));
            }
            Attempt outcome = post(url, event, headers);
            if (outcome.status() != -1 && losingAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                outcome = new Attempt(-1, "");
            }
            attempts.add(outcome);
            if (outcome.status() == 200 && carriesToken(outcome.body())) {
                consecutiveFailures.set(0);
                return new Delivery(attempts, true);
            }
            if (consecutiveFailures.incrementAndGet() >= INACTIVE_AFTER) {
                inactive = true;
            }
        }
        return new Delivery(attempts, false);
    }

    /** One POST, no retry (what a test uses to look at a single answer, e.g. a refused token). */
    public Attempt post(String url, JsonNode event, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_LIMIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.toString()));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Attempt(response.statusCode(), response.body());
        } catch (java.io.IOException e) {
            return new Attempt(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(-1, "");
        }
    }

    /** The docs say only that the answer carries the token "as part of the response": anywhere in the body. */
    private boolean carriesToken(String body) {
        return body != null && !verificationToken.isEmpty() && body.contains(verificationToken);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
