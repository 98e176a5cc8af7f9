package io.github.webexcamel.gateway.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ways around governance a security review found, each closed: command-wide rules that stopped at a file's
 * empty sub-command template, a scope checked on another word than the one the command acts on (an option before
 * the job, a space Java's {@code \s} does not know), and a card submit whose inputs ran unseen by the rules and by
 * the approver.
 */
@TestPropertySource(properties = {
        "webex.access.approved-domains=example.com,release.example.com,sre.example.com",
        "webex.access.roles.release=@release.example.com",
        "webex.access.roles.sre=@sre.example.com",
        "webex.commands.gh.roles=release",
        "webex.commands.gh.approvers=sre",
        "webex.commands.gh.scope=acme/*",
        "webex.commands.build.scope=deploy-*",
        "webex.commands.jira.scope=OPS",
        "webex.commands.jira.create.approvers=sre",
        // a secret configured on the sandbox (WEBEX_SANDBOX=true with real credentials): no dev console
        "webex.hooks.token=hooks-token-for-the-console-test" })
class GovernanceLoopholesTest extends ConnectorTestSupport {

    private final String DEV = newUser();
    private final String RELEASER = person("release.example.com");
    private final String SRE = person("sre.example.com");

    private static String person(String domain) {
        return newUser().replace("@example.com", "@" + domain);
    }

    @BeforeAll
    static void fixtures() {
        GITHUB.addRepo("acme", "probe").addWorkflow("deploy.yml", "Deploy");
        GITHUB.addRepo("other", "secret");
        JENKINS.addJob("probe-prod", true).stringParam("ENV", "dev");
        JIRA.addProject("OPS", "Operations");
        JIRA.addProject("PRB", "Probe");
    }

    private String dm(String email) {
        return sandbox.directRoom(email).path("id").asText();
    }

    private String team(String... members) {
        return sandbox.createGroupRoom("team " + System.nanoTime(), List.of(members)).path("id").asText();
    }

    private static Map<String, Object> submitOf(ObjectNode card, Map<String, Object> inputs) {
        Map<String, Object> submit = new HashMap<>(inputs);
        card.path("attachments").path(0).path("content").path("actions").path(0).path("data").fields()
                .forEachRemaining(f -> submit.put(f.getKey(), f.getValue().asText()));
        return submit;
    }

    private void decide(String email, ObjectNode approvalCard, String decision) {
        String id = approvalCard.path("attachments").path(0).path("content").path("actions").path(0).path("data")
                .path("approvalId").asText();
        sandbox.userSubmit(email, approvalCard.path("id").asText(), Map.of("approvalId", id, "decision", decision));
    }

    private ObjectNode approvalCard(String room) {
        return awaitBotMessage(room, m -> m.path("attachments").size() > 0 && text(m).startsWith("Approval needed"));
    }

    /** The dev console prints endpoint URIs, and the command routes hand tokens to their kamelets in them. */
    @Test
    void withASecretConfiguredTheSandboxHasNoDevConsole() {
        java.net.http.HttpResponse<String> endpoints = io.github.webexcamel.gateway.fakes.TestHttp.get(
                "http://127.0.0.1:" + managementPort + "/actuator/camel/endpoint");
        assertThat(endpoints.statusCode()).isEqualTo(404);
        assertThat(endpoints.body()).doesNotContain("RAW(").doesNotContain("apiToken");
    }

    @Test
    void commandWideRulesCoverTheWriteSubCommandsTheFileLeavesEmpty() {
        String room = dm(DEV);
        say(DEV, "/gh run acme/probe deploy.yml main");
        awaitBotMessage(room, m -> text(m).equals("You need the role release to run /gh run."));
        String releasers = dm(RELEASER);
        say(RELEASER, "/gh run acme/probe deploy.yml main");
        ObjectNode waiting = awaitBotMessage(releasers, m -> text(m).startsWith("Waiting for approval: a member of sre must approve"));
        // the card in a 1:1 space is seen by the requester alone: they are told where an approver can see it
        assertThat(text(waiting)).contains("No member of sre sees this 1:1 space");
        assertThat(GITHUB.requests("POST", "/api/v3/repos/acme/probe/actions")).isEmpty();
    }

    @Test
    void theBuildScopeIsCheckedOnTheJobNotOnAnOptionBeforeIt() {
        String room = dm(DEV);
        say(DEV, "/build deploy-x=1 probe-prod ENV=prod");
        awaitBotMessage(room, m -> text(m).equals("/build may only touch deploy-*."));
        assertThat(JENKINS.requests("POST", "/job/probe-prod/")).isEmpty();
    }

    @Test
    void theRepositoryScopeHoldsWhateverSpaceSeparatesTheWords() {
        String room = dm(RELEASER);
        say(RELEASER, "/gh issue\u2003other/secret acme/x pwned");
        awaitBotMessage(room, m -> text(m).equals("/gh issue may only touch acme/*."));
        say(RELEASER, "/gh issue\u00a0other/secret acme/x pwned");
        awaitBotMessages(room, 2);
        assertThat(text(botMessages(room).get(1))).isEqualTo("/gh issue may only touch acme/*.");
        assertThat(GITHUB.requests("POST", "/api/v3/repos/other/secret")).isEmpty();
    }

    @Test
    void aCardSubmitCannotSmuggleACreatePastItsRulesOrItsApprover() {
        String room = team(DEV, SRE);
        sandbox.userPost(DEV, room, "/help", null, true);
        ObjectNode help = awaitBotMessage(room, m -> m.path("attachments").size() > 0);
        // an "action" input beside a bare /jira is no create (and names no project for the scope)
        sandbox.userSubmit(DEV, help.path("id").asText(),
                Map.of("command", "/jira", "action", "create", "project", "PRB", "summary", "forged"));
        awaitBotMessage(room, m -> text(m).startsWith("/jira may only touch OPS"));
        // beside a typed create, the typed line runs, and the approver sees the inputs that came with it
        sandbox.userSubmit(DEV, help.path("id").asText(), Map.of("command", "/jira create OPS rotate the logs",
                "action", "create", "project", "PRB", "summary", "what the approver never saw"));
        ObjectNode card = approvalCard(room);
        assertThat(text(card)).contains("/jira create OPS rotate the logs").contains("project: PRB")
                .contains("summary: what the approver never saw");
        decide(SRE, card, "approve");
        awaitBotMessage(room, m -> text(m).startsWith("Created OPS-"));
        assertThat(JIRA.issues()).anyMatch(i -> i.summary().equals("rotate the logs") && i.key().startsWith("OPS-"))
                .noneMatch(i -> i.key().startsWith("PRB-"));
    }

    @Test
    void theApprovalCardShowsTheCommandOnOneLine() {
        String room = team(DEV, SRE);
        sandbox.userPost(DEV, room, "/jira create OPS first words\n\n\n\n\n\n\n\n\n\nhidden words", null, true);
        ObjectNode card = approvalCard(room);
        String facts = card.path("attachments").path(0).path("content").path("body").path(1).path("facts").toString();
        assertThat(facts).contains("/jira create OPS first words hidden words").doesNotContain("\\n");
    }

    /** A search names no project: neither an option nor a card input beside it gets it past a project scope. */
    @Test
    void aSearchGetsNoProjectPastTheScope() {
        String room = team(DEV, SRE);
        sandbox.userPost(DEV, room, "/help", null, true);
        ObjectNode help = awaitBotMessage(room, m -> m.path("attachments").size() > 0);
        int searches = JIRA.requests("POST", "/rest/api/3/search").size() + JIRA.requests("GET", "/rest/api/3/search").size();
        sandbox.userSubmit(DEV, help.path("id").asText(), Map.of("command", "/jira search project = PRB", "project", "OPS"));
        awaitBotMessage(room, m -> text(m).equals("/jira search may only touch OPS (I cannot tell what this one touches)."));
        sandbox.userPost(DEV, room, "/jira search project=PRB", null, true);
        await().atMost(TIMEOUT).until(() -> botMessages(room).stream()
                .filter(m -> text(m).startsWith("/jira search may only touch OPS")).count() == 2);
        assertThat(JIRA.requests("POST", "/rest/api/3/search").size() + JIRA.requests("GET", "/rest/api/3/search").size())
                .isEqualTo(searches);
    }

    /** What runs with a request is on the approval card: nothing cut unseen, nothing pushed out of sight. */
    @Test
    void theApprovalCardShowsThatAnInputIsLongerThanItShowsAndKeepsOneLine() {
        String room = team(DEV, SRE);
        sandbox.userPost(DEV, room, "/help", null, true);
        ObjectNode help = awaitBotMessage(room, m -> m.path("attachments").size() > 0);
        sandbox.userSubmit(DEV, help.path("id").asText(), Map.of("command", "/jira create", "action", "create",
                "project", "OPS", "summary", "a\u2028\u2028\u2028b", "x\n\n\n", "y",
                "description", "a".repeat(300) + " HIDDEN-TAIL"));
        ObjectNode card = approvalCard(room);
        String facts = card.path("attachments").path(0).path("content").path("body").path(1).path("facts").toString();
        assertThat(facts).contains("(12 more characters)").doesNotContain("\\n").doesNotContain("\u2028")
                .contains("summary: a b");
    }

    @Test
    void theCreateFormAnswersToTheCreateRulesAndItsProjectToTheScope() {
        String room = team(DEV, SRE);
        // asking for the form is /jira create too: its approver lets the form be posted ...
        sandbox.userPost(DEV, room, "/jira create OPS", null, true);
        decide(SRE, approvalCard(room), "approve");
        ObjectNode form = awaitBotMessage(room, m -> m.path("attachments").path(0).path("content").toString()
                .contains("New Jira issue"));
        // ... and what is submitted is checked as a create of its own: the project input against the scope
        sandbox.userSubmit(DEV, form.path("id").asText(), submitOf(form, Map.of("project", "PRB", "summary", "elsewhere")));
        awaitBotMessage(room, m -> text(m).equals("/jira create may only touch OPS."));
        sandbox.userSubmit(DEV, form.path("id").asText(), submitOf(form, Map.of("project", "OPS", "summary", "from the form")));
        ObjectNode card = awaitBotMessage(room, m -> m.path("attachments").size() > 0 && text(m).startsWith("Approval needed")
                && text(m).contains("summary: from the form"));
        assertThat(text(card)).contains("/jira create").contains("project: OPS");
        assertThat(JIRA.issues()).noneMatch(i -> i.summary().equals("from the form"));
        decide(SRE, card, "approve");
        awaitBotMessage(room, m -> text(m).startsWith("Created OPS-"));
        assertThat(JIRA.issues()).anyMatch(i -> i.summary().equals("from the form") && i.key().startsWith("OPS-"))
                .noneMatch(i -> i.key().startsWith("PRB-"));
    }
}
