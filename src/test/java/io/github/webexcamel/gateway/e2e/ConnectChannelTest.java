package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.fakes.FakeConnect;
import io.github.webexcamel.gateway.fakes.Fault;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Webex Connect bot channel end to end: the fake Connect delivers customer events to the gateway's
 * /connect/events over HTTP (with its retries), and records the replies and handovers the gateway POSTs to the
 * integration's webhook.
 */
class ConnectChannelTest extends GatewayTestSupport {

    private static final String TOKEN = "connect-shared-" + UUID.randomUUID();
    private static final String VERIFICATION = "verify-" + UUID.randomUUID();
    private static final FakeConnect CONNECT = new FakeConnect(VERIFICATION, Duration.ofMillis(200)).start();
    private static final String UNKNOWN = "I don't know that command.";

    @DynamicPropertySource
    static void connect(DynamicPropertyRegistry registry) {
        registry.add("webex.connect.webhook-url", CONNECT::baseUrl);
        registry.add("webex.connect.token", () -> TOKEN);
        registry.add("webex.connect.verification-token", () -> VERIFICATION);
        registry.add("webex.connect.commands", () -> "echo, /help");
        registry.add("webex.connect.reply-retry-budget", () -> "30s");
    }

    private String events() {
        return "http://127.0.0.1:" + serverPort + "/connect/events";
    }

    private static String conversation() {
        return "conv-" + UUID.randomUUID();
    }

    private static String messageId() {
        return "msg-" + UUID.randomUUID();
    }

    /** A customer message, delivered as Connect does, with the token as a bearer header. */
    private FakeConnect.Delivery customer(String conversation, String text) {
        return customer(conversation, messageId(), text);
    }

    private FakeConnect.Delivery customer(String conversation, String messageId, String text) {
        FakeConnect.Delivery delivery = CONNECT.deliver(events(), FakeConnect.incomingMessage(conversation, messageId, text),
                "Authorization", "Bearer " + TOKEN);
        assertThat(delivery.accepted()).as("Connect's delivery was answered 200 with the verification token").isTrue();
        return delivery;
    }

    private List<JsonNode> awaitEvents(String conversation, int count) {
        await().atMost(TIMEOUT).until(() -> CONNECT.received(conversation).size() >= count);
        return CONNECT.received(conversation);
    }

    private static List<String> replies(List<JsonNode> events) {
        return events.stream().filter(e -> "1001".equals(e.path("eventid").asText()))
                .map(e -> e.path("message").asText()).toList();
    }

    @Test
    void aMessageToTheDefaultRouteIsAnsweredWithAReplyEvent() {
        String conversation = conversation();
        FakeConnect.Delivery delivery = customer(conversation, "hello");
        assertThat(delivery.attempts()).hasSize(1);

        JsonNode reply = awaitEvents(conversation, 1).get(0);
        assertThat(reply.path("eventid").asText()).isEqualTo("1001");
        assertThat(reply.path("conversation_id").asText()).isEqualTo(conversation);
        assertThat(reply.path("Messagetype").asText()).isEqualTo("text");
        assertThat(reply.path("message").asText()).contains("agent");
        assertThat(reply.path("Timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
    }

    @Test
    void anOpenedCommandRunsAndIsAudited() {
        String conversation = conversation();
        customer(conversation, "/echo hello from Connect");

        assertThat(replies(awaitEvents(conversation, 1))).containsExactly("hello from Connect");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode rows = management("/api/audit?command=echo");
            assertThat(rows.findValues("roomId").stream().map(JsonNode::asText)).contains("connect:" + conversation);
            assertThat(rows.findValues("roomType").stream().map(JsonNode::asText)).contains("connect");
        });
    }

    @Test
    void aCommandsRefusalReachesTheCustomerAndHelpListsOnlyWhatTheChannelOpens() {
        String conversation = conversation();
        customer(conversation, "/echo");
        customer(conversation, "/help");

        List<String> replies = replies(awaitEvents(conversation, 2));
        assertThat(replies.get(0)).isEqualTo("Usage: /echo <text>");
        assertThat(replies.get(1)).contains("/echo").contains("/help").doesNotContain("/build").doesNotContain("/jira");
    }

    @Test
    void aCommandNotOpenedToTheChannelAnswersLikeAnUnknownOne() {
        String conversation = conversation();
        customer(conversation, "/build team/deploy ENV=prod");
        customer(conversation, "/authorize");
        customer(conversation, "/no-such-command");

        List<String> replies = replies(awaitEvents(conversation, 3));
        assertThat(replies).hasSize(3).allMatch(r -> r.equals(replies.get(2)));
        assertThat(replies.get(2)).startsWith(UNKNOWN);
    }

