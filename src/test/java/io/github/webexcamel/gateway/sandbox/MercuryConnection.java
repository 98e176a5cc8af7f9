package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A client Mercury socket over java.net.http, recording every text frame. */
final class MercuryConnection implements WebSocket.Listener, AutoCloseable {

    final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    final LinkedBlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    static MercuryConnection open(HttpClient http, String url, String authorizationHeader) {
        MercuryConnection c = new MercuryConnection();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(BotClient.TIMEOUT);
        if (authorizationHeader != null) {
            b.header("Authorization", authorizationHeader);
        }
        c.ws = b.buildAsync(URI.create(url), c).orTimeout(5, TimeUnit.SECONDS).join();
        return c;
    }

    void authorize(String token) {
        send(BotClient.JSON.createObjectNode().put("id", WebexIds.randomUuid()).put("type", "authorization")
                .set("data", BotClient.JSON.createObjectNode().put("token", token)).toString());
    }

    void send(String text) {
        ws.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    void ping(String payload) {
        ws.sendPing(ByteBuffer.wrap(payload.getBytes())).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Waits for the next frame matching the predicate, discarding the others. */
    JsonNode awaitFrame(Predicate<JsonNode> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String f;
            try {
                f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (f == null) {
                throw new AssertionError("No matching frame within 5 s; got " + skipped);
            }
            JsonNode n = BotClient.parse(f);
            if (matching.test(n)) {
                return n;
            }
            skipped.add(f);
        }
    }

    JsonNode awaitActivity(String verb) {
        return awaitFrame(f -> verb.equals(f.path("data").path("activity").path("verb").asText()));
    }

    int awaitClose() {
        return closeCode.orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.add(message);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason.complete(reason);
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(1006);
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }

    static void assertEnvelope(JsonNode frame) {
        assertThat(frame.path("id").asText()).isNotEmpty();
        assertThat(frame.path("timestamp").isNumber()).isTrue();
        assertThat(frame.path("trackingId").asText()).isNotEmpty();
        assertThat(frame.path("sequenceNumber").isNumber()).isTrue();
        assertThat(frame.has("type")).isFalse();
        assertThat(frame.path("data").path("eventType").asText()).isEqualTo("conversation.activity");
    }
}
