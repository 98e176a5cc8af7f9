package io.github.webexcamel.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.reply.ReplyOutbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webex's message service down for longer than the write retry budget: the command runs once, nobody gets an apology,
 * the reply is kept in the state store and posted, once, when Webex takes messages again (#13, durable replies).
 */
@TestPropertySource(properties = { "camel.component.webex.write-retry-budget=1s", "webex.outbox.interval=500" })
class ReplyOutboxTest extends GatewayTestSupport {

    @Autowired
    private ReplyOutbox outbox;

    @AfterEach
    void webexBack() {
        sandbox.faults().failNextPosts(0, 503);
    }

    @Test
    void aReplyWebexDoesNotTakeWithinTheBudgetIsKeptAndPostedWhenItDoes() {
        String user = newUser();
        String room = sandbox.directRoom(user).path("id").asText();
        // every POST /v1/messages answers 503 until the test says otherwise: the reply, its retries and the outbox's
        sandbox.faults().failNextPosts(1_000_000, 503);
        say(user, "/echo kept <@all> across the outage");

        await().atMost(TIMEOUT).until(() -> outbox.waiting() == 1);
        assertThat(botMessages(room)).as("no apology, no reply while Webex refuses").isEmpty();
        JsonNode audit = management("/api/audit?person=" + user + "&command=echo");
        assertThat(audit.findValuesAsText("outcome")).containsExactly("reply-kept");

        sandbox.faults().failNextPosts(0, 503);
        awaitBotMessages(room, 1);
        await().atMost(TIMEOUT).until(() -> outbox.waiting() == 0);
        // a few rounds more: the kept reply is not posted a second time
        await().pollDelay(java.time.Duration.ofMillis(1500)).until(() -> true);
        assertThat(botMessages(room)).hasSize(1);
        String posted = text(botMessages(room).get(0));
        assertThat(posted).contains("kept").contains("across the outage").doesNotContain("Sorry");
        assertThat(botMessages(room).get(0).path("markdown").asText()).as("kept as it was to be posted: neutralized once")
                .doesNotContain("<@all>");
    }

    @Test
    void anErrorLineWebexDoesNotTakeIsKeptAndPostedWhenItDoes() {
        String user = newUser();
        String room = sandbox.directRoom(user).path("id").asText();
        sandbox.faults().failNextPosts(1_000_000, 503);
        // /boom (test-routes) fails: its error line meets the same outage, and is kept like any reply, not dropped
        say(user, "/boom");

        await().atMost(TIMEOUT).until(() -> outbox.waiting() == 1);
        assertThat(botMessages(room)).isEmpty();

        sandbox.faults().failNextPosts(0, 503);
        awaitBotMessages(room, 1);
        await().atMost(TIMEOUT).until(() -> outbox.waiting() == 0);
        assertThat(text(botMessages(room).get(0))).startsWith("Sorry, that did not work (ref ");
        JsonNode audit = management("/api/audit?person=" + user + "&command=boom");
        assertThat(audit.findValuesAsText("outcome")).as("the command failed; its line was only late").containsExactly("error");
    }
}
