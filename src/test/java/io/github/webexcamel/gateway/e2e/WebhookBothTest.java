package io.github.webexcamel.gateway.e2e;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.state.StateValues;
import io.github.webexcamel.gateway.webhook.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * camel.component.webex.ingress=both: every event reaches the gateway twice, over Mercury and as a webhook, and runs once; with no
 * WEBEX_WEBHOOK_SECRET the secret is generated and kept in the state store.
 */
@TestPropertySource(properties = { "camel.component.webex.ingress=both" })
class WebhookBothTest extends GatewayTestSupport {

    @Autowired
    private WebhookReceiver receiver;
    @Autowired
    private StateValues values;

    @Test
    void theGeneratedSecretIsPersistedAndUsed() {
        await().atMost(TIMEOUT).until(() -> sandbox.webhooks().size() == 2);
        String stored = values.get("webex.webhook.secret").orElseThrow();
        assertThat(stored).matches("[0-9a-f]{64}");
        assertThat(sandbox.webhooks()).allSatisfy(w -> assertThat(w.path("secret").asText()).isEqualTo(stored));
        assertThat(sandbox.connectedSockets()).isEqualTo(1);
    }

    @Test
    void eachMessageArrivesBothWaysAndIsAnsweredOnceInOrder() {
        await().atMost(TIMEOUT).until(() -> sandbox.webhooks().size() == 2);
        String user = newUser();
        String direct = sandbox.directRoom(user).path("id").asText();
        String group = sandbox.createGroupRoom("both", List.of(user)).path("id").asText();
        long before = receiver.accepted();
        for (int i = 0; i < 10; i++) {
            sandbox.userPost(user, direct, "/echo " + i, null, false);
            sandbox.userPost(user, group, "/echo " + i, null, true);
        }
        for (String room : List.of(direct, group)) {
            awaitBotMessage(room, m -> text(m).equals("9"));
        }
        // the webhooks came too (20 messages; the bot's 20 replies are delivered and ignored as well)
        await().atMost(TIMEOUT).until(() -> receiver.accepted() - before >= 40);
        for (String room : List.of(direct, group)) {
            assertThat(botMessages(room)).extracting(GatewayTestSupport::text)
                    .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        }
    }

    @Test
    void aCardSubmitArrivesBothWaysAndIsAnsweredOnce() {
        String user = newUser();
        String room = say(user, "/help").path("roomId").asText();
        ObjectNode help = awaitBotMessages(room, 1).get(0);
        long before = receiver.accepted();
        sandbox.userSubmit(user, help.path("id").asText(), Map.of("command", "/chat"));
        awaitBotMessages(room, 2);
        await().atMost(TIMEOUT).until(() -> receiver.accepted() - before >= 2); // the submit and the bot's card
        // a late second run would post a third message; the echo after it shows the room has moved on
        say(user, "/echo done");
        awaitBotMessage(room, m -> text(m).equals("done"));
        assertThat(botMessages(room)).hasSize(3);
    }
}
