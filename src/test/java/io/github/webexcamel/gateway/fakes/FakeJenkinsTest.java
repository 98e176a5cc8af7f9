package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.github.webexcamel.gateway.fakes.TestHttp.basic;
import static io.github.webexcamel.gateway.fakes.TestHttp.json;
import static io.github.webexcamel.gateway.fakes.TestHttp.request;
import static io.github.webexcamel.gateway.fakes.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FakeJenkinsTest {

    private static final String TOKEN_AUTH = basic(FakeJenkins.DEFAULT_USER, FakeJenkins.DEFAULT_API_TOKEN);
    private static final String PASSWORD_AUTH = basic(FakeJenkins.DEFAULT_USER, FakeJenkins.DEFAULT_PASSWORD);

    private FakeJenkins jenkins;

    @BeforeEach
    void start() {
        jenkins = new FakeJenkins().defaultTimings(Duration.ofMillis(100), Duration.ofMillis(300)).start();
    }

    @AfterEach
    void stop() {
        jenkins.close();
    }

    private HttpResponse<String> get(String path) {
        return send(request(jenkins.baseUrl() + path).header("Authorization", TOKEN_AUTH).GET().build());
    }

    private HttpResponse<String> post(String path) {
        return send(request(jenkins.baseUrl() + path).header("Authorization", TOKEN_AUTH)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> postForm(String path, String form) {
        return send(request(jenkins.baseUrl() + path).header("Authorization", TOKEN_AUTH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private JsonNode getJson(String urlOrPath) {
        String url = urlOrPath.startsWith("http") ? urlOrPath : jenkins.baseUrl() + urlOrPath;
        HttpResponse<String> response = send(request(url).header("Authorization", TOKEN_AUTH).GET().build());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return json(response);
    }

    @Test
    void authenticationOutcomesAndJenkinsHeaders() {
        HttpResponse<String> ok = get("/api/json");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Jenkins")).hasValue(FakeJenkins.VERSION);
        assertThat(json(ok).path("_class").asText()).isEqualTo("hudson.model.Hudson");
        assertThat(jenkins.lastRequest().header("Authorization")).isEqualTo("Basic [redacted]");

        HttpResponse<String> wrong = send(request(jenkins.baseUrl() + "/api/json")
                .header("Authorization", basic(FakeJenkins.DEFAULT_USER, "wrong")).build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Jenkins\"");
        assertThat(wrong.body()).contains("Invalid password/token for user: " + FakeJenkins.DEFAULT_USER);

        HttpResponse<String> anonymous = send(request(jenkins.baseUrl() + "/api/json").build());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.headers().firstValue("X-You-Are-Authenticated-As")).hasValue("anonymous");
    }

    @Test
    void freestyleBuildGoesThroughQueueAndFinishesOnTheClock() {
        jenkins.addJob("deploy").buildDuration(Duration.ofMillis(400)).log("step 1", "step 2");

        HttpResponse<String> triggered = post("/job/deploy/build?delay=0sec");
        assertThat(triggered.statusCode()).isEqualTo(201);
        assertThat(triggered.body()).isEmpty();
        String location = triggered.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(jenkins.baseUrl() + "/queue/item/1/");

        JsonNode left = await().atMost(Duration.ofSeconds(2)).until(() -> getJson(location + "api/json"),
                item -> item.path("executable").has("number"));
        assertThat(left.path("_class").asText()).isEqualTo("hudson.model.Queue$LeftItem");
        assertThat(left.path("cancelled").asBoolean()).isFalse();
        assertThat(left.path("why").isNull()).isTrue();
        String buildUrl = left.path("executable").path("url").asText();
        assertThat(buildUrl).isEqualTo(jenkins.baseUrl() + "/job/deploy/1/");

        JsonNode running = getJson(buildUrl + "api/json");
        if (running.path("building").asBoolean()) {
            assertThat(running.path("result").isNull()).isTrue();
            assertThat(running.path("duration").asLong()).isZero();
        }
        assertThat(running.path("queueId").asLong()).isEqualTo(1);
        assertThat(running.path("_class").asText()).isEqualTo("hudson.model.FreeStyleBuild");

        JsonNode done = await().atMost(Duration.ofSeconds(3)).until(() -> getJson(buildUrl + "api/json?tree=building,result,duration,number"),
                b -> !b.path("building").asBoolean());
        assertThat(done.path("result").asText()).isEqualTo("SUCCESS");
        assertThat(done.path("duration").asLong()).isEqualTo(400);
        assertThat(done.path("_class").asText()).as("tree keeps _class").isEqualTo("hudson.model.FreeStyleBuild");
        assertThat(done.has("url")).as("tree drops unrequested fields").isFalse();

        HttpResponse<String> console = get("/job/deploy/1/consoleText");
        assertThat(console.body()).contains("step 1\nstep 2\n").endsWith("Finished: SUCCESS\n");
        assertThat(getJson("/job/deploy/lastBuild/api/json").path("number").asInt()).isEqualTo(1);
    }

    @Test
    void queueItemSaysWhyItWaits() {
        jenkins.addJob("slow").quietPeriod(Duration.ofSeconds(5));
        String location = post("/job/slow/build").headers().firstValue("Location").orElseThrow();
        JsonNode waiting = getJson(location + "api/json");
        assertThat(waiting.path("_class").asText()).isEqualTo("hudson.model.Queue$WaitingItem");
        assertThat(waiting.path("why").asText()).startsWith("In the quiet period. Expires in ");
        assertThat(waiting.has("executable")).isFalse();
        assertThat(waiting.path("task").path("name").asText()).isEqualTo("slow");

        assertThat(post("/job/slow/build").statusCode()).as("identical queued item is merged").isEqualTo(303);

        jenkins.cancelQueueItem(waiting.path("id").asLong());
        JsonNode cancelled = getJson(location + "api/json");
        assertThat(cancelled.path("cancelled").asBoolean()).isTrue();
        assertThat(cancelled.path("executable").isNull()).isTrue();
    }

    @Test
    void leftItemsExpire() {
        jenkins.leftItemRetention(Duration.ofMillis(200)).addJob("quick");
        String location = post("/job/quick/build?delay=0sec").headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(2)).until(() -> send(request(location + "api/json").header("Authorization", TOKEN_AUTH).build())
                .statusCode() == 404);
        JsonNode viaJob = getJson("/job/quick/api/json?tree=builds[number,queueId,url]");
        assertThat(viaJob.path("builds").get(0).path("queueId").asLong()).isEqualTo(1);
        assertThat(viaJob.path("builds").get(0).has("result")).isFalse();
    }

    @Test
    void buildWithParametersFromQueryAndFormInFolders() {
        jenkins.addJob("team/app/deploy", true).stringParam("ENV", "dev").booleanParam("DRY_RUN", false)
                .choiceParam("REGION", "eu", "us");

        HttpResponse<String> viaQuery = post("/job/team/job/app/job/deploy/buildWithParameters?ENV=prod&UNKNOWN=x&delay=0sec");
        assertThat(viaQuery.statusCode()).isEqualTo(201);
        HttpResponse<String> viaForm = postForm("/job/team/job/app/job/deploy/buildWithParameters",
                "ENV=" + URLEncoder.encode("qa one", StandardCharsets.UTF_8) + "&DRY_RUN=true&REGION=us&delay=0sec");
        assertThat(viaForm.statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(3)).until(() -> jenkins.job("team/app/deploy").builds().size() == 2);
        assertThat(jenkins.job("team/app/deploy").builds().get(0).parameters())
                .containsEntry("ENV", "prod").containsEntry("DRY_RUN", "false").containsEntry("REGION", "eu")
                .doesNotContainKey("UNKNOWN");
        assertThat(jenkins.job("team/app/deploy").builds().get(1).parameters())
                .containsEntry("ENV", "qa one").containsEntry("DRY_RUN", "true").containsEntry("REGION", "us");

        JsonNode build = getJson("/job/team/job/app/job/deploy/1/api/json");
        assertThat(build.path("fullDisplayName").asText()).isEqualTo("team » app » deploy #1");
        assertThat(build.path("actions").get(0).path("parameters").get(0).path("name").asText()).isEqualTo("ENV");

        JsonNode folder = getJson("/job/team/api/json");
        assertThat(folder.path("_class").asText()).isEqualTo("com.cloudbees.hudson.plugins.folder.Folder");
        assertThat(folder.path("jobs").get(0).path("name").asText()).isEqualTo("app");

        JsonNode definitions = getJson("/job/team/job/app/job/deploy/api/json?tree=property[parameterDefinitions[name,type,defaultParameterValue[value],choices]]");
        assertThat(definitions.path("property").get(0).path("parameterDefinitions")).hasSize(3);
        assertThat(definitions.path("property").get(0).path("parameterDefinitions").get(2).path("choices").get(1).asText()).isEqualTo("us");

        HttpResponse<String> illegal = post("/job/team/job/app/job/deploy/buildWithParameters?REGION=mars");
        assertThat(illegal.statusCode()).isEqualTo(500);
        assertThat(illegal.body()).contains("Illegal choice for parameter REGION: mars");
    }

    @Test
    void buildEndpointOnParameterizedJobWantsTheJsonForm() {
        jenkins.addJob("param", true).stringParam("ENV", "dev");
        HttpResponse<String> nothing = post("/job/param/build");
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(nothing.body()).contains("Nothing is submitted");

        String json = URLEncoder.encode("{\"parameter\":[{\"name\":\"ENV\",\"value\":\"prod\"}]}", StandardCharsets.UTF_8);
        HttpResponse<String> ok = postForm("/job/param/build?delay=0sec", "json=" + json);
        assertThat(ok.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(2)).until(() -> !jenkins.job("param").builds().isEmpty());
        assertThat(jenkins.job("param").lastBuild().parameters()).containsEntry("ENV", "prod");

        HttpResponse<String> form = send(request(jenkins.baseUrl() + "/job/param/build").header("Authorization", TOKEN_AUTH).GET().build());
        assertThat(form.statusCode()).as("GET shows the parameter form").isEqualTo(200);
    }

    @Test
    void errorCasesFromTheTriggerTable() {
        jenkins.addJob("plain");
        jenkins.addJob("off").disabled(true);
        jenkins.addJob("vetoed").refuseScheduling(true);

        HttpResponse<String> notParameterized = post("/job/plain/buildWithParameters?X=1");
        assertThat(notParameterized.statusCode()).isEqualTo(400);
        assertThat(notParameterized.body()).contains("plain is not parameterized");

        assertThat(post("/job/missing/build").statusCode()).isEqualTo(404);
        assertThat(post("/job/off/build").statusCode()).isEqualTo(409);
        assertThat(post("/job/off/buildWithParameters").statusCode()).isEqualTo(409);

        HttpResponse<String> getBuild = get("/job/plain/build");
        assertThat(getBuild.statusCode()).isEqualTo(405);
        assertThat(getBuild.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> refused = post("/job/vetoed/build");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location")).hasValue(jenkins.baseUrl() + "/job/vetoed/");

        assertThat(get("/job/plain/99/api/json").statusCode()).isEqualTo(404);
        assertThat(get("/job/plain/lastBuild/api/json").statusCode()).isEqualTo(404);
    }

    @Test
    void crumbsForPasswordSessionsAndLegacyControllers() {
        jenkins.addJob("job");
        assertThat(post("/job/job/build").statusCode()).as("API token needs no crumb").isEqualTo(201);

        HttpResponse<String> noCrumb = send(request(jenkins.baseUrl() + "/job/job/build?delay=0sec").header("Authorization", PASSWORD_AUTH)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(noCrumb.statusCode()).isEqualTo(403);
        assertThat(noCrumb.body()).contains("No valid crumb was included in the request");

        HttpResponse<String> issued = send(request(jenkins.baseUrl() + "/crumbIssuer/api/json").header("Authorization", PASSWORD_AUTH).build());
        JsonNode crumb = json(issued);
        assertThat(crumb.path("crumbRequestField").asText()).isEqualTo("Jenkins-Crumb");
        String cookie = issued.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(cookie).startsWith("JSESSIONID.");

        HttpResponse<String> withoutSession = send(request(jenkins.baseUrl() + "/job/job/build").header("Authorization", PASSWORD_AUTH)
                .header("Jenkins-Crumb", crumb.path("crumb").asText()).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(withoutSession.statusCode()).as("crumb is bound to the session").isEqualTo(403);

        HttpResponse<String> withSession = send(request(jenkins.baseUrl() + "/job/job/build?delay=5sec").header("Authorization", PASSWORD_AUTH)
                .header("Cookie", cookie).header("Jenkins-Crumb", crumb.path("crumb").asText())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(withSession.statusCode()).isIn(201, 303);

        jenkins.legacyCrumbsForApiTokens(true);
        jenkins.addJob("legacy");
        assertThat(post("/job/legacy/build").statusCode()).isEqualTo(403);
        String legacyCrumb = getJson("/crumbIssuer/api/json").path("crumb").asText();
        HttpResponse<String> legacyOk = send(request(jenkins.baseUrl() + "/job/legacy/build").header("Authorization", TOKEN_AUTH)
                .header("Jenkins-Crumb", legacyCrumb).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(legacyOk.statusCode()).isEqualTo(201);

        jenkins.crumbIssuer(false);
        assertThat(get("/crumbIssuer/api/json").statusCode()).isEqualTo(404);
        HttpResponse<String> noIssuer = send(request(jenkins.baseUrl() + "/job/legacy/build?delay=9sec").header("Authorization", PASSWORD_AUTH)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(noIssuer.statusCode()).isIn(201, 303);
    }

    @Test
    void progressiveLogAndAbort() {
        jenkins.addJob("long").buildDuration(Duration.ofSeconds(30)).quietPeriod(Duration.ZERO).log("compiling");
        post("/job/long/build");
        await().atMost(Duration.ofSeconds(2)).until(() -> get("/job/long/1/api/json").statusCode() == 200);

        HttpResponse<String> first = get("/job/long/1/logText/progressiveText?start=0");
        assertThat(first.headers().firstValue("X-More-Data")).hasValue("true");
        long size = Long.parseLong(first.headers().firstValue("X-Text-Size").orElseThrow());
        assertThat(first.body()).startsWith("Started by user " + FakeJenkins.DEFAULT_USER);

        HttpResponse<String> stop = post("/job/long/1/stop");
        assertThat(stop.statusCode()).isEqualTo(302);
        JsonNode aborted = getJson("/job/long/1/api/json");
        assertThat(aborted.path("building").asBoolean()).isFalse();
        assertThat(aborted.path("result").asText()).isEqualTo("ABORTED");

        HttpResponse<String> rest = get("/job/long/1/logText/progressiveText?start=" + size);
        assertThat(rest.headers().firstValue("X-More-Data")).isEmpty();
        assertThat(rest.body()).endsWith("Finished: ABORTED\n");
    }

    @Test
    void nonConcurrentJobsQueueBehindTheRunningBuildAndResultsAreScripted() {
        jenkins.addJob("serial", true).stringParam("N", "0").quietPeriod(Duration.ZERO).buildDuration(Duration.ofMillis(300))
                .nextResults("FAILURE", "UNSTABLE");
        post("/job/serial/buildWithParameters?N=1");
        post("/job/serial/buildWithParameters?N=2");
        await().atMost(Duration.ofSeconds(2)).until(() -> !jenkins.job("serial").builds().isEmpty());
        JsonNode second = getJson("/queue/item/2/api/json");
        if (second.path("_class").asText().endsWith("WaitingItem")) {
            assertThat(second.path("why").asText()).startsWith("Build #1 is already in progress");
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> jenkins.job("serial").builds().size() == 2
                && !jenkins.job("serial").lastBuild().building());
        assertThat(jenkins.job("serial").builds()).extracting(FakeJenkins.Build::result).containsExactly("FAILURE", "UNSTABLE");
        assertThat(getJson("/job/serial/api/json").path("color").asText()).isEqualTo("yellow");
        assertThat(getJson("/job/serial/lastFailedBuild/api/json").path("number").asInt()).isEqualTo(1);
    }

    @Test
    void faults() {
        jenkins.addJob("deploy");
        jenkins.failNext(FakeJenkins.unauthorized());
        assertThat(post("/job/deploy/build").statusCode()).isEqualTo(401);
        jenkins.failNext(FakeJenkins.forbidden());
        assertThat(post("/job/deploy/build").statusCode()).isEqualTo(403);
        jenkins.failNext(1, "/queue/", FakeJenkins.notFound());
        String location = post("/job/deploy/build").headers().firstValue("Location").orElseThrow();
        assertThat(send(request(location + "api/json").header("Authorization", TOKEN_AUTH).build()).statusCode()).isEqualTo(404);
        jenkins.failNext(FakeJenkins.serviceUnavailable(Fault.retryAfterHttpDate(Duration.ofSeconds(3))));
        HttpResponse<String> unavailable = get("/api/json");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After").orElseThrow()).endsWith("GMT");
        assertThat(unavailable.headers().firstValue("X-Jenkins")).hasValue(FakeJenkins.VERSION);
        jenkins.failNext(FakeJenkins.tooManyRequests(Fault.retryAfterSeconds(1)));
        assertThat(get("/api/json").statusCode()).isEqualTo(429);
        jenkins.failNext(FakeJenkins.serverError());
        assertThat(get("/api/json").statusCode()).isEqualTo(500);
        assertThat(jenkins.requests("POST", "/job/deploy/build")).hasSize(3);
    }
}
