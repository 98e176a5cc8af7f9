package io.github.webexcamel.gateway.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.fakes.AssistantService;
import io.github.webexcamel.gateway.webex.WebexIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Webex Assistant Skills endpoint over real HTTP, with requests encrypted and signed as the Assistant service
 * does: the health check, skill_intro, a command run as the Webex person of context.userId (roles, access rules,
 * approvals), and what is refused before anything is decrypted or run.
 */
class AssistantSkillsTest extends SkillAndFeedbackTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> request(String text, String userId, String dialogueState) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("target_dialogue_state", dialogueState);
        params.put("time_zone", "Europe/Zurich");
        params.put("timestamp", System.currentTimeMillis() / 1000);
        params.put("language", "en");
        params.put("locale", "en_US");
        params.put("dynamic_resource", Map.of());
        params.put("allowed_intents", List.of());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("text", text);
        request.put("context", Map.of("orgId", "00000000-0000-0000-0000-000000000000", "userId", userId,
                "developerDeviceId", "00000000-2222-2222-2222-000000000000",
                "supportedDirectives", List.of("speak", "reply", "listen", "sleep", "ui-hint")));
        request.put("params", params);
        request.put("frame", Map.of("turn", 3));
        request.put("history", List.of());
        request.put("challenge", AssistantService.newChallenge());
        return request;
    }

    /** A Webex person the sandbox knows; returns the uuid the Assistant service sends as context.userId. */
    private String person(String email) {
        return WebexIds.uuidOf(sandbox.createPerson(email, email.substring(0, email.indexOf('@'))).path("id").asText());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> names(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.path("directives").forEach(d -> names.add(d.path("name").asText()));
        return names;
    }

    private static List<String> replies(JsonNode answer) {
        List<String> texts = new ArrayList<>();
        answer.path("directives").forEach(d -> {
            if ("reply".equals(d.path("name").asText())) {
                texts.add(d.path("payload").path("text").asText());
            }
        });
        return texts;
    }

    @Test
    void theHealthCheckAnswersTheDecryptedChallenge() throws Exception {
        String challenge = AssistantService.newChallenge();
        HttpResponse<String> response = ASSISTANT.check(skillUrl(), challenge);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("challenge").asText()).isEqualTo(challenge);
    }

    @Test
    void skillIntroIsAnsweredWithReplySpeakAndListenAndTheSameChallenge() throws Exception {
        Map<String, Object> request = request("", person(newUser()), "skill_intro");
        HttpResponse<String> response = ASSISTANT.invoke(skillUrl(), request);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode answer = json(response);
        assertThat(answer.path("challenge").asText()).isEqualTo(request.get("challenge"));
        assertThat(names(answer)).containsExactly("reply", "speak", "listen");
        assertThat(replies(answer).get(0)).contains("help");
        assertThat(answer.path("directives").path(0).path("type").asText()).isEqualTo("view");
        assertThat(answer.path("directives").path(1).path("type").asText()).isEqualTo("action");
        assertThat(answer.path("frame").path("turn").asInt()).isEqualTo(3);
    }

    @Test
    void aCommandRunsAsTheWebexPersonWithTheirRoles() throws Exception {
        int before = JENKINS.job("deploy-api").builds().size();
        Map<String, Object> request = request("build deploy-api", person(SRE), null);
        HttpResponse<String> response = ASSISTANT.invoke(skillUrl(), request);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("challenge").asText()).isEqualTo(request.get("challenge"));
        assertThat(names(answer)).containsExactly("reply", "speak", "sleep");
        assertThat(replies(answer)).containsExactly("Queued deploy-api on Jenkins.");
        assertThat(answer.path("directives").path(1).path("payload").path("text").asText())
                .isEqualTo("Queued deploy-api on Jenkins.");
        assertThat(JENKINS.job("deploy-api").builds()).hasSize(before + 1);
    }

    @Test
    void aPersonWithoutTheRoleIsRefusedAndNothingRuns() throws Exception {
        int before = JENKINS.job("deploy-api").builds().size();
        JsonNode answer = json(ASSISTANT.invoke(skillUrl(), request("build deploy-api", person(newUser()), null)));
        assertThat(replies(answer)).containsExactly("You need the role sre to run /build.");
        assertThat(names(answer)).endsWith("sleep");
        assertThat(JENKINS.job("deploy-api").builds()).hasSize(before);
    }

    @Test
    void aPersonTheAccessRulesDoNotAdmitIsRefused() throws Exception {
        JsonNode answer = json(ASSISTANT.invoke(skillUrl(), request("echo hi", person("mallory@elsewhere.example"), null)));
        assertThat(replies(answer)).containsExactly("Sorry, you are not allowed to use this bot. Ask its operators for access.");
    }

    @Test
    void anAllowedPersonsCommandAnswersAndHelpIsTheCardsFallback() throws Exception {
        String user = person(newUser());
        assertThat(replies(json(ASSISTANT.invoke(skillUrl(), request("echo hello there", user, null)))))
                .containsExactly("hello there");
        List<String> help = replies(json(ASSISTANT.invoke(skillUrl(), request("help", user, null))));
        assertThat(help).hasSize(1);
        assertThat(help.get(0)).contains("/echo").doesNotContain("/build").doesNotContain("**");
        assertThat(replies(json(ASSISTANT.invoke(skillUrl(), request("frobnicate", user, null)))).get(0))
                .startsWith("I don't know that command");
    }

    @Test
    void aCommandThatNeedsApprovalIsSentToWebexForIt() throws Exception {
        JsonNode answer = json(ASSISTANT.invoke(skillUrl(), request("jira PROJ-1", person(newUser()), null)));
        assertThat(replies(answer)).containsExactly("/jira needs the approval of a member of sre: ask for it in Webex.");
    }

    /** A request captured on the way, signature and all, is valid until its token is too old: it runs once. */
    @Test
    void aReplayedRequestRunsNothingASecondTime() throws Exception {
        int before = JENKINS.requests("POST", "/job/deploy-api/build").size();
        String message = ASSISTANT.encrypt(JSON.writeValueAsString(request("build deploy-api", person(SRE), null)));
        String signature = AssistantService.sign(message, ASSISTANT.secret());
        assertThat(ASSISTANT.post(skillUrl(), signature, message).statusCode()).isEqualTo(200);
        // the 409 is answered before anything runs, so no later request to Jenkins can come from it
        assertThat(ASSISTANT.post(skillUrl(), signature, message).statusCode()).isEqualTo(409);
        org.awaitility.Awaitility.await().atMost(TIMEOUT)
                .until(() -> JENKINS.requests("POST", "/job/deploy-api/build").size() == before + 1);
        assertThat(JENKINS.requests("POST", "/job/deploy-api/build")).hasSize(before + 1);
    }

    @Test
    void aBadSignatureIsRefusedWith400BeforeAnythingIsDecrypted() throws Exception {
        String message = ASSISTANT.encrypt(JSON.writeValueAsString(request("echo hi", person(newUser()), null)));
        String wrong = AssistantService.sign(message, "not-the-secret");
        HttpResponse<String> post = ASSISTANT.post(skillUrl(), wrong, message);
        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body()).doesNotContain("challenge");
        assertThat(ASSISTANT.post(skillUrl(), "", message).statusCode()).isEqualTo(400);
        assertThat(ASSISTANT.get(skillUrl(), wrong, message).statusCode()).isEqualTo(400);
    }

    @Test
    void anUndecryptableMessageIsRefusedWith400() throws Exception {
        // signed with the right secret, but the key is wrapped for another skill's public key
        String foreign = AssistantService.encrypt("{\"challenge\":\"x\"}",
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic());
        assertThat(ASSISTANT.post(skillUrl(), AssistantService.sign(foreign, ASSISTANT.secret()), foreign).statusCode())
                .isEqualTo(400);
        String garbage = "bm90IGEga2V5.bm90IGEgdG9rZW4=";
        assertThat(ASSISTANT.get(skillUrl(), AssistantService.sign(garbage, ASSISTANT.secret()), garbage).statusCode())
                .isEqualTo(400);
        String notJson = ASSISTANT.encrypt("not json");
        assertThat(ASSISTANT.post(skillUrl(), AssistantService.sign(notJson, ASSISTANT.secret()), notJson).statusCode())
                .isEqualTo(400);
    }

    @Test
    void askAnswersWithTheModelsWholeAnswerNotThePlaceholder() throws Exception {
        LLM.clearFaults().clearRequests();
        LLM.respondWith("The answer is **42**, see [the guide](https://example.com/guide).").tokenDelay(Duration.ofMillis(5));
        JsonNode answer = json(ASSISTANT.invoke(skillUrl(), request("ask what is six times seven", person(newUser()), null)));
        assertThat(replies(answer)).containsExactly("The answer is 42, see the guide.");
        assertThat(LLM.lastChatRequest().lastUserMessage()).isEqualTo("what is six times seven");
    }

    @Test
    void everyReplyOfACommandIsInTheAnswer() throws Exception {
        // /slow (src/test/resources/test-routes) answers, works for 3 s, then answers again: within the 5 s wait
        JsonNode answer = json(ASSISTANT.invoke(skillUrl(), request("slow job-7", person(newUser()), null)));
        assertThat(replies(answer)).containsExactly("working on job-7", "done job-7");
        assertThat(answer.path("directives").path(2).path("payload").path("text").asText())
                .isEqualTo("working on job-7 done job-7");
    }

    @Test
    void aCommandStillRunningWhenTheTimeIsUpIsAnsweredThatItGoesOn() throws Exception {
        // /hang never finishes
        try {
            JsonNode answer = json(ASSISTANT.invoke(skillUrl(), request("hang", person(newUser()), null)));
            assertThat(replies(answer)).singleElement().asString().startsWith("Still working on /hang.");
            assertThat(names(answer)).containsExactly("reply", "speak", "sleep");
        } finally {
            releaseHangingCommands();
        }
    }

    @Test
    void aFailingCommandsErrorLineIsTheAnswer() throws Exception {
        String user = person(newUser());
        // /boom (src/test/resources/test-routes) throws: the error route's line is collected like a reply
        assertThat(replies(json(ASSISTANT.invoke(skillUrl(), request("boom", user, null))))).singleElement().asString()
                .startsWith("Sorry, that did not work (ref ");
        assertThat(replies(json(ASSISTANT.invoke(skillUrl(), request("ask", user, null)))))
                .containsExactly("Usage: /ask <question>");
    }

    @Test
    void aUserWebexDoesNotKnowRunsNothing() throws Exception {
        JsonNode answer = json(ASSISTANT.invoke(skillUrl(), request("echo hi", "11111111-2222-3333-4444-555555555555", null)));
        assertThat(replies(answer)).containsExactly("I could not look you up in Webex; try again in a moment.");
        assertThat(json(ASSISTANT.invoke(skillUrl(), request("echo hi", "not-a-uuid", null))).path("directives")
                .path(0).path("payload").path("text").asText()).startsWith("I cannot tell who is asking");
    }
}
