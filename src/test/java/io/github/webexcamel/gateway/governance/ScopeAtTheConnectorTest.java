package io.github.webexcamel.gateway.governance;

import java.util.List;
import java.util.Map;

import io.github.webexcamel.gateway.command.CommandException;
import io.github.webexcamel.gateway.github.GitHubRequests;
import io.github.webexcamel.gateway.jenkins.JenkinsBuilds;
import io.github.webexcamel.gateway.jira.JiraRequests;
import io.github.webexcamel.gateway.webex.WebexConstants;
import io.github.webexcamel.kamelets.jenkins.JenkinsAction;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scope holds at the call itself: whatever the command file's target pattern read from the arguments, a connector
 * refuses a job, repository or project outside the scope the command was admitted under, before its kamelet runs.
 */
class ScopeAtTheConnectorTest {

    private static Exchange command(String keyword, String sub, List<String> scope, List<String> argv) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(WebexConstants.COMMAND, keyword);
        exchange.setVariable(Governance.VAR_SUB_COMMAND, sub);
        exchange.setVariable(Governance.VAR_SCOPE, scope);
        exchange.setVariable(WebexConstants.VAR_ARGV, argv);
        exchange.setVariable(WebexConstants.VAR_ARGS, String.join(" ", argv));
        exchange.setVariable(WebexConstants.VAR_OPTIONS, Map.of());
        return exchange;
    }

    @Test
    void aJenkinsJobOutsideTheScopeIsNotCalled() {
        Exchange outside = command("build", null, List.of("deploy-*"), List.of("deploy x/../prod"));
        assertThatThrownBy(() -> JenkinsBuilds.toKamelet(outside)).isInstanceOf(CommandException.class);
        Exchange spaced = command("build", null, List.of("deploy"), List.of("deploy prod"));
        assertThatThrownBy(() -> JenkinsBuilds.toKamelet(spaced)).isInstanceOf(CommandException.class)
                .hasMessage("/build may only touch deploy.");
        Exchange inside = command("build", null, List.of("deploy-*"), List.of("deploy-api"));
        JenkinsBuilds.toKamelet(inside);
        assertThat(inside.getIn().getHeader(JenkinsAction.JOB)).isEqualTo("deploy-api");
    }

    @Test
    void aRepositoryOutsideTheScopeIsNotCalled() {
        Exchange outside = command("gh", "issue", List.of("acme/*"), List.of("issue", "other/secret", "title"));
        assertThatThrownBy(() -> GitHubRequests.toKamelet(outside, "issue")).isInstanceOf(CommandException.class)
                .hasMessage("/gh issue may only touch acme/*.");
    }

    @Test
    void aJiraProjectOutsideTheScopeIsNotCalledWhetherTypedOrKeyedOrFromTheForm() {
        assertThatThrownBy(() -> JiraRequests.toKamelet(
                command("jira", "create", List.of("OPS"), List.of("create", "PRB", "summary")), "create"))
                .hasMessage("/jira create may only touch OPS.");
        assertThatThrownBy(() -> JiraRequests.toKamelet(
                command("jira", "comment", List.of("OPS"), List.of("comment", "PRB-7", "text")), "comment"))
                .hasMessage("/jira comment may only touch OPS.");
        Exchange form = command("jira", "create", List.of("OPS"), List.of("create"));
        form.setVariable(WebexConstants.VAR_INPUTS, Map.of("action", "create", "project", "PRB", "summary", "s"));
        assertThat(JiraRequests.operation(form)).isEqualTo("create");
        assertThatThrownBy(() -> JiraRequests.toKamelet(form, "create")).hasMessage("/jira create may only touch OPS.");
    }

    @Test
    void aSearchNamesNoProjectAndPassesOnlyAScopeOfAnything() {
        assertThatThrownBy(() -> JiraRequests.toKamelet(
                command("jira", "search", List.of("OPS"), List.of("search", "project", "=", "PRB")), "search"))
                .hasMessage("/jira search may only touch OPS.");
        Exchange anything = command("jira", "search", List.of("*"), List.of("search", "project", "=", "PRB"));
        JiraRequests.toKamelet(anything, "search");
        assertThat(anything.getIn().getHeader(io.github.webexcamel.kamelets.jira.JiraAction.JQL)).isEqualTo("project = PRB");
    }

    @Test
    void withoutAScopeNothingIsChecked() {
        Exchange any = command("build", null, null, List.of("prod"));
        JenkinsBuilds.toKamelet(any);
        assertThat(any.getIn().getHeader(JenkinsAction.JOB)).isEqualTo("prod");
    }
}
