package io.github.webexcamel.kamelets.a2a;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A hostile agent: answers 200 with its headers at once, then a body that never ends — a trickle, one byte a second,
 * or a flood without a newline. java.net.http's request timeout covers the headers only, so whatever bounds a run
 * must also bound the body, in time and in size.
 */
class A2aHostileAgentTest {

    private HttpServer server;
    private final ExecutorService runner = Executors.newCachedThreadPool();
    private volatile boolean stop;
    private volatile boolean flood;
    private volatile String contentType = "application/json";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0); // chunked
            byte[] junk = new byte[64 * 1024];
            java.util.Arrays.fill(junk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                out.write((flood ? "data: " : "{\"jsonrpc\":\"2.0\",").getBytes(StandardCharsets.UTF_8));
                out.flush();
                long sent = 0;
                while (!stop && sent < 256L * 1024 * 1024) {
                    if (flood) {
                        out.write(junk);
                        sent += junk.length;
                    } else {
                        out.write(' ');
                        Thread.sleep(1000);
                    }
                    out.flush();
                }
            } catch (Exception closed) {
                // the client went away
            }
        });
        server.start();
    }

    @AfterEach
    void close() {
        stop = true;
        runner.shutdownNow();
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private A2aClient client() {
        return new A2aClient(url(), new OAuth2Tokens("", "", "", "", "", Duration.ofSeconds(60), HttpClient.newHttpClient(),
                new ObjectMapper()), new ObjectMapper(), Duration.ofMinutes(5), HttpClient.newHttpClient());
    }

    private AgentCard card() {
        return new AgentCard("hostile", "", url(), "0.3.0", true, List.of());
    }

    @Test
    void aStreamAnsweredWithANeverEndingJsonBodyEndsAtTheRunsDeadline() throws Exception {
        A2aClient client = client();
        AgentCard card = card();
        A2aProtocol protocol = A2aProtocol.forCard(card);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        Future<A2aClient.End> run = runner.submit(() -> client.stream(card, protocol, protocol.streamMethod(),
                protocol.sendParams("m1", "hi", null, null, null), e -> { }, deadline, closer -> { }));
        try {
            assertThat(run.get(8, TimeUnit.SECONDS)).isEqualTo(A2aClient.End.TIMEOUT);
        } catch (TimeoutException hung) {
            fail("the run's deadline was 2 s, but stream() was still reading the agent's body after 8 s");
        }
    }

    @Test
    void aStreamLineWithoutEndIsNotBufferedWithoutLimit() throws Exception {
        flood = true;
        contentType = "text/event-stream";
        A2aClient client = client();
        AgentCard card = card();
        A2aProtocol protocol = A2aProtocol.forCard(card);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Future<A2aClient.End> run = runner.submit(() -> client.stream(card, protocol, protocol.streamMethod(),
                protocol.sendParams("m1", "hi", null, null, null), e -> { }, deadline, closer -> { }));
        try {
            assertThat(run.get(20, TimeUnit.SECONDS)).as("a line over the limit ends the stream").isEqualTo(A2aClient.End.DROPPED);
        } catch (TimeoutException hung) {
            fail("stream() was still buffering one endless line after 20 s");
        }
    }

    @Test
    void aUnaryCallWhoseBodyNeverEndsIsBoundedByItsTimeout() throws Exception {
        A2aClient client = client();
        AgentCard card = card();
        A2aProtocol protocol = A2aProtocol.forCard(card);
        Future<?> call = runner.submit(() -> client.call(card, protocol, "tasks/get", protocol.taskIdParams("t1"),
                Duration.ofSeconds(2)));
        try {
            call.get(8, TimeUnit.SECONDS);
            fail("a body that never ended was taken as an answer");
        } catch (TimeoutException hung) {
            fail("tasks/get with a 2 s timeout was still reading the agent's body after 8 s");
        } catch (ExecutionException expected) {
            assertThat(expected.getCause()).isInstanceOf(A2aException.class).hasMessageContaining("did not answer within 2 seconds");
        }
    }

    @Test
    void aUnaryAnswerLargerThanTheLimitIsRefused() throws Exception {
        flood = true;
        A2aClient client = client();
        AgentCard card = card();
        A2aProtocol protocol = A2aProtocol.forCard(card);
        Future<?> call = runner.submit(() -> client.call(card, protocol, "tasks/get", protocol.taskIdParams("t1"),
                Duration.ofSeconds(30)));
        try {
            call.get(20, TimeUnit.SECONDS);
            fail("an endless body was taken as an answer");
        } catch (TimeoutException hung) {
            fail("tasks/get was still reading an endless body after 20 s");
        } catch (ExecutionException expected) {
            assertThat(expected.getCause()).isInstanceOf(A2aException.class);
        }
    }
}
