package io.github.webexcamel.kamelets.jira;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.kamelets.ActionException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request building per deployment (the e2e and standalone tests run against Cloud; Data Center is checked here). */
class JiraActionTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private final ObjectMapper mapper = new ObjectMapper();

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    private static JiraAction action(String deployment) {
        JiraAction action = new JiraAction();
        action.setUrl("https://jira.example.com/");
        action.setDeployment(deployment);
        action.setEmail("bot@example.com");
        action.setApiToken("cloud-token");
        action.setPat("dc-pat");
        return action;
    }

    private static Exchange exchange(Map<String, Object> headers, String body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setHeaders(new java.util.HashMap<>(headers));
        exchange.getIn().setBody(body);
        return exchange;
    }

    @Test
    void dataCenterUsesV2PlainTextAndABearerPat() throws Exception {
        Exchange e = exchange(Map.of("operation", "comment", "issueKey", "OPS-7", "X-Other", "x"), "hello there");
        action("datacenter").prepare(e);
        assertThat(e.getIn().getHeader(Exchange.HTTP_PATH)).isEqualTo("/rest/api/2/issue/OPS-7/comment");
        assertThat(e.getIn().getHeader("Authorization")).isEqualTo("Bearer dc-pat");
        assertThat(mapper.readTree(e.getIn().getBody(String.class)).path("body").asText()).isEqualTo("hello there");
        assertThat(e.getIn().getHeaders()).as("the input headers do not go to Jira").doesNotContainKeys("issueKey", "X-Other");
    }

    @Test
    void dataCenterSearchesWithV2Search() throws Exception {
        Exchange e = exchange(Map.of("operation", "search", "jql", "project = OPS"), null);
        action("datacenter").prepare(e);
        assertThat(e.getIn().getHeader(Exchange.HTTP_PATH)).isEqualTo("/rest/api/2/search");
        assertThat(e.getIn().getHeader(Exchange.HTTP_QUERY, String.class)).startsWith("jql=project+%3D+OPS&");
    }

    @Test
    void cloudCommentsAreAdf() throws Exception {
        Exchange e = exchange(Map.of("operation", "comment", "issueKey", "ops-7"), "hi");
        action("cloud").prepare(e);
        assertThat(e.getIn().getHeader(Exchange.HTTP_PATH)).isEqualTo("/rest/api/3/issue/OPS-7/comment");
        assertThat(e.getIn().getHeader("Authorization", String.class)).startsWith("Basic ");
        assertThat(mapper.readTree(e.getIn().getBody(String.class)).path("body").path("type").asText()).isEqualTo("doc");
    }

    @Test
    void missingCredentialsNameTheProperties() {
        JiraAction action = action("datacenter");
        action.setPat("");
        assertThatThrownBy(() -> action.prepare(exchange(Map.of("operation", "get", "issueKey", "OPS-1"), null)))
                .isInstanceOf(ActionException.class).hasMessageContaining("pat");
    }

    @Test
    void aKeyWithPathCharactersIsRefused() {
        assertThatThrownBy(() -> action("cloud").prepare(exchange(Map.of("operation", "comment", "issueKey", "../../admin"), "x")))
                .isInstanceOf(ActionException.class).hasMessageContaining("not a Jira issue key");
    }
}
