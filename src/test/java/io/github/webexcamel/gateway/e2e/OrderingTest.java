package io.github.webexcamel.gateway.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Events of one room are answered in the order they arrived, while rooms proceed in parallel. */
class OrderingTest extends GatewayTestSupport {

    @Test
    void repliesKeepTheOrderOfEachRoom() {
        int rooms = 8;
        int perRoom = 25;
        List<String> users = IntStream.range(0, rooms).mapToObj(i -> newUser()).toList();
        List<String> roomIds = new ArrayList<>();
        for (String user : users) {
            roomIds.add(sandbox.directRoom(user).path("id").asText());
        }
        for (int n = 0; n < perRoom; n++) {
            for (int r = 0; r < rooms; r++) {
                sandbox.userPost(users.get(r), roomIds.get(r), "/echo " + n, null, false);
            }
        }
        List<String> expected = IntStream.range(0, perRoom).mapToObj(String::valueOf).toList();
        for (String room : roomIds) {
            assertThat(awaitBotMessages(room, perRoom)).extracting(GatewayTestSupport::text).containsExactlyElementsOf(expected);
        }
    }
}
