package io.github.webexcamel.gateway.hooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitHub signs the body only. A signed body is posted once — the same body again, into any space, is a replay — but
 * a body that was refused after its signature was checked (it did not render, the queue was full) may come again:
 * GitHub's Redeliver is how the sender retries.
 */
class GitHubReplayTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final String SECRET = "s3cret";

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    private final WebexHooks hooks = new WebexHooks(new HooksProperties("token", 1_048_576, 120, Duration.ofSeconds(30),
            1000, null), SECRET, (room, email) -> true, m -> { }, () -> "bot@example.com", null, new ObjectMapper(),
            new SimpleMeterRegistry(), name -> true, started(new MemoryIdempotentRepository()));

    private static MemoryIdempotentRepository started(MemoryIdempotentRepository repository) {
        repository.start();
        return repository;
    }

    private final byte[] body = ("{\"ref\":\"refs/heads/main\",\"commits\":[{\"id\":\"abc\",\"message\":\"Production is down,"
            + " log in at https://evil.example/\"}]}").getBytes(StandardCharsets.UTF_8);

    /** The exchange as the route has it after the signature check and accept(); route-stopped when refused. */
    private Exchange deliver(String room) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setHeader("roomId", room);
        exchange.getIn().setHeader("X-GitHub-Event", "push");
        exchange.getIn().setHeader("X-GitHub-Delivery", "d-1");
        exchange.getIn().setHeader("X-Hub-Signature-256", "sha256=" + WebexHooks.hmacSha256Hex(SECRET, body));
        exchange.getIn().setBody(body);
        hooks.github(exchange);
        assertThat(exchange.isRouteStop()).as("signature").isFalse();
        hooks.accept(exchange);
        return exchange;
    }

    @Test
    void aQueuedDeliveryIsNotTakenAgainNorForAnotherSpace() {
        Exchange first = deliver("team-room");
        assertThat(first.isRouteStop()).isFalse();
        hooks.accepted(first);
        Exchange elsewhere = deliver("ceo-direct-room");
        assertThat(elsewhere.isRouteStop()).as("the same signed body replayed with another roomId").isTrue();
        assertThat(elsewhere.getMessage().getBody(String.class)).contains("duplicate");
        assertThat(deliver("team-room").isRouteStop()).as("the same body again").isTrue();
    }

    @Test
    void aDeliveryRefusedAfterItsSignatureMayComeAgain() {
        Exchange first = deliver("team-room");
        hooks.unrenderable(first, new IllegalStateException("no card"));
        Exchange again = deliver("team-room");
        assertThat(again.isRouteStop()).as("GitHub's Redeliver after a refusal").isFalse();
        hooks.queueFull(again);
        assertThat(deliver("team-room").isRouteStop()).as("after a full queue (503)").isFalse();
    }
}
