package io.github.webexcamel.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A share reaches its command once, with the files' URLs and names (from a HEAD request). */
class SharedFilesTest extends GatewayTestSupport {

    @Test
    void sharedFilesReachTheCommandWithTheirNames() {
        String user = newUser();
        String room = sandbox.directRoom(user).path("id").asText();
        sandbox.userShare(user, room, "/files", List.of(
                new SandboxFile("report.txt", "text/plain", "all good".getBytes(StandardCharsets.UTF_8))));
        ObjectNode reply = awaitBotMessages(room, 1).get(0);
        assertThat(text(reply)).contains("name=report.txt").contains("contentType=text/plain").contains("url=http");
        say(user, "/echo after");
        awaitBotMessage(room, m -> text(m).equals("after"));
        assertThat(botMessages(room)).as("share + update is handled once").hasSize(2);
    }
}
