package io.github.webexcamel.gateway.e2e;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.component.timer.TimerEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval settings an operator changes, applied as set: {@code webex.approvals.self-approve=true} lets a
 * member of the approvers role approve their own request, and {@code webex.approvals.ttl} is what closes an
 * undecided request (here 5 s, checked every {@code webex.approvals.check-interval}).
 */
@TestPropertySource(properties = {
        "webex.access.approved-domains=example.com,ops.example.com",
        "webex.access.roles.ops=@ops.example.com",
        "webex.commands.build.approvers=ops",
        "webex.approvals.self-approve=true",
        "webex.approvals.ttl=5s",
        "webex.approvals.check-interval=300" })
class ApprovalSettingsTest extends ConnectorTestSupport {

    @Autowired
    CamelContext camel;

    @BeforeAll
    static void jobs() {
        JENKINS.addJob("deploy-own");
        JENKINS.addJob("deploy-late");
    }

    private ObjectNode approvalCard(String room) {
        return awaitBotMessage(room, m -> m.path("attachments").size() > 0 && text(m).startsWith("Approval needed"));
    }

    private static int builds(String job) {
        return JENKINS.requests("POST", "/job/" + job + "/build").size();
    }

    @Test
    void anApproverMayApproveTheirOwnRequestWhenSelfApprovalIsOn() {
        String ops = newUser().replace("@example.com", "@ops.example.com");
        String room = say(ops, "/build deploy-own").path("roomId").asText();
        ObjectNode card = approvalCard(room);
        assertThat(builds("deploy-own")).isZero();
        String id = card.path("attachments").path(0).path("content").path("actions").path(0).path("data")
                .path("approvalId").asText();
        sandbox.userSubmit(ops, card.path("id").asText(), Map.of("approvalId", id, "decision", "approve"));
        awaitBotMessage(room, m -> text(m).startsWith("Approved by " + ops));
        awaitBotMessage(room, m -> text(m).contains("Queued deploy-own"));
        assertThat(builds("deploy-own")).isEqualTo(1);
        assertThat(botMessages(room)).noneMatch(m -> text(m).contains("cannot approve your own request"));

        // the operators' view of it (management port)
        JsonNode row = null;
        for (JsonNode approval : management("/api/approvals?limit=50")) {
            if (approval.path("requesterEmail").asText().equals(ops)) {
                row = approval;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.path("status").asText()).isEqualTo("approved");
        assertThat(row.path("decidedBy").asText()).isEqualTo(ops);
        assertThat(row.path("commandLine").asText()).isEqualTo("/build deploy-own");
        JsonNode newest = management("/api/audit?since=1h&limit=1&person=" + ops);
        assertThat(newest.size()).isEqualTo(1);
        assertThat(management("/api/audit?since=1h&person=" + ops).findValuesAsText("decision"))
                .contains("approval-requested", "approved");
        assertThat(management("/api/audit?since=2000-01-01T00:00:00Z&person=" + ops).size()).isGreaterThan(1);
    }

    @Test
    void theExpiryCheckRunsAsOftenAsConfigured() {
        TimerEndpoint timer = (TimerEndpoint) camel.getRoute("webex-approvals-expiry").getEndpoint();
        assertThat(timer.getPeriod()).isEqualTo(300);
    }

    @Test
    void anUndecidedRequestExpiresAfterTheConfiguredTtl() {
        String dev = newUser();
        String room = say(dev, "/build deploy-late").path("roomId").asText();
        approvalCard(room);
        // within the wait of awaitBotMessage: the default TTL (15 minutes) would not be
        awaitBotMessage(room, m -> text(m).contains("expired without a decision"));
        assertThat(builds("deploy-late")).isZero();
    }
}
