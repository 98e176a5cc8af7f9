package io.github.webexcamel.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.fakes.Fault;
import io.github.webexcamel.gateway.fakes.FakeA2a;
import io.github.webexcamel.gateway.sandbox.SandboxListener;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * /agent against a protocol-faithful A2A 0.3 agent (OAuth2 client credentials, SSE streaming with plan, tool and
 * answer artifacts): one reply in the request's thread edited as the agent works, follow-ups continuing the A2A
 * context, input-required as a form whose submit resumes the task, cancel, dropped streams, failures, timeouts.
 */
class A2aAgentTest extends GatewayTestSupport {

    static final FakeA2a AGENT = new FakeA2a().start();
    /** Every version of every message the sandbox saw (created and each edit), by message id. */
    static final Map<String, List<String>> VERSIONS = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void agent(DynamicPropertyRegistry registry) {
        agentAt(AGENT, registry);
        registry.add("a2a.timeout-seconds", () -> "8");
        registry.add("a2a.card-ttl", () -> "0s");
        // plain text in 1:1 spaces goes to the agent (WEBEX_DEFAULT_ROUTE)
        registry.add("webex.default-route", () -> "direct:agent-default");
    }

    /** The gateway talks to this fake agent with OAuth2 client credentials, and edits its progress every 200 ms. */
    static void agentAt(FakeA2a agent, DynamicPropertyRegistry registry) {
        registry.add("a2a.url", agent::rootUrl);
        registry.add("a2a.auth.token-url", agent::tokenUrl);
        registry.add("a2a.auth.client-id", () -> FakeA2a.CLIENT_ID);
        registry.add("a2a.auth.client-secret", () -> FakeA2a.CLIENT_SECRET);
        registry.add("a2a.auth.scope", () -> FakeA2a.SCOPE);
        registry.add("a2a.auth.audience", () -> FakeA2a.AUDIENCE);
        registry.add("a2a.edit-interval", () -> "200ms");
    }

    @BeforeEach
    void reset() {
        AGENT.reset();
        if (VERSIONS.isEmpty()) {
            sandbox.addListener(new SandboxListener() {
                @Override
                public void onMessage(String event, ObjectNode message) {
                    VERSIONS.computeIfAbsent(message.path("id").asText(), k -> new CopyOnWriteArrayList<>())
                            .add(message.path("markdown").asText(message.path("text").asText()));
                }
            });
            VERSIONS.put("-", List.of());
        }
    }

    private static String markdown(ObjectNode m) {
        return m.path("markdown").asText(m.path("text").asText());
    }

    /** Waits for a bot message in its final state (not a progress version, which ends with "…"). */
    private ObjectNode awaitBot(String room, java.util.function.Predicate<String> match) {
        return awaitAny(room, t -> !t.endsWith("…") && !t.endsWith("…_") && match.test(t));
    }

    private ObjectNode awaitAny(String room, java.util.function.Predicate<String> match) {
        try {
            return await().atMost(TIMEOUT).until(() -> botMessages(room).stream().filter(m -> match.test(markdown(m)))
                    .findFirst().orElse(null), m -> m != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No matching bot message; the room has: " + sandbox.messages(room).stream()
                    .map(m -> m.path("personEmail").asText() + ": " + markdown(m)).toList(), e);
        }
    }

