package io.github.webexcamel.gateway.resilience;

import java.net.http.HttpClient;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.webexcamel.kamelets.a2a.A2aClient;
import io.github.webexcamel.kamelets.a2a.A2aException;
import io.github.webexcamel.kamelets.a2a.OAuth2Tokens;
import io.github.webexcamel.gateway.fakes.FakeLlm;
import io.github.webexcamel.kamelets.CircuitGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The A2A client behind its circuit breaker (a2a.circuit-breaker.*), against an agent whose every answer is a 5xx:
 * three failed calls open the circuit, and the next call is refused at once with one line and sends nothing.
 */
class AgentCircuitBreakerTest {

    /** Any of the fakes serves as an agent that fails: its fault rules apply before its routes. */
    private static final FakeLlm FAILING = new FakeLlm().start();

    @AfterAll
    static void stop() {
        FAILING.close();
    }

    @Test
    void anAgentThatKeepsFailingOpensTheCircuitAndIsThenNotAskedAtAll() {
        FAILING.failNext(10_000, "/", FakeLlm.serverError());
        CircuitBreaker breaker = CircuitBreaker.of("a2a", ResilienceConfiguration.breakerConfig(3, Duration.ofSeconds(30), null));
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper mapper = new ObjectMapper();
        A2aClient client = new A2aClient(FAILING.baseUrl(), new OAuth2Tokens("", "", "", "", "", Duration.ZERO, http, mapper),
                mapper, Duration.ZERO, http).circuitGuard(new CircuitGuard("The agent", breaker));
        // each card lookup asks agent-card.json, then the older agent.json: two failures
        assertThatThrownBy(client::card).isInstanceOf(A2aException.class).hasMessageContaining("HTTP 500");
        assertThatThrownBy(client::card).isInstanceOf(A2aException.class);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = FAILING.requests().size();
        assertThatThrownBy(client::card).isInstanceOf(A2aException.class)
                .hasMessage("The agent is not answering; I stopped asking for 30 s. Try again later.");
        assertThat(FAILING.requests()).as("requests while the circuit is open").hasSize(before);
    }
}
