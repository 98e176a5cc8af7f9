package io.github.webexcamel.gateway.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed frames and unknown verbs are logged and counted; the gateway keeps serving. */
class BadInputTest extends GatewayTestSupport {

    @Autowired
    ProducerTemplate producer;

    @Test
    void malformedFramesAndUnknownVerbsDoNotStopTheGateway() {
        long malformedBefore = webex.consumers().get(0).connection().malformedFrames();
        sandbox.pushRawFrame("this is not json");
        sandbox.pushRawFrame("[1, 2, 3]");
        sandbox.pushRawFrame("{\"id\":\"x\",\"data\":{\"eventType\":\"conversation.activity\",\"activity\":{\"verb\":\"post\"}}}");
        sandbox.pushRawFrame("{\"id\":\"y\",\"data\":{\"eventType\":\"conversation.activity\",\"activity\":\"not an object\"}}");
        sandbox.pushRawFrame("{\"id\":\"z\",\"data\":{\"eventType\":\"something.else\"}}");
        ObjectNode unknown = JsonNodeFactory.instance.objectNode();
        unknown.put("id", "0f0e0d0c-0000-4000-8000-000000000001").put("verb", "tombstone").put("objectType", "activity");
        unknown.putObject("actor").put("emailAddress", "someone@example.com");
        unknown.putObject("target").put("id", "0f0e0d0c-0000-4000-8000-000000000002");
        sandbox.pushActivity(unknown);
        ObjectNode ghost = JsonNodeFactory.instance.objectNode();
        ghost.put("id", "0f0e0d0c-0000-4000-8000-000000000003").put("verb", "post").put("objectType", "activity");
        ghost.putObject("actor").put("emailAddress", "someone@example.com");
        ghost.putObject("target").put("id", "0f0e0d0c-0000-4000-8000-000000000004")
                .put("url", sandbox.baseUrl() + "/conversation/api/v1/conversations/0f0e0d0c-0000-4000-8000-000000000004");
        sandbox.pushActivity(ghost);

        ObjectNode request = say(newUser(), "/echo still here");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0))).isEqualTo("still here");
        assertThat(webex.consumers().get(0).connection().malformedFrames() - malformedBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void framesThatAreNotUtf8OrNotTextAreCountedAndTheGatewayGoesOn() {
        long malformedBefore = webex.consumers().get(0).connection().malformedFrames();
        byte[] notUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '"'};
        sandbox.pushRawFrame(notUtf8, true);
        sandbox.pushRawFrame(new byte[] {(byte) 0x80, (byte) 0x81, 0, 1, 2}, false);

        ObjectNode request = say(newUser(), "/echo after bad bytes");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0))).isEqualTo("after bad bytes");
        assertThat(webex.consumers().get(0).connection().malformedFrames() - malformedBefore).isEqualTo(2);
    }

    /** A frame over maxFrameSize is dropped and counted; the socket stays and what follows is answered. */
    @Test
    void aHugeFrameIsDroppedAndWhatFollowsIsAnswered() {
        long malformedBefore = webex.consumers().get(0).connection().malformedFrames();
        String user = newUser();
        String room = sandbox.directRoom(user).path("id").asText();
        sandbox.pushRawFrame("{\"id\":\"huge\",\"data\":{\"eventType\":\"x\",\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}");
        sandbox.userPost(user, room, "/echo right behind the huge frame", null, false);

        assertThat(text(awaitBotMessages(room, 1).get(0))).isEqualTo("right behind the huge frame");
        assertThat(webex.consumers().get(0).state()).isEqualTo(MercuryState.CONNECTED);
        assertThat(webex.consumers().get(0).connection().malformedFrames() - malformedBefore).isEqualTo(1);
        ObjectNode later = say(newUser(), "/echo and later");
        assertThat(text(awaitBotMessages(later.path("roomId").asText(), 1).get(0))).isEqualTo("and later");
    }

    @Test
    void anOversizedReplyIsSplitOnLineBoundaries() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 12000; i++) {
            big.append("line ").append(i).append(" of a long answer\n");
        }
        String room = sandbox.directRoom(newUser()).path("id").asText();
        producer.sendBodyAndHeader("webex:messages", big.toString(), WebexConstants.ROOM_ID, room);
        var replies = awaitBotMessages(room, 2);
        String joined = replies.stream().map(GatewayTestSupport::text).reduce("", String::concat);
        assertThat(joined.replace("\n", "")).isEqualTo(big.toString().strip().replace("\n", ""));
        assertThat(replies).allSatisfy(m -> assertThat(text(m).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(7439));
    }

    /**
     * A caller with no secret streams a body of hundreds of MB, chunked and without a length, at a way in that has
     * no login in front: it is cut off at the limit (413), before platform-http would have read it all into memory.
     */
    @Test
    void waysInWithoutALoginStopReadingAnOversizedBodyAtTheirLimit() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (String path : java.util.List.of("/webex/webhook", "/connect/events", "/parse")) {
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            java.net.http.HttpResponse<String> response;
            try {
                response = client.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + serverPort + path))
                        .header("Content-Type", "application/json").POST(chunked(256L << 20, sent)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException closed) {
                response = null; // the server may close the connection while the body is still being sent
            }
            if (response != null) {
                assertThat(response.statusCode()).as(path).isEqualTo(413);
            }
            assertThat(sent.get()).as("bytes sent to %s before it stopped reading", path).isLessThan(32L << 20);
        }
        ObjectNode request = say(newUser(), "/echo still here");
        assertThat(text(awaitBotMessages(request.path("roomId").asText(), 1).get(0))).isEqualTo("still here");
    }

    /** A body of {@code total} bytes in 64 KB chunks, produced only as fast as the server reads it. */
    private static java.net.http.HttpRequest.BodyPublisher chunked(long total, java.util.concurrent.atomic.AtomicLong sent) {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        return java.net.http.HttpRequest.BodyPublishers.fromPublisher(subscriber -> subscriber.onSubscribe(
                new java.util.concurrent.Flow.Subscription() {
                    private volatile boolean done;

                    @Override
                    public synchronized void request(long n) {
                        for (long i = 0; i < n && !done; i++) {
                            long left = total - sent.get();
                            if (left <= 0) {
                                done = true;
                                subscriber.onComplete();
                                return;
                            }
                            int size = (int) Math.min(chunk.length, left);
                            sent.addAndGet(size);
                            subscriber.onNext(java.nio.ByteBuffer.wrap(chunk, 0, size));
                        }
                    }

                    @Override
                    public void cancel() {
                        done = true;
                    }
                }));
    }
}