    @Test
    void planToolsAndAnswerStreamIntoOneReplyInTheRequestsThread() {
        // each event stays long enough for a throttled edit (every 200 ms here) to show it
        AGENT.eventDelay(Duration.ofMillis(500)).starletteFraming(true);
        String user = newUser();
        ObjectNode request = say(user, "/agent plan the rollout");
        String room = request.path("roomId").asText();
        ObjectNode reply = awaitBot(room, t -> t.contains("echo: plan the rollout (turn 1)") && !t.endsWith("…"));
        assertThat(botMessages(room)).hasSize(1);
        assertThat(reply.path("parentId").asText()).as("the answer starts a thread on the request")
                .isEqualTo(request.path("id").asText());
        List<String> versions = VERSIONS.get(reply.path("id").asText());
        assertThat(versions.get(0)).contains("Asking `fake-caipe` (A2A 0.3)");
        assertThat(versions).as("the progress while the agent worked")
                .anySatisfy(v -> assertThat(v).contains("**Plan**").contains("⏳ Check argocd").contains("⬜ Summarise"))
                .anySatisfy(v -> assertThat(v).contains("Calling Agent Argocd"));
        assertThat(versions.size()).as("created + edits within the Webex limit").isLessThanOrEqualTo(11);
        assertThat(markdown(reply)).contains("✅ Check argocd").contains("✅ Summarise")
                .contains("Agent Argocd finished").doesNotEndWith("…");
        assertThat(AGENT.rpcMethods()).containsExactly("message/stream");
        assertThat(AGENT.lastRequest().header("authorization")).isEqualTo("Bearer [redacted]");
        assertThat(AGENT.requests("GET", "/.well-known/agent-card.json")).isNotEmpty();
    }

    @Test
    void plainTextInADirectSpaceGoesToTheAgentWhenConfigured() {
        String room = say(newUser(), "what runs in prod?").path("roomId").asText();
        awaitBot(room, t -> t.contains("echo: what runs in prod? (turn 1)"));
        assertThat(AGENT.rpcMethods()).containsExactly("message/stream");
    }

    @Test
    void aFollowUpInTheThreadContinuesTheAgentsContextAndTheTokenIsReused() {
        AGENT.clearRequests();
        String user = newUser();
        ObjectNode root = say(user, "/agent hello");
        String room = root.path("roomId").asText();
        awaitBot(room, t -> t.contains("echo: hello (turn 1)"));
        String context = AGENT.receivedMessages().get(0).path("contextId").asText(null);
        assertThat(context).as("a new conversation sends no context").isNull();
        sandbox.userPost(user, room, "/agent and again", root.path("id").asText(), false);
        awaitBot(room, t -> t.contains("echo: and again (turn 2)"));
        JsonNode second = AGENT.receivedMessages().get(1);
        assertThat(second.path("contextId").asText()).startsWith("ctx-");
        assertThat(AGENT.tokenRequests()).as("the token is kept until it expires").isLessThanOrEqualTo(1);
    }

    @Test
    void anAnswerThatMentionsEveryoneMentionsNoOne() {
        String room = say(newUser(), "/agent say <@all> hi").path("roomId").asText();
        ObjectNode reply = awaitBot(room, t -> t.contains("hi (turn 1)"));
        assertThat(markdown(reply)).doesNotContain("<@all>");
        assertThat(reply.has("mentionedGroups")).isFalse();
        assertThat(VERSIONS.get(reply.path("id").asText())).noneSatisfy(v -> assertThat(v).contains("<@all>"));
    }

    @Test
    void inputRequiredBecomesAFormWhoseSubmitResumesTheTask() {
        String user = newUser();
        ObjectNode request = say(user, "/agent input please, deploy");
        String room = request.path("roomId").asText();
        ObjectNode card = await().atMost(TIMEOUT).until(() -> botMessages(room).stream()
                .filter(m -> m.has("attachments")).findFirst().orElse(null), m -> m != null);
        assertThat(card.path("parentId").asText()).isEqualTo(request.path("id").asText());
        JsonNode body = card.path("attachments").get(0).path("content").path("body");
        assertThat(body.toString()).contains("\"id\":\"environment\"").contains("Input.ChoiceSet")
                .contains("\"id\":\"namespace\"").contains("Input.Text");
        awaitBot(room, t -> t.contains("Where should I deploy?") && t.contains("form below"));
        sandbox.userSubmit(user, card.path("id").asText(), Map.of("environment", "prod", "namespace", "web",
                "command", "/agent", "action", "input"));
        awaitBot(room, t -> t.contains("Deployed to prod in namespace web."));
        JsonNode resumed = AGENT.receivedMessages().get(AGENT.receivedMessages().size() - 1);
        assertThat(resumed.path("taskId").asText()).startsWith("task-");
        assertThat(resumed.path("contextId").asText()).startsWith("ctx-");
        assertThat(AGENT.taskState(resumed.path("taskId").asText())).isEqualTo("completed");
        // the form is answered: a second submit is refused, the agent is not called again
        int calls = AGENT.receivedMessages().size();
        sandbox.userSubmit(user, card.path("id").asText(), Map.of("environment", "dev", "namespace", "x",
                "command", "/agent", "action", "input"));
        awaitBot(room, t -> t.contains("answered already"));
        assertThat(AGENT.receivedMessages()).hasSize(calls);
    }