    @Test
    void aRetriedDeliveryOfTheSameMessageRunsOnce() {
        String conversation = conversation();
        String messageId = messageId();
        // the gateway gets the event but Connect never sees the answer: Connect retries it, same Messageid
        CONNECT.loseNextAnswers(1);
        FakeConnect.Delivery retried = customer(conversation, messageId, "/echo once");
        assertThat(retried.attempts()).hasSize(2);
        // and a late duplicate of it, after it ran
        awaitEvents(conversation, 1);
        customer(conversation, messageId, "/echo once");
        customer(conversation, "/echo marker");

        // the conversation keeps its order: once the marker is answered, a second "once" would have been too
        assertThat(replies(awaitEvents(conversation, 2))).containsExactly("once", "marker");
        assertThat(replies(CONNECT.received(conversation))).containsExactly("once", "marker");
    }

    @Test
    void agentHandsTheConversationOverWithA1002Event() {
        String conversation = conversation();
        customer(conversation, "Agent");

        List<JsonNode> events = awaitEvents(conversation, 2);
        assertThat(events.get(0).path("eventid").asText()).isEqualTo("1001");
        JsonNode handover = events.get(1);
        assertThat(handover.path("eventid").asText()).isEqualTo("1002");
        assertThat(handover.path("conversation_id").asText()).isEqualTo(conversation);
        assertThat(handover.path("Timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
        assertThat(handover.path("reason").asText()).isEqualTo("customer-request");
    }

    @Test
    void aRequestWithoutTheTokenIsRefusedAndCounted() {
        double before = unauthorizedCount();
        String conversation = conversation();

        FakeConnect.Attempt none = CONNECT.post(events(), FakeConnect.incomingMessage(conversation, messageId(), "/echo no token"));
        FakeConnect.Attempt wrong = CONNECT.post(events(), FakeConnect.incomingMessage(conversation, messageId(), "/echo wrong"),
                "Authorization", "Bearer not-" + TOKEN);
        FakeConnect.Attempt wrongQuery = CONNECT.post(events() + "?token=nope",
                FakeConnect.incomingMessage(conversation, messageId(), "/echo wrong query"));
        assertThat(List.of(none.status(), wrong.status(), wrongQuery.status())).containsOnly(401);
        assertThat(none.body() + wrong.body() + wrongQuery.body()).doesNotContain(VERIFICATION).doesNotContain(TOKEN);
        await().atMost(TIMEOUT).until(() -> unauthorizedCount() >= before + 3);

        // the token in the URL (what Connect's "Others" platform can carry) is accepted; only that message runs
        FakeConnect.Attempt inUrl = CONNECT.post(events() + "?token=" + TOKEN,
                FakeConnect.incomingMessage(conversation, messageId(), "/echo with token"));
        assertThat(inUrl.status()).isEqualTo(200);
        assertThat(replies(awaitEvents(conversation, 1))).containsExactly("with token");
    }

    @Test
    void connectRetriesARefusedEventFourTimesThenDeactivatesTheWebhook() {
        // a second integration whose token is wrong: its own fake, so the shared one stays active
        try (FakeConnect misconfigured = new FakeConnect(VERIFICATION, Duration.ofMillis(50)).start()) {
            double before = unauthorizedCount();
            FakeConnect.Delivery delivery = misconfigured.deliver(events(),
                    FakeConnect.incomingMessage(conversation(), messageId(), "/echo never"), "Authorization", "Bearer wrong");
            assertThat(delivery.accepted()).isFalse();
            assertThat(delivery.attempts()).hasSize(5).allMatch(a -> a.status() == 401);
            assertThat(misconfigured.inactive()).isTrue();
            await().atMost(TIMEOUT).until(() -> unauthorizedCount() >= before + 5);
        }
    }

    @Test
    void aDeliveryReceiptIsAcknowledgedAndAnswersNothing() {
        String conversation = conversation();
        FakeConnect.Delivery receipt = CONNECT.deliver(events(), FakeConnect.deliveryReceipt(conversation, messageId()),
                "Authorization", "Bearer " + TOKEN);
        assertThat(receipt.accepted()).isTrue();
        customer(conversation, "/echo after receipt");
        assertThat(replies(awaitEvents(conversation, 1))).containsExactly("after receipt");
    }

    @Test
    void fiveHundredsFromTheConnectWebhookDelayTheReplyButDoNotLoseIt() {
        String conversation = conversation();
        CONNECT.failNextMatching(3, r -> r.path().equals(FakeConnect.WEBHOOK_PATH) && r.body().contains(conversation),
                Fault.empty(503));
        customer(conversation, "/echo first");
        customer(conversation, "/echo second");

        assertThat(replies(awaitEvents(conversation, 2))).containsExactly("first", "second");
        assertThat(CONNECT.requests("POST", FakeConnect.WEBHOOK_PATH).stream()
                .filter(r -> r.body().contains(conversation))).hasSize(5);
    }

    private double unauthorizedCount() {
        JsonNode metric = management("/actuator/metrics/webex.connect.unauthorized");
        return metric.path("measurements").path(0).path("value").asDouble();
    }
}
