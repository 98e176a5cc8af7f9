package io.github.webexcamel.gateway.webex.rest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many calls at once from route threads (not Vert.x threads), as the gateway makes them under a burst. Every
 * call must complete: an answer whose body the client lost left an event stuck with no timeout to end it
 * (the request had ended, so the idle timeout never fired), which stalled its room.
 */
class WebexRestClientConcurrencyTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private Vertx serverVertx;
    private Vertx clientVertx;
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        serverVertx = Vertx.vertx();
        server = serverVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            served.incrementAndGet();
            req.response().putHeader("Content-Type", "application/json")
                    .end("{\"id\":\"m-" + served.get() + "\",\"path\":\"" + req.path() + "\"}");
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        clientVertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyCallFromManyRouteThreadsCompletes() throws Exception {
        WebexRestClient client = new WebexRestClient(clientVertx, mapper, "http://127.0.0.1:" + server.actualPort() + "/v1",
                "secret-token", null, Duration.ofSeconds(10), 1, Duration.ofSeconds(1), 64)
                .readTimeout(Duration.ofSeconds(5));
        int threads = 16;
        int perThread = 1000;
        ExecutorService routeThreads = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        List<CompletableFuture<Void>> submitted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<CompletableFuture<JsonNode>> mine = new ArrayList<>();
            calls.add(null); // placeholder keeps indices simple below
            submitted.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    CompletableFuture<JsonNode> call = (i % 2 == 0
                            ? client.post("/messages", Map.of("markdown", "reply " + i))
                            : client.get("/messages/" + i)).toCompletionStage().toCompletableFuture();
                    synchronized (mine) {
                        mine.add(call);
                    }
                }
                synchronized (calls) {
                    calls.addAll(mine);
                }
            }, routeThreads));
        }
        CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        routeThreads.shutdown();
        List<CompletableFuture<JsonNode>> all = calls.stream().filter(c -> c != null).toList();
        assertThat(all).hasSize(threads * perThread);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (CompletableFuture<JsonNode> call : all) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    call.get(left, TimeUnit.NANOSECONDS);
                } catch (Exception ignored) {
                    // counted below
                }
            }
        }
        long pending = all.stream().filter(c -> !c.isDone()).count();
        long failed = all.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        assertThat(pending).as("calls whose answer never came back (server answered %d)", served.get()).isZero();
        assertThat(failed).as("calls that failed").isZero();
        assertThat(all.get(0).get().path("id").asText()).startsWith("m-");
    }
}