    @Test
    void inAGroupSpaceOnlyThePersonWhoAskedAnswersTheAgentsForm() {
        String asker = newUser();
        String other = newUser();
        String room = sandbox.createGroupRoom("Deploys " + asker, List.of(asker, other)).path("id").asText();
        sandbox.userPost(asker, room, "/agent input please, deploy", null, true);
        ObjectNode card = await().atMost(TIMEOUT).until(() -> botMessages(room).stream()
                .filter(m -> m.has("attachments")).findFirst().orElse(null), m -> m != null);
        awaitBot(room, t -> t.contains("form below"));
        int calls = AGENT.receivedMessages().size();
        sandbox.userSubmit(other, card.path("id").asText(), Map.of("environment", "prod", "namespace", "web",
                "command", "/agent", "action", "input"));
        String refusal = "Only " + asker + ", who asked the agent, can answer it in this thread.";
        awaitBot(room, t -> t.equals(refusal));
        // nor by a follow-up in the thread
        String thread = card.path("parentId").asText();
        sandbox.userPost(other, room, "/agent prod please", thread, true);
        await().atMost(TIMEOUT).until(() -> botMessages(room).stream().filter(m -> markdown(m).equals(refusal)).count() == 2);
        assertThat(AGENT.receivedMessages()).as("the other member's answers did not reach the agent").hasSize(calls);
        sandbox.userSubmit(asker, card.path("id").asText(), Map.of("environment", "dev", "namespace", "web",
                "command", "/agent", "action", "input"));
        awaitBot(room, t -> t.contains("Deployed to dev in namespace web."));
    }

    @Test
    void agentCancelInTheThreadCancelsTheTask() {
        String user = newUser();
        ObjectNode request = say(user, "/agent slow work");
        String room = request.path("roomId").asText();
        awaitAny(room, t -> t.contains("Still working"));
        sandbox.userPost(user, room, "/agent cancel", request.path("id").asText(), false);
        awaitBot(room, t -> t.equals("Canceled the agent's task."));
        ObjectNode progress = awaitBot(room, t -> t.contains("_Canceled by " + user + "._"));
        assertThat(progress.path("parentId").asText()).isEqualTo(request.path("id").asText());
        assertThat(AGENT.rpcMethods()).contains("tasks/cancel");
        assertThat(botMessages(room)).hasSize(2);
    }

    @Test
    void aFollowUpWhileTheAgentStillWorksIsToldToWaitAndTheFirstTaskStaysCancelable() {
        String user = newUser();
        ObjectNode request = say(user, "/agent slow work");
        String room = request.path("roomId").asText();
        String thread = request.path("id").asText();
        awaitAny(room, t -> t.contains("Still working"));
        int calls = AGENT.receivedMessages().size();
        sandbox.userPost(user, room, "/agent hello", thread, false);
        awaitBot(room, t -> t.startsWith("The agent is still working in this thread"));
        assertThat(AGENT.receivedMessages()).as("the follow-up did not reach the agent").hasSize(calls);
        sandbox.userPost(user, room, "/agent cancel", thread, false);
        awaitBot(room, t -> t.equals("Canceled the agent's task."));
        awaitBot(room, t -> t.contains("_Canceled by " + user + "._"));
    }

