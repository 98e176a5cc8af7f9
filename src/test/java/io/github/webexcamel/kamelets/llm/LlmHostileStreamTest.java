package io.github.webexcamel.kamelets.llm;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile OpenAI-compatible server: after (or instead of) a short answer it sends bytes with no end and no newline
 * for as long as the client reads them. The kamelet must stop reading — at {@code [DONE]}, or at its line and answer
 * limits — and answer with what it has, never buffering whatever the server sends.
 */
class LlmHostileStreamTest {

    private static final int CHUNK = 64 * 1024;
    private static final long CAP = 64L * 1024 * 1024; // the server stops here so a failing test cannot sink the JVM
    private HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<String> head = new AtomicReference<>();
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            byte[] junk = new byte[CHUNK];
            Arrays.fill(junk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(head.get().getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (written.get() < CAP) {
                    out.write(junk);
                    out.flush();
                    written.addAndGet(CHUNK);
                    Thread.sleep(2);
                }
            } catch (Exception closedByTheClient) {
                // what the test wants
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        threads.shutdownNow();
        camel.close();
    }

    private Exchange ask() throws Exception {
        LlmChatAction action = new LlmChatAction();
        action.setBaseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        action.setModel("m");
        action.setTimeoutSeconds(30);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody("hi");
        action.chat(exchange);
        return exchange;
    }

    @Test
    void theStreamIsClosedOnceTheAnswerIsDone() throws Exception {
        head.set("data: {\"choices\":[{\"delta\":{\"content\":\"hello\"}}]}\n\ndata: [DONE]\n\n");
        Exchange exchange = ask();
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("hello");
        long atAnswer = written.get();
        Thread.sleep(3000);
        assertThat(written.get() - atAnswer).as("bytes the server could still send after the answer was done")
                .isLessThan(16L * 1024 * 1024);
    }

    @Test
    void aLineWithoutEndStopsTheReadingAtItsLimitWithTheAnswerSoFar() throws Exception {
        head.set("data: {\"choices\":[{\"delta\":{\"content\":\"partial\"}}]}\n\ndata: ");
        Exchange exchange = ask();
        assertThat(exchange.getMessage().getBody(String.class)).startsWith("partial").contains("The answer was cut");
        assertThat(exchange.getMessage().getHeader(LlmChatAction.FINISH)).isEqualTo("length");
        long atAnswer = written.get();
        assertThat(atAnswer).as("read before stopping").isLessThan(CAP);
        Thread.sleep(2000);
        assertThat(written.get() - atAnswer).as("bytes the server could still send after the reading stopped")
                .isLessThan(16L * 1024 * 1024);
    }
}
