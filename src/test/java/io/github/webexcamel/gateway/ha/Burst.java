package io.github.webexcamel.gateway.ha;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;

/**
 * /echo traffic over many spaces (every fourth a group space, where the bot is mentioned) and the bookkeeping to say
 * afterwards what was lost, what was answered twice, and whether each space kept its order.
 */
final class Burst {

    /**
     * A replica SIGKILLed between Webex accepting a reply and its claim being marked done leaves a reply the taking-over
     * replica cannot see in a group space (bots list only messages that mention them there), so it answers again: at
     * most once per group space that had an event in flight. Direct spaces are read back and never answered twice.
     */
    static final int GROUP_SPACES_IN_FLIGHT = 5;

    private final WebexSandbox sandbox;
    private final List<String> rooms = new ArrayList<>();
    private final Map<String, String> senders = new LinkedHashMap<>();
    private final Map<String, List<String>> sent = new LinkedHashMap<>();

    Burst(WebexSandbox sandbox, String prefix, int spaces) {
        this.sandbox = sandbox;
        for (int i = 0; i < spaces; i++) {
            String user = prefix + "-" + i + "@example.com";
            String room = i % 4 == 3
                    ? sandbox.createGroupRoom(prefix + " group " + i, List.of(user)).path("id").asText()
                    : sandbox.directRoom(user).path("id").asText();
            rooms.add(room);
            senders.put(room, user);
            sent.put(room, new ArrayList<>());
        }
    }

    WebexSandbox sandbox() {
        return sandbox;
    }

    /** Sends messages number {@code from} (inclusive) to {@code to} (exclusive), spread round-robin over the spaces. */
    void send(String tag, int from, int to) {
        for (int n = from; n < to; n++) {
            String room = rooms.get(n % rooms.size());
            String text = tag + "-" + n;
            boolean group = rooms.indexOf(room) % 4 == 3;
            ObjectNode posted = sandbox.userPost(senders.get(room), room, "/echo " + text, null, group);
            if (posted == null) {
                throw new IllegalStateException("the sandbox did not take message " + n);
            }
            sent.get(room).add(text);
        }
    }

    /** Replies of the bot per space, oldest first (the echoed texts). */
    Map<String, List<String>> replies() {
        Map<String, List<String>> replies = new LinkedHashMap<>();
        for (String room : rooms) {
            replies.put(room, sandbox.messages(room).stream()
                    .filter(m -> sandbox.botEmail().equals(m.path("personEmail").asText()))
                    .map(m -> m.path("text").asText()).toList());
        }
        return replies;
    }

    int expected() {
        return sent.values().stream().mapToInt(List::size).sum();
    }

    /** Every message sent is answered (a space's replies may hold earlier bursts' too). */
    int lost() {
        Map<String, List<String>> replies = replies();
        int lost = 0;
        for (String room : rooms) {
            for (String text : sent.get(room)) {
                if (!replies.get(room).contains(text)) {
                    lost++;
                }
            }
        }
        return lost;
    }

    int duplicated() {
        return duplicates().size();
    }

    /** "space #n (direct|group): text" for each reply given more than once. */
    List<String> duplicates() {
        Map<String, List<String>> replies = replies();
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < rooms.size(); i++) {
            List<String> seen = new ArrayList<>();
            for (String reply : replies.get(rooms.get(i))) {
                if (seen.contains(reply)) {
                    duplicates.add("space #" + i + (i % 4 == 3 ? " (group)" : " (direct)") + ": " + reply);
                }
                seen.add(reply);
            }
        }
        return duplicates;
    }

    /** Spaces whose replies came in another order than their messages. */
    List<String> outOfOrder() {
        Map<String, List<String>> replies = replies();
        List<String> bad = new ArrayList<>();
        for (String room : rooms) {
            List<String> answered = replies.get(room).stream().filter(sent.get(room)::contains).distinct().toList();
            List<String> expected = sent.get(room).stream().filter(answered::contains).toList();
            if (!answered.equals(expected)) {
                bad.add(room);
            }
        }
        return bad;
    }
}