    @Test
    void aHugeAnswerIsCutAtTheLimitNotPostedAsDozensOfMessages() {
        String room = say(newUser(), "/agent a huge report").path("roomId").asText();
        awaitBot(room, t -> t.contains("The answer was cut at 30000 bytes"));
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(botMessages(room)).as("the answer's messages (Webex takes 7,439 bytes in one)").hasSizeBetween(4, 8);
        assertThat(botMessages(room).stream().mapToInt(m -> markdown(m).length()).sum()).as("what was posted")
                .isBetween(25_000, 31_000);
    }

    @Test
    void aDroppedStreamIsResumedWithResubscribe() {
        String room = say(newUser(), "/agent drop the connection").path("roomId").asText();
        awaitBot(room, t -> t.contains("echo: drop the connection (turn 1)"));
        assertThat(AGENT.rpcMethods()).containsExactly("message/stream", "tasks/resubscribe");
        assertThat(botMessages(room)).hasSize(1);
    }

    @Test
    void aDroppedStreamTheAgentCannotResumeIsReportedOnce() {
        AGENT.resubscribe(false);
        String room = say(newUser(), "/agent drop it").path("roomId").asText();
        ObjectNode reply = awaitBot(room, t -> t.contains("dropped"));
        assertThat(markdown(reply)).contains("⚠️ The connection to the agent dropped").doesNotEndWith("…");
        assertThat(botMessages(room)).hasSize(1);
    }

    @Test
    void aFailedTaskIsReportedOnceInTheProgressMessage() {
        String room = say(newUser(), "/agent fail please").path("roomId").asText();
        ObjectNode reply = awaitBot(room, t -> t.contains("failed"));
        assertThat(markdown(reply)).contains("⚠️ The agent's task failed: The argocd tool exploded.");
        assertThat(botMessages(room)).hasSize(1);
    }

    @Test
    void aTaskThatDoesNotFinishInTimeIsCanceledAndTheLastEditLands() {
        AGENT.eventDelay(Duration.ofMillis(10));
        String room = say(newUser(), "/agent slow and steady").path("roomId").asText();
        ObjectNode reply = awaitBot(room, t -> t.contains("did not finish within 8 seconds"));
        assertThat(botMessages(room)).hasSize(1);
        assertThat(VERSIONS.get(reply.path("id").asText()).size()).isLessThanOrEqualTo(11);
        await().atMost(TIMEOUT).until(() -> AGENT.rpcMethods().contains("tasks/cancel"));
    }

    @Test
    void anAgentThatGoesSilentIsTimedOutToo() {
        String room = say(newUser(), "/agent silent treatment").path("roomId").asText();
        ObjectNode reply = awaitBot(room, t -> t.contains("did not finish within 8 seconds"));
        assertThat(botMessages(room)).hasSize(1);
        assertThat(markdown(reply)).startsWith("⚠️");
    }

    @Test
    void aRequestInAThreadTheAgentHasNotSeenCarriesTheThreadsEarlierMessages() {
        String user = newUser();
        ObjectNode root = say(user, "/echo deploy of billing broke");
        String room = root.path("roomId").asText();
        awaitBotMessages(room, 1);
        sandbox.userPost(user, room, "/agent why?", root.path("id").asText(), false);
        ObjectNode reply = awaitBot(room, t -> t.contains("Request: why? (turn 1)"));
        assertThat(markdown(reply)).contains("Earlier messages in this Webex thread").contains("deploy of billing broke");
        assertThat(reply.path("parentId").asText()).isEqualTo(root.path("id").asText());
        // the agent has seen the thread now: a follow-up is the request alone, in the same context
        sandbox.userPost(user, room, "/agent and now?", root.path("id").asText(), false);
        awaitBot(room, t -> t.contains("echo: and now? (turn 2)"));
        assertThat(AGENT.receivedMessages().get(1).path("parts").get(0).path("text").asText()).isEqualTo("and now?");
    }

