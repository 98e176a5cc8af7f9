package io.github.webexcamel.gateway.e2e;

import java.time.Duration;

import io.github.webexcamel.gateway.jenkins.JenkinsWatches;
import io.github.webexcamel.gateway.reply.ReplyOutbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A /build that finishes while Webex takes no messages for longer than the write retry budget: its result is not
 * lost with the watch, it waits in the reply outbox and is posted, once, when Webex takes messages again.
 */
@TestPropertySource(properties = { "camel.component.webex.write-retry-budget=1s", "webex.outbox.interval=500" })
class JenkinsResultOutageTest extends ConnectorTestSupport {

    @Autowired
    private ReplyOutbox outbox;
    @Autowired
    private JenkinsWatches watches;

    @AfterEach
    void webexBack() {
        sandbox.faults().failNextPosts(0, 503);
    }

    @Test
    void aResultWebexDoesNotTakeIsKeptAndPostedWhenItDoes() {
        JENKINS.addJob("outage-deploy").buildDuration(Duration.ofSeconds(2));
        String user = newUser();
        String room = say(user, "/build outage-deploy").path("roomId").asText();
        assertThat(text(awaitBotMessages(room, 1).get(0))).startsWith("Queued outage-deploy");

        sandbox.faults().failNextPosts(1_000_000, 503);
        await().atMost(TIMEOUT).until(() -> outbox.waiting() == 1);
        assertThat(watches.size()).as("the watch ended: its report is the outbox's now").isZero();

        sandbox.faults().failNextPosts(0, 503);
        awaitBotMessage(room, m -> text(m).startsWith("Build #"));
        await().atMost(TIMEOUT).until(() -> outbox.waiting() == 0);
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        assertThat(botMessages(room).stream().filter(m -> text(m).startsWith("Build #"))).as("posted once").hasSize(1);
    }
}
