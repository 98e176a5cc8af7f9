package io.github.webexcamel.gateway.jira;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request building per deployment (the e2e tests run against Cloud; Data Center is checked here). */
class JiraRequestsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JiraRequests requests = new JiraRequests(mapper);

    private Exchange exchange(String deployment, String args, List<String> argv) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable("jiraDeployment", deployment);
        exchange.setVariable("jiraEmail", "bot@example.com");
        exchange.setVariable("jiraApiToken", "cloud-token");
        exchange.setVariable("jiraPat", "dc-pat");
        exchange.setVariable(WebexConstants.VAR_ARGS, args);
        exchange.setVariable(WebexConstants.VAR_ARGV, argv);
        return exchange;
    }

    @Test
    void dataCenterUsesV2PlainTextAndABearerPat() throws Exception {
        Exchange e = exchange("datacenter", "comment OPS-7 hello there", List.of("comment", "OPS-7", "hello", "there"));
        requests.prepare(e, JiraRequests.operation(e));
        assertThat(e.getIn().getHeader(Exchange.HTTP_PATH)).isEqualTo("/rest/api/2/issue/OPS-7/comment");
        assertThat(e.getIn().getHeader("Authorization")).isEqualTo("Bearer dc-pat");
        assertThat(mapper.readTree(e.getIn().getBody(String.class)).path("body").asText()).isEqualTo("hello there");
        assertThat(e.getVariable("jiraPat")).as("secrets do not stay on the exchange").isNull();
    }

    @Test
    void dataCenterSearchesWithV2Search() throws Exception {
        Exchange e = exchange("datacenter", "search project = OPS", List.of("search", "project", "=", "OPS"));
        requests.prepare(e, JiraRequests.operation(e));
        assertThat(e.getIn().getHeader(Exchange.HTTP_PATH)).isEqualTo("/rest/api/2/search");
        assertThat(e.getIn().getHeader(Exchange.HTTP_QUERY, String.class)).startsWith("jql=project+%3D+OPS&");
    }

    @Test
    void cloudCommentsAreAdf() throws Exception {
        Exchange e = exchange("cloud", "comment OPS-7 hi", List.of("comment", "OPS-7", "hi"));
        requests.prepare(e, JiraRequests.operation(e));
        assertThat(e.getIn().getHeader(Exchange.HTTP_PATH)).isEqualTo("/rest/api/3/issue/OPS-7/comment");
        assertThat(e.getIn().getHeader("Authorization", String.class)).startsWith("Basic ");
        assertThat(mapper.readTree(e.getIn().getBody(String.class)).path("body").path("type").asText()).isEqualTo("doc");
    }

    @Test
    void missingCredentialsNameTheProperties() {
        Exchange e = exchange("datacenter", "OPS-1", List.of("OPS-1"));
        e.setVariable("jiraPat", "");
        assertThatThrownBy(() -> requests.prepare(e, "get")).isInstanceOf(CommandException.class).hasMessageContaining("JIRA_PAT");
    }

    @Test
    void aKeyWithPathCharactersIsRefused() {
        Exchange e = exchange("cloud", "comment ../../admin x", List.of("comment", "../../admin", "x"));
        assertThatThrownBy(() -> requests.prepare(e, "comment")).isInstanceOf(CommandException.class)
                .hasMessageContaining("not a Jira issue key");
        assertThat(JiraRequests.form(exchange("cloud", "create ops", List.of("create", "ops")))).isEqualTo(Map.of("project", ""));
    }
}