    @Test
    void anAgentThatDoesNotStreamIsAskedWithMessageSend() {
        AGENT.streaming(false);
        String room = say(newUser(), "/agent quietly").path("roomId").asText();
        awaitBot(room, t -> t.contains("echo: quietly (turn 1)"));
        assertThat(AGENT.rpcMethods()).containsExactly("message/send");
    }

    @Test
    void aLongAnswerIsSplitAtTheWebexLimit() {
        String room = say(newUser(), "/agent long story").path("roomId").asText();
        await().atMost(TIMEOUT).until(() -> botMessages(room).size() >= 2
                && markdown(botMessages(room).get(botMessages(room).size() - 1)).contains("dull agent."));
        assertThat(botMessages(room)).allSatisfy(m -> assertThat(markdown(m).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(7439));
        assertThat(markdown(botMessages(room).get(0))).startsWith("- ").contains("A long answer.");
    }

    @Test
    void aRevokedTokenIsReplacedAndARefusedClientIsOneLineWithoutTheSecret() {
        String user = newUser();
        String room = say(user, "/agent first").path("roomId").asText();
        awaitBot(room, t -> t.contains("echo: first"));
        long tokens = AGENT.tokenRequests();
        AGENT.revokeTokens();
        say(user, "/agent second");
        awaitBot(room, t -> t.contains("echo: second"));
        assertThat(AGENT.tokenRequests()).isEqualTo(tokens + 1);
        AGENT.revokeTokens();
        AGENT.failNext(1, "/oauth/token", Fault.json(401, "{\"error\":\"invalid_client\"}"));
        say(user, "/agent third");
        ObjectNode reply = awaitBot(room, t -> t.contains("token endpoint refused"));
        assertThat(markdown(reply)).contains("HTTP 401, invalid_client").doesNotContain(FakeA2a.CLIENT_SECRET);
    }

    @Test
    void aRefusalInCaipesTextEventStreamShapeIsOneClearLine() {
        // CAIPE's auth middleware answers a stream request 401 with a bare text body labelled text/event-stream
        AGENT.failNextMatching(2, r -> r.method().equals("POST") && r.path().equals("/"),
                Fault.respond(401, "text/event-stream", "error unauthorized: Invalid shared key."));
        String room = say(newUser(), "/agent who am I").path("roomId").asText();
        ObjectNode reply = awaitBot(room, t -> t.contains("refused"));
        assertThat(markdown(reply)).contains("⚠️ The agent refused the gateway's credentials (HTTP 401)");
        assertThat(botMessages(room)).hasSize(1);
    }

    @Test
    void aJsonRpcErrorIsReportedOnceWithItsCode() {
        AGENT.failNextMatching(1, r -> r.method().equals("POST") && r.path().equals("/"),
                Fault.json(200, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}"));
        String room = say(newUser(), "/agent break it").path("roomId").asText();
        ObjectNode reply = awaitBot(room, t -> t.contains("-32603"));
        assertThat(markdown(reply)).contains("⚠️ The agent answered with an error: Internal error (-32603).");
        assertThat(botMessages(room)).hasSize(1);
    }

    @Test
    void theAgentsProtocolVersionIsDetectedAndSaid() {
        String user = newUser();
        String room = say(user, "/agent").path("roomId").asText();
        awaitBot(room, t -> t.contains("speaks A2A 0.3.0 and streams its progress"));
        AGENT.protocolVersion("1.0.0");
        say(user, "/agent hello there");
        awaitBot(room, t -> t.contains("speaks A2A 1.0.0; this gateway speaks A2A 0.3"));
        assertThat(AGENT.rpcMethods()).isEmpty();
    }
}
