package io.github.webexcamel.kamelets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.fakes.FakeA2a;
import io.github.webexcamel.gateway.fakes.FakeGitHub;
import io.github.webexcamel.gateway.fakes.FakeJenkins;
import io.github.webexcamel.gateway.fakes.FakeJira;
import io.github.webexcamel.gateway.fakes.FakeLlm;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The kamelets of routes/kamelets/ outside the gateway: each file follows the Kamelet catalog's conventions, and each
 * standalone kamelet runs in a bare Camel context (camel-kamelet and camel-yaml-dsl, no Spring, none of the gateway's
 * beans) against the backend fakes, as Camel JBang or a Pipe would run it.
 */
class KameletsStandaloneTest {

    private static final Path DIR = Path.of("routes/kamelets");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FakeJira JIRA = FakeJira.cloud().start();
    private static final FakeGitHub GITHUB = new FakeGitHub().start();
    private static final FakeLlm LLM = new FakeLlm().start();
    private static final List<String> PROGRESS = new CopyOnWriteArrayList<>();
    private static final FakeA2a AGENT = new FakeA2a().start();
    private static final List<Map<String, Object>> AGENT_PROGRESS = new CopyOnWriteArrayList<>();
    private static final FakeJenkins JENKINS = new FakeJenkins().defaultTimings(Duration.ZERO, Duration.ofMillis(200)).start();
    private static CamelContext camel;
    private static ProducerTemplate producer;

