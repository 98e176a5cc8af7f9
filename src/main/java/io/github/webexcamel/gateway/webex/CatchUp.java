package io.github.webexcamel.gateway.webex;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back through the REST API what was said while the socket was down: the spaces with recent
 * activity, then their messages since a point in time (in group spaces only those that mention the bot,
 * as Webex requires of bots), oldest first. Card submits cannot be listed by the REST API, so a submit
 * made while the gateway was away is not recovered.
 */
class CatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);
    private static final int MAX_ROOMS = 100;
    private static final int MAX_MESSAGES_PER_ROOM = 100;

    private final WebexRestClient rest;
    private final WebexIdentity me;

    CatchUp(WebexRestClient rest, WebexIdentity me) {
        this.rest = rest;
        this.me = me;
    }

    /** Calls {@code sink} with (room uuid, message) for each missed message, per room in order. */
    Future<Integer> run(Instant since, BiConsumer<String, JsonNode> sink) {
        return run(since, null, sink);
    }

    /** As {@link #run(Instant, BiConsumer)}, only messages created before {@code until} (null: any). */
    Future<Integer> run(Instant since, Instant until, BiConsumer<String, JsonNode> sink) {
        return rest.get("/rooms?sortBy=lastactivity&max=" + MAX_ROOMS).compose(rooms -> {
            List<Future<List<JsonNode>>> reads = new ArrayList<>();
            for (JsonNode room : rooms.path("items")) {
                if (!after(room.path("lastActivity").asText(null), since)) {
                    continue;
                }
                String query = "/messages?roomId=" + room.path("id").asText() + "&max=" + MAX_MESSAGES_PER_ROOM
                        + ("group".equals(room.path("type").asText()) ? "&mentionedPeople=me" : "");
                reads.add(rest.get(query).map(page -> missed(page, since, until)).otherwise(e -> {
                    LOG.warn("Catch-up could not read a space's messages: {}", e.getMessage());
                    return List.of();
                }));
            }
            return Future.all(reads).map(all -> {
                int count = 0;
                for (int i = 0; i < all.size(); i++) {
                    List<JsonNode> messages = all.resultAt(i);
                    for (JsonNode message : messages) {
                        sink.accept(WebexIds.uuidOf(message.path("roomId").asText()), message);
                        count++;
                    }
                }
                return count;
            });
        });
    }

    private List<JsonNode> missed(JsonNode page, Instant since, Instant until) {
        List<JsonNode> messages = new ArrayList<>();
        for (JsonNode message : page.path("items")) {
            String created = message.path("created").asText(null);
            if (after(created, since) && (until == null || !after(created, until))
                    && !me.isSelf(message.path("personId").asText(null), message.path("personEmail").asText(null))) {
                messages.add(message);
            }
        }
        Collections.reverse(messages); // the API lists newest first
        return messages;
    }

    private static boolean after(String timestamp, Instant since) {
        if (timestamp == null) {
            return false;
        }
        try {
            return !Instant.parse(timestamp).isBefore(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
