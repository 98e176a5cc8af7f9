package io.github.webexcamel.gateway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxListener;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * camel.component.webex.ingress=webhook on the sandbox: no Mercury socket; the gateway registers its two webhooks, the sandbox
 * delivers signed events to the platform-http endpoint, and messages and card submits are answered as over Mercury.
 */
@TestPropertySource(properties = { "camel.component.webex.ingress=webhook", "webex.webhook.secret=test-webhook-secret" })
class WebhookIngressTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private CamelContext camel;

    private String target() {
        return "http://127.0.0.1:" + serverPort + "/webex/webhook";
    }

    private List<ObjectNode> ourWebhooks() {
        return sandbox.webhooks().stream().filter(w -> w.path("name").asText().startsWith("webex-camel-gateway")).toList();
    }

    @Test
    void registersOneWebhookPerResourceAndOpensNoSocket() {
        await().atMost(TIMEOUT).until(() -> sandbox.webhooks().size() == 2);
        assertThat(sandbox.webhooks()).extracting(w -> w.path("resource").asText())
                .containsExactlyInAnyOrder("messages", "attachmentActions");
        assertThat(sandbox.webhooks()).allSatisfy(w -> {
            assertThat(w.path("event").asText()).isEqualTo("created");
            assertThat(w.path("targetUrl").asText()).isEqualTo(target());
            assertThat(w.path("secret").asText()).isEqualTo("test-webhook-secret");
        });
        assertThat(sandbox.connectedSockets()).isZero();
        assertThat(sandbox.devices()).isEmpty();
    }

    @Test
    void aMessageIsAnsweredOnceAndTheBotsOwnReplyIsIgnored() {
        String user = newUser();
        String room = say(user, "/echo over a webhook").path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).isEqualTo("over a webhook");
        say(user, "/echo second");
        awaitBotMessage(room, m -> text(m).equals("second"));
        // the bot's own replies are delivered too (as Webex does); answering them would loop
        assertThat(botMessages(room)).hasSize(2);
    }

    @Test
    void aCardSubmitIsAnswered() {
        String user = newUser();
        String room = say(user, "/chat").path("roomId").asText();
        ObjectNode card = awaitBotMessages(room, 1).get(0);
        sandbox.userSubmit(user, card.path("id").asText(), Map.of("model", "llama3.1", "temperature", "0.7",
                "systemPrompt", "Be brief", "command", "/chat", "action", "save"));
        assertThat(text(awaitBotMessage(room, m -> text(m).startsWith("Chat settings saved")))).contains("llama3.1");
        assertThat(botMessages(room)).hasSize(2);
    }

    @Test
    void groupMessagesThatMentionTheBotAreAnsweredInTheirThread() {
        String user = newUser();
        String room = sandbox.createGroupRoom("webhooks", List.of(user)).path("id").asText();
        sandbox.userPost(user, room, "/echo not for the bot", null, false);
        ObjectNode asked = sandbox.userPost(user, room, "/echo hello group", null, true);
        ObjectNode reply = awaitBotMessage(room, m -> text(m).equals("hello group"));
        assertThat(reply.path("parentId").asText()).isEqualTo(asked.path("id").asText());
        assertThat(botMessages(room)).hasSize(1);
    }

    @Test
    void aMissingOrWrongSignatureIsRefusedCountedAndNothingRuns() throws Exception {
        Set<String> fetched = ConcurrentHashMap.newKeySet();
        sandbox.addListener(new SandboxListener() {
            @Override
            public void onBotRequest(String method, String path, int status) {
                fetched.add(method + " " + path);
            }
        });
        String user = newUser();
        String room = sandbox.directRoom(user).path("id").asText();
        String forgedId = "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvZm9yZ2VkLTAwMDE";
        String body = delivery(room, forgedId);
        double before = rejected("signature");

        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, sign("not-the-secret", body)).statusCode()).isEqualTo(401);
        assertThat(post(body, sign("test-webhook-secret", body).toUpperCase()).statusCode()).isEqualTo(401);
        // a signature over other bytes (the same JSON, re-serialised with spaces) is not the raw body's
        assertThat(post(body, sign("test-webhook-secret", body.replace(",", ", "))).statusCode()).isEqualTo(401);

        assertThat(rejected("signature") - before).isEqualTo(4);
        // signed correctly the same delivery is taken (and then fetched): the refused ones never got that far
        assertThat(post(body, sign("test-webhook-secret", body)).statusCode()).isEqualTo(200);
        await().atMost(TIMEOUT).until(() -> fetched.contains("GET /v1/messages/" + forgedId));
        assertThat(botMessages(room)).isEmpty();
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        double before = rejected("too-large");
        assertThat(post(big, sign("test-webhook-secret", big)).statusCode()).isEqualTo(413);
        assertThat(rejected("too-large") - before).isEqualTo(1);
    }

    @Test
    void restartsNeverDuplicateAndAStaleWebhookIsRepaired() throws Exception {
        await().atMost(TIMEOUT).until(() -> ourWebhooks().size() == 2);
        List<String> ids = ourWebhooks().stream().map(w -> w.path("id").asText()).sorted().toList();

        restartRegistration();
        assertThat(ourWebhooks().stream().map(w -> w.path("id").asText()).sorted().toList()).isEqualTo(ids);

        // someone pointed ours elsewhere and registered a second one by hand
        ObjectNode messages = ourWebhooks().stream().filter(w -> w.path("resource").asText().equals("messages"))
                .findFirst().orElseThrow();
        bot("PUT", "/webhooks/" + messages.path("id").asText(),
                "{\"name\":\"webex-camel-gateway messages\",\"targetUrl\":\"http://127.0.0.1:1/stale\",\"secret\":\"old\"}");
        bot("POST", "/webhooks", "{\"name\":\"webex-camel-gateway messages\",\"targetUrl\":\"" + target()
                + "\",\"resource\":\"messages\",\"event\":\"created\",\"secret\":\"old\"}");
        assertThat(ourWebhooks()).hasSize(3);

        restartRegistration();
        assertThat(ourWebhooks()).hasSize(2);
        assertThat(ourWebhooks()).allSatisfy(w -> {
            assertThat(w.path("targetUrl").asText()).isEqualTo(target());
            assertThat(w.path("secret").asText()).isEqualTo("test-webhook-secret");
        });
        assertThat(ourWebhooks()).extracting(w -> w.path("resource").asText())
                .containsExactlyInAnyOrder("messages", "attachmentActions");

        String user = newUser();
        String room = say(user, "/echo after repair").path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).isEqualTo("after repair");
        assertThat(botMessages(room)).hasSize(1);
    }

    /** What a leader change or a restart does: the registration route starts again and reconciles at once. */
    private void restartRegistration() throws Exception {
        // the registration at start-up may still be finishing (both webhooks show before its exchange completes)
        await().atMost(TIMEOUT).until(() -> camel.getInflightRepository().size("webex-webhook-registration") == 0);
        camel.getRouteController().stopRoute("webex-webhook-registration");
        NotifyBuilder reconciled = new NotifyBuilder(camel).fromRoute("webex-webhook-registration").whenCompleted(1).create();
        camel.getRouteController().startRoute("webex-webhook-registration");
        assertThat(reconciled.matches(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("a reconciliation ran").isTrue();
    }

    private double rejected(String reason) {
        JsonNode metric = management("/actuator/metrics/webex.webhook.rejected?tag=reason:" + reason);
        return metric.path("measurements").path(0).path("value").asDouble();
    }

    private String delivery(String roomId, String messageId) {
        ObjectNode d = JSON.createObjectNode();
        d.put("id", "Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZm9yZ2Vk");
        d.put("name", "webex-camel-gateway messages");
        d.put("targetUrl", target());
        d.put("resource", "messages");
        d.put("event", "created");
        d.put("actorId", "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk");
        ObjectNode data = d.putObject("data");
        data.put("id", messageId);
        data.put("roomId", roomId);
        data.put("roomType", "direct");
        data.put("personId", "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk");
        data.put("personEmail", "mallory@example.com");
        return d.toString();
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Spark-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void bot(String method, String path, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.apiUrl() + path))
                .header("Authorization", "Bearer " + sandbox.botToken()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