    @BeforeAll
    static void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getComponent("kamelet", KameletComponent.class).setLocation("file:" + DIR);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:jira").to("kamelet:jira-action?url=" + JIRA.baseUrl() + "&email=" + FakeJira.DEFAULT_EMAIL
                        + "&apiToken=RAW(" + FakeJira.DEFAULT_API_TOKEN + ")&retryBudget=3s&readTimeout=1500"
                        + "&circuitBreaker=jira-standalone-test&failureThreshold=3");
                from("direct:llm").to("kamelet:llm-chat-action?baseUrl=" + LLM.baseUrl() + "&apiKey=RAW(" + FakeLlm.DEFAULT_API_KEY
                        + ")&model=" + FakeLlm.DEFAULT_MODEL + "&timeoutSeconds=5&retryBudget=2s&progressUri=direct:progress"
                        + "&progressInterval=50ms&circuitBreaker=llm-standalone-test&failureThreshold=2");
                from("direct:progress").process(e -> PROGRESS.add(e.getIn().getBody(String.class)));
                // cardTtl=0s: each call reads the card, so a test that switches the agent's streaming off is heard
                from("direct:agent").to("kamelet:a2a-agent-action?url=" + AGENT.rootUrl() + "&tokenUrl=" + AGENT.tokenUrl()
                        + "&clientId=" + FakeA2a.CLIENT_ID + "&clientSecret=RAW(" + FakeA2a.CLIENT_SECRET + ")&scope="
                        + FakeA2a.SCOPE + "&audience=" + FakeA2a.AUDIENCE + "&timeoutSeconds=8&cardTtl=0s"
                        + "&progressUri=direct:agent-progress&progressInterval=50ms&circuitBreaker=a2a-standalone-test");
                from("direct:agent-progress").process(e -> AGENT_PROGRESS.add(Map.of(
                        "text", e.getIn().getBody(String.class),
                        "taskId", String.valueOf(e.getIn().getHeader("a2aTaskId")))));
                from("direct:github").to("kamelet:github-action?apiUrl=" + GITHUB.enterpriseBaseUrl() + "&token=RAW("
                        + FakeGitHub.DEFAULT_TOKEN + ")&retryBudget=3s&readTimeout=1500&circuitBreaker=github-standalone-test");
                from("direct:jenkins").to("kamelet:jenkins-build-action?url=" + JENKINS.baseUrl() + "&user=" + FakeJenkins.DEFAULT_USER
                        + "&apiToken=RAW(" + FakeJenkins.DEFAULT_API_TOKEN + ")&retryBudget=3s&readTimeout=1500"
                        + "&circuitBreaker=jenkins-standalone-test");
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
        JIRA.close();
        JENKINS.close();
        LLM.close();
        GITHUB.close();
        AGENT.close();
    }

    static Stream<Path> kamelets() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".kamelet.yaml")).sorted().toList().stream();
        }
    }

    private static JsonNode load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return JSON.valueToTree(new Yaml().<Map<String, Object>>load(in));
        }
    }

    // ------------------------------------------------------------------ catalog conventions

    @ParameterizedTest
    @MethodSource("kamelets")
    void followsTheCatalogConventions(Path file) throws IOException {
        JsonNode kamelet = load(file);
        String name = kamelet.path("metadata").path("name").asText();
        assertThat(file.getFileName().toString()).isEqualTo(name + ".kamelet.yaml");
        assertThat(name).endsWith("-action");
        assertThat(kamelet.path("apiVersion").asText()).isEqualTo("camel.apache.org/v1");
        assertThat(kamelet.path("kind").asText()).isEqualTo("Kamelet");
        JsonNode annotations = kamelet.path("metadata").path("annotations");
        for (String annotation : List.of("camel.apache.org/kamelet.support.level", "camel.apache.org/catalog.version",
                "camel.apache.org/kamelet.icon", "camel.apache.org/provider", "camel.apache.org/kamelet.group")) {
            assertThat(annotations.path(annotation).asText()).as(name + " " + annotation).isNotBlank();
        }
        assertThat(annotations.path("camel.apache.org/kamelet.icon").asText()).startsWith("data:image/svg+xml;base64,");
        assertThat(kamelet.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText()).isEqualTo("action");

        JsonNode definition = kamelet.path("spec").path("definition");
        assertThat(definition.path("title").asText()).as(name + " title").endsWith(" Action");
        assertThat(definition.path("description").asText()).isNotBlank();
        assertThat(definition.path("type").asText()).isEqualTo("object");
        JsonNode properties = definition.path("properties");
        definition.path("required").forEach(r -> assertThat(properties.has(r.asText())).as(name + " requires " + r).isTrue());
        properties.fields().forEachRemaining(p -> {
            JsonNode property = p.getValue();
            String what = name + "." + p.getKey();
            assertThat(property.path("title").asText()).as(what + " title").isNotBlank().doesNotStartWith("The ");
            assertThat(property.path("description").asText()).as(what + " description").isNotBlank();
            assertThat(property.path("type").asText()).as(what + " type").isIn("string", "integer", "boolean", "number");
            boolean secret = p.getKey().toLowerCase().matches(".*(token|secret|password|key|pat)$");
            if (secret) {
                assertThat(property.path("format").asText()).as(what + " is a secret").isEqualTo("password");
            }
            if ("password".equals(property.path("format").asText())) {
                assertThat(property.path("x-descriptors").toString()).as(what).contains("urn:camel:group:credentials");
            }
        });
        JsonNode spec = kamelet.path("spec");
        assertThat(spec.path("types").path("in").path("mediaType").asText()).as(name + " types.in").isNotBlank();
        assertThat(spec.path("types").path("out").path("mediaType").asText()).as(name + " types.out").isNotBlank();
        List<String> dependencies = JSON.convertValue(spec.path("dependencies"), List.class);
        assertThat(dependencies).as(name + " dependencies").contains("camel:kamelet");

        JsonNode template = spec.path("template");
        assertThat(template.path("from").path("uri").asText()).isEqualTo("kamelet:source");
        String text = Files.readString(file);
        String route = text.substring(text.indexOf("\n  template:"));
        // every parameter is used, and every {{placeholder}} of the template is a parameter or a local bean
        List<String> beans = template.path("beans").findValuesAsText("name");
        Matcher used = Pattern.compile("\\{\\{\\??([A-Za-z0-9]+)}}").matcher(route);
        while (used.find()) {
            assertThat(properties.has(used.group(1)) || beans.contains(used.group(1))).as(name + " declares " + used.group(1)).isTrue();
        }
        properties.fieldNames().forEachRemaining(p -> assertThat(route).as(name + " uses " + p).containsPattern("\\{\\{\\??" + p + "}}"));
        // components the template uses are declared
        if (route.contains("circuitBreaker:")) {
            assertThat(dependencies).contains("camel:resilience4j");
        }
        if (route.contains("toD:") || route.contains("http")) {
            assertThat(dependencies).contains("camel:http");
        }
        if (route.contains("#class:")) {
            assertThat(dependencies).as(name + ": the jar of its beans").anyMatch(d -> d.startsWith("mvn:io.github.webexcamel:"));
        }
        // the jar named is this build's (Camel's mvn:group:artifact[:packaging[:classifier]]:version)
        Matcher version = Pattern.compile("<artifactId>webex-camel-gateway</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();
        dependencies.stream().filter(d -> d.startsWith("mvn:io.github.webexcamel:"))
                .forEach(d -> assertThat(d).as(name).endsWith(":" + version.group(1)));
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void loadsAsARouteTemplateInABareContext(Path file) throws Exception {
        try (CamelContext bare = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(bare).loadRoutes(ResourceHelper.resolveMandatoryResource(bare, "file:" + file));
            String name = file.getFileName().toString().replace(".kamelet.yaml", "");
            assertThat(((ModelCamelContext) bare).getRouteTemplateDefinition(name)).as(name).isNotNull();
        }
    }

    /** The kamelets that run without the gateway (README, "Kamelets outside the gateway"): all of them. */
    static final List<String> STANDALONE = List.of("a2a-agent-action", "github-action", "jenkins-build-action", "jira-action",
            "llm-chat-action");

    static Stream<Path> standalone() throws IOException {
        return kamelets().filter(f -> STANDALONE.contains(f.getFileName().toString().replace(".kamelet.yaml", "")));
    }

    @Test
    void everyKameletStandsAlone() throws IOException {
        // a new kamelet stands alone too
        assertThat(kamelets().map(f -> f.getFileName().toString().replace(".kamelet.yaml", ""))
                .filter(n -> !STANDALONE.contains(n))).isEmpty();
    }

    @Test
    void theKameletsJavaNeedsNothingOfTheGateway() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/io/github/webexcamel/kamelets"))) {
            sources.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                try {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContain("io.github.webexcamel.gateway")
                            .doesNotContain("org.springframework");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("standalone")
    void usesNoBeanOfTheGateway(Path file) throws IOException {
        String text = Files.readString(file);
        String route = text.substring(text.indexOf("\n  template:"));
        assertThat(route).as("a bean the kamelet does not declare itself")
                .as("beans only of its own, as {{name}} of its template's beans")
                .doesNotContainPattern("ref: [^\"]")
                .doesNotContainPattern("circuitBreaker: [A-Za-z]")
                .doesNotContain("direct:webex")
                .doesNotContain("io.github.webexcamel.gateway.")
                .doesNotContain("variable.webex");
    }

    // ------------------------------------------------------------------ Jira

    private Exchange jira(Map<String, Object> headers, Object body) {
        return call("direct:jira", headers, body);
    }

    private Exchange call(String uri, Map<String, Object> headers, Object body) {
        Exchange exchange = producer.request(uri, e -> {
            e.getIn().setHeaders(new java.util.HashMap<>(headers));
            e.getIn().setBody(body);
        });
        if (exchange.getException() != null) {
            throw new CamelExecutionException("failed", exchange, exchange.getException());
        }
        return exchange;
    }

    @Test
    void jiraGetsAnIssueAsJsonWithItsKeyAndUrl() throws Exception {
        JIRA.addProject("KAM", "Kamelets");
        String key = JIRA.addIssue("KAM", "Stand alone", "No gateway here").key();
        Exchange answer = jira(Map.of("operation", "get", "issueKey", key, "X-Leak", "nope"), null);
        assertThat(JSON.readTree(answer.getMessage().getBody(String.class)).path("fields").path("summary").asText())
                .isEqualTo("Stand alone");
        assertThat(answer.getMessage().getHeader("issueUrl")).isEqualTo(JIRA.baseUrl() + "/browse/" + key);
        assertThat(answer.getMessage().getHeaders()).doesNotContainKeys("Authorization", "X-Leak");
        assertThat(JIRA.lastRequest().header("x-leak")).as("the message's headers do not reach Jira").isNull();
    }

    @Test
    void jiraSearchesWithJql() throws Exception {
        JIRA.addProject("KSE", "Kamelets searching");
        String key = JIRA.addIssue("KSE", "Findable disk", "").key();
        Exchange found = jira(Map.of("operation", "search", "jql", "project = KSE AND summary ~ \"disk\""), null);
        assertThat(JSON.readTree(found.getMessage().getBody(String.class)).path("issues").path(0).path("key").asText()).isEqualTo(key);
    }

    @Test
    void jiraCreatesCommentsAndMoves() throws Exception {
        JIRA.addProject("KMV", "Kamelets moving");
        Exchange created = jira(Map.of("operation", "create", "projectKey", "KMV", "summary", "Made by a kamelet"), "Line one");
        String key = created.getMessage().getHeader("issueKey", String.class);
        assertThat(JIRA.issue(key).summary()).isEqualTo("Made by a kamelet");
        jira(Map.of("operation", "comment", "issueKey", key), "a comment");
        assertThat(JIRA.issue(key).comments()).contains("a comment");
        Exchange moved = jira(Map.of("operation", "move", "issueKey", key, "transition", "Done"), null);
        assertThat(JSON.readTree(moved.getMessage().getBody(String.class)).path("status").asText()).isEqualTo("Done");
        assertThat(JIRA.issue(key).status()).isEqualTo("Done");
    }

    @Test
    void jiraRefusesABadKeyBeforeAnyCallAndWordsRefusalsInOneLine() {
        int before = JIRA.requests().size();
        assertThatThrownBy(() -> jira(Map.of("operation", "get", "issueKey", "../../admin"), null))
                .hasRootCauseInstanceOf(ActionException.class).rootCause().hasMessageContaining("not a Jira issue key");
        assertThat(JIRA.requests()).hasSize(before);
        assertThatThrownBy(() -> jira(Map.of("operation", "get", "issueKey", "NOPE-404"), null))
                .rootCause().isInstanceOf(ActionException.class).hasMessage("Jira: not found, or the gateway's account may not see it.");
    }

    // ------------------------------------------------------------------ Jenkins

    @Test
    void jenkinsQueuesABuildWithItsParametersAndAnswersTheQueueItem() throws Exception {
        JENKINS.addJob("kamelets/deploy", true).stringParam("ENV", "dev");
        Exchange queued = call("direct:jenkins", Map.of("job", "kamelets/deploy"), Map.of("ENV", "prod"));
        String item = queued.getMessage().getHeader("queueItemUrl", String.class);
        assertThat(item).startsWith(JENKINS.baseUrl() + "/queue/item/");
        assertThat(JSON.readTree(queued.getMessage().getBody(String.class)).path("job").asText()).isEqualTo("kamelets/deploy");
        assertThat(JENKINS.lastRequest().path()).isEqualTo("/job/kamelets/job/deploy/buildWithParameters");
    }

    @Test
    void jenkinsWordsAnUnknownJobInOneLine() {
        assertThatThrownBy(() -> call("direct:jenkins", Map.of("job", "nope"), null))
                .rootCause().isInstanceOf(ActionException.class).hasMessage("Jenkins has no job nope.");
    }

    // ------------------------------------------------------------------ A2A

    private JsonNode agent(Map<String, Object> headers, Object body) throws Exception {
        return JSON.readTree(call("direct:agent", headers, body).getMessage().getBody(String.class));
    }

    @Test
    void a2aStreamsTheAnswerWithAnOAuth2TokenAndReportsItsProgress() throws Exception {
        AGENT.reset();
        AGENT_PROGRESS.clear();
        long tokens = AGENT.tokenRequests();
        JsonNode outcome = agent(Map.of("X-Leak", "nope"), "plan the deploy");
        assertThat(outcome.path("state").asText()).isEqualTo("completed");
        assertThat(outcome.path("answer").asText()).isEqualTo("echo: plan the deploy (turn 1)");
        assertThat(outcome.path("progress").asText()).contains("**Plan**").contains("✅ Check argocd");
        assertThat(outcome.path("taskId").asText()).startsWith("task-");
        assertThat(outcome.path("contextId").asText()).startsWith("ctx-");
        assertThat(AGENT.rpcMethods()).containsExactly("message/stream");
        assertThat(AGENT.lastRequest().header("authorization")).isEqualTo("Bearer [redacted]");
        assertThat(AGENT.lastRequest().header("x-leak")).as("the message's headers do not reach the agent").isNull();
        assertThat(AGENT.tokenRequests() - tokens).as("one client-credentials token").isEqualTo(1);
        assertThat(AGENT_PROGRESS).as("the progress, the task named at once").isNotEmpty()
                .allSatisfy(p -> assertThat(p.get("taskId")).isEqualTo(outcome.path("taskId").asText()));

        // the context continues with the header; the token is kept
        JsonNode second = agent(Map.of("a2aContextId", outcome.path("contextId").asText()), "and again");
        assertThat(second.path("answer").asText()).isEqualTo("echo: and again (turn 2)");
        assertThat(second.path("contextId").asText()).isEqualTo(outcome.path("contextId").asText());
        assertThat(AGENT.tokenRequests() - tokens).isEqualTo(1);
    }

    @Test
    void a2aFallsBackToMessageSendForAnAgentThatDoesNotStream() throws Exception {
        AGENT.reset().streaming(false);
        try {
            JsonNode outcome = agent(Map.of(), "hello");
            assertThat(outcome.path("state").asText()).isEqualTo("completed");
            assertThat(outcome.path("answer").asText()).isEqualTo("echo: hello (turn 1)");
            assertThat(AGENT.rpcMethods()).containsExactly("message/send");
        } finally {
            AGENT.reset();
        }
    }

    @Test
    void a2aInputRequiredAnswersWithTheFormAndTheTaskResumesWithData() throws Exception {
        AGENT.reset();
        JsonNode asked = agent(Map.of(), "deploy, ask me for input");
        assertThat(asked.path("state").asText()).isEqualTo("input-required");
        assertThat(asked.path("status").asText()).contains("Where should I deploy?");
        assertThat(asked.path("inputRequest").toString()).contains("input_fields").contains("environment");
        JsonNode resumed = agent(Map.of("a2aContextId", asked.path("contextId").asText(), "a2aTaskId", asked.path("taskId").asText()),
                Map.of("text", "environment: prod", "data", Map.of("environment", "prod", "namespace", "web")));
        assertThat(resumed.path("state").asText()).isEqualTo("completed");
        assertThat(resumed.path("answer").asText()).isEqualTo("Deployed to prod in namespace web.");
        assertThat(AGENT.taskState(asked.path("taskId").asText())).isEqualTo("completed");
    }

    @Test
    void a2aCancelsARunningTaskWhoseRunThenEndsCanceled() throws Exception {
        AGENT.reset();
        AGENT_PROGRESS.clear();
        Future<Exchange> running = producer.asyncSend("direct:agent", e -> e.getIn().setBody("slow work"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !AGENT_PROGRESS.isEmpty());
        String taskId = (String) AGENT_PROGRESS.get(0).get("taskId");
        JsonNode canceled = agent(Map.of("a2aOperation", "cancel", "a2aTaskId", taskId), null);
        assertThat(canceled.path("state").asText()).isEqualTo("canceled");
        JsonNode outcome = JSON.readTree(running.get(10, TimeUnit.SECONDS).getMessage().getBody(String.class));
        assertThat(outcome.path("state").asText()).isEqualTo("canceled");
        assertThat(outcome.has("error")).isFalse();
        assertThat(AGENT.taskState(taskId)).isEqualTo("canceled");
    }

    @Test
    void a2aDescribesTheAgentFromItsCard() throws Exception {
        AGENT.reset();
        JsonNode card = agent(Map.of("a2aOperation", "card"), null);
        assertThat(card.path("name").asText()).isEqualTo(FakeA2a.NAME);
        assertThat(card.path("supported").asBoolean()).isTrue();
        assertThat(card.path("streaming").asBoolean()).isTrue();
    }

    @Test
    void a2aWordsAnAgentItDoesNotSpeakInOneLine() {
        AGENT.reset().protocolVersion("1.0.0");
        try {
            assertThatThrownBy(() -> agent(Map.of(), "hello")).rootCause().isInstanceOf(ActionException.class)
                    .hasMessageContaining("speaks A2A 1.0.0");
            assertThat(AGENT.rpcMethods()).isEmpty();
        } finally {
            AGENT.reset();
        }
    }

    // ------------------------------------------------------------------ LLM

    @Test
    void llmStreamsTheAnswerAndReportsItsProgress() {
        PROGRESS.clear();
        LLM.clearFaults().respondWith("one two three four five six").tokenDelay(Duration.ofMillis(40));
        Exchange answer = call("direct:llm", Map.of("X-Leak", "nope"), "count to six");
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo("one two three four five six");
        assertThat(answer.getMessage().getHeader("llmFinish")).isEqualTo("stop");
        assertThat(PROGRESS).isNotEmpty().allSatisfy(p -> assertThat("one two three four five six").startsWith(p));
        FakeLlm.ChatRequest sent = LLM.lastChatRequest();
        assertThat(sent.stream()).isTrue();
        assertThat(sent.model()).isEqualTo(FakeLlm.DEFAULT_MODEL);
        assertThat(sent.lastUserMessage()).isEqualTo("count to six");
        assertThat(LLM.lastRequest().header("x-leak")).isNull();
    }

    @Test
    void llmFailingOpensItsCircuitAndIsThenNotAsked() {
        LLM.clearFaults().failNext(10_000, "/v1/chat/completions", FakeLlm.serverError());
        try {
            // each call asks again within its budget (2 s): two 5xx open this kamelet's circuit (failureThreshold=2)
            assertThatThrownBy(() -> call("direct:llm", Map.of(), "are you there?"))
                    .rootCause().isInstanceOf(ActionException.class).hasMessageStartingWith("The LLM backend is failing (HTTP 500)");
            int before = LLM.requests().size();
            assertThatThrownBy(() -> call("direct:llm", Map.of(), "still there?"))
                    .rootCause().isInstanceOf(ActionException.class)
                    .hasMessage("The LLM is not answering; I stopped asking for 30 s. Try again later.");
            assertThat(LLM.requests()).hasSize(before);
        } finally {
            LLM.clearFaults();
        }
    }

    // ------------------------------------------------------------------ GitHub

    @Test
    void gitHubCreatesAnIssueAndListsTheOpenOnes() throws Exception {
        FakeGitHub.Repo repo = GITHUB.addRepo("kamelets", "standalone");
        Exchange created = call("direct:github", Map.of("operation", "issue", "repository", "kamelets/standalone",
                "title", "Made by a kamelet"), null);
        int number = JSON.readTree(created.getMessage().getBody(String.class)).path("number").asInt();
        assertThat(repo.issues()).anySatisfy(i -> assertThat(i.title()).isEqualTo("Made by a kamelet"));
        Exchange listed = call("direct:github", Map.of("operation", "issues", "repository", "kamelets/standalone"), null);
        assertThat(JSON.readTree(listed.getMessage().getBody(String.class)).findValuesAsText("number")).contains(String.valueOf(number));
        assertThat(GITHUB.lastRequest().header("authorization")).isEqualTo("Bearer [redacted]");
    }

    @Test
    void gitHubWordsANotFoundInOneLine() {
        assertThatThrownBy(() -> call("direct:github", Map.of("operation", "pr", "repository", "kamelets/none", "number", "9"), null))
                .rootCause().isInstanceOf(ActionException.class).hasMessageStartingWith("GitHub: not found (HTTP 404)");
    }
}
