package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.governance.SpaceRegistry;
import io.github.webexcamel.gateway.sandbox.WebexIds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An approval decided in the approvals space an operator named: its buttons work there without an admin's
 * {@code /authorize}, and the approved command runs only if the requester may still use the bot where they asked
 * (here their space was deauthorized while the request waited).
 */
@TestPropertySource(properties = {
        "webex.access.approved-domains=example.com,sre.example.com",
        "webex.access.roles.sre=@sre.example.com",
        "webex.access.space-authorization=true",
        "webex.commands.jira.create.approvers=sre" })
class ApprovalRecheckTest extends ConnectorTestSupport {

    private static final String APPROVALS_UUID = UUID.randomUUID().toString();

    private final String DEV = newUser();
    private final String SRE = newUser().replace("@example.com", "@sre.example.com");

    @Autowired
    SpaceRegistry spaces;

    @DynamicPropertySource
    static void approvalsSpace(DynamicPropertyRegistry registry) {
        registry.add("webex.approvals.room-id", () -> WebexIds.encode("us", WebexIds.ROOM, APPROVALS_UUID));
    }

    @BeforeAll
    static void fixtures() {
        JIRA.addProject("OPS", "Operations");
    }

    /** The space the configuration names, made in the sandbox under that id (one test: made once). */
    private String approvalsRoom() {
        String id = WebexIds.encode("us", WebexIds.ROOM, APPROVALS_UUID);
        assertThat(sandbox.createGroupRoom(APPROVALS_UUID, "approvals", List.of(SRE)).path("id").asText()).isEqualTo(id);
        return id;
    }

    @Test
    void anApprovedCommandDoesNotRunWhereTheRequesterMayNoLongerUseTheBot() {
        String approvals = approvalsRoom();
        String team = sandbox.createGroupRoom("team " + System.nanoTime(), List.of(DEV)).path("id").asText();
        spaces.authorize(team, "test");
        sandbox.userPost(DEV, team, "/jira create OPS while it waited", null, true);
        awaitBotMessage(team, m -> text(m).startsWith("Waiting for approval") && text(m).contains("in the approvals space"));
        ObjectNode card = awaitBotMessage(approvals, m -> m.path("attachments").size() > 0 && text(m).startsWith("Approval needed"));

        spaces.deauthorize(team);
        String id = card.path("attachments").path(0).path("content").path("actions").path(0).path("data").path("approvalId").asText();
        sandbox.userSubmit(SRE, card.path("id").asText(), Map.of("approvalId", id, "decision", "approve"));

        // the button worked in the approvals space (not authorized itself) ...
        awaitBotMessage(approvals, m -> text(m).startsWith("Approved by " + SRE));
        // ... and the command, checked again for the requester's space, did not run
        await().atMost(TIMEOUT).until(() -> management("/api/audit?person=" + DEV).toString()
                .contains("approved, but the requester may no longer use the bot in this space"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> JIRA.issues().stream().noneMatch(i -> i.summary().equals("while it waited")));
    }
}
