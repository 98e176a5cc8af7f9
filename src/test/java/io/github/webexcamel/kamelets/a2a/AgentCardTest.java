package io.github.webexcamel.kamelets.a2a;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the gateway sends JSON-RPC (and its bearer token): never to a host the operator did not configure. */
class AgentCardTest {

    private static AgentCard card(String url) throws Exception {
        return AgentCard.parse(new ObjectMapper().readTree("{\"name\":\"a\",\"url\":\"" + url + "\"}"),
                "https://agents.example.com/caipe/");
    }

    @Test
    void theCardsEndpointIsUsedOnTheConfiguredHost() throws Exception {
        assertThat(card("https://agents.example.com/caipe/rpc").url()).isEqualTo("https://agents.example.com/caipe/rpc");
        assertThat(card("https://AGENTS.example.com:443/x").url()).isEqualTo("https://AGENTS.example.com:443/x");
    }

    @Test
    void aCardNamingAnotherHostIsCalledAtTheConfiguredUrl() throws Exception {
        for (String elsewhere : new String[] { "https://collector.evil.example/steal", "http://agents.example.com/caipe/",
                "https://agents.example.com:8443/", "http://localhost:8000/", "not a url" }) {
            assertThat(card(elsewhere).url()).as(elsewhere).isEqualTo("https://agents.example.com/caipe/");
        }
    }
}
