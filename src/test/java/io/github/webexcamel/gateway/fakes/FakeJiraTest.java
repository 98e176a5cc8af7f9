package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.github.webexcamel.gateway.fakes.TestHttp.basic;
import static io.github.webexcamel.gateway.fakes.TestHttp.json;
import static io.github.webexcamel.gateway.fakes.TestHttp.jsonBody;
import static io.github.webexcamel.gateway.fakes.TestHttp.request;
import static io.github.webexcamel.gateway.fakes.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

class FakeJiraTest {

    private static final String ADF_HELLO =
            "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}";

    private FakeJira jira;

    @AfterEach
    void stop() {
        jira.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String auth) {
        HttpRequest.Builder b = request(jira.baseUrl() + path).header("Accept", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : jsonBody(body)).build());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Nested
    class Cloud {
        private final String auth = basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN);

        Cloud() {
            jira = FakeJira.cloud().start();
            jira.addProject("OPS", "Operations");
        }

        private HttpResponse<String> call(String method, String path, String body) {
            return FakeJiraTest.this.call(method, path, body, auth);
        }

        @Test
        void basicEmailAndTokenOnlyAndBearerIsRejected() {
            HttpResponse<String> me = call("GET", "/rest/api/3/myself", null);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(json(me).path("accountId").asText()).isEqualTo(FakeJira.BOT_ACCOUNT_ID);
            assertThat(me.headers().firstValue("X-AACCOUNTID")).hasValue(FakeJira.BOT_ACCOUNT_ID);
            assertThat(jira.lastRequest().header("authorization")).isEqualTo("Basic [redacted]");

            HttpResponse<String> wrong = FakeJiraTest.this.call("GET", "/rest/api/3/myself", null, basic(FakeJira.DEFAULT_EMAIL, "nope"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("X-Seraph-LoginReason")).hasValue("AUTHENTICATED_FAILED");
            assertThat(json(wrong).path("errorMessages").isArray()).isTrue();

            assertThat(FakeJiraTest.this.call("GET", "/rest/api/3/myself", null, "Bearer " + FakeJira.DEFAULT_API_TOKEN).statusCode())
                    .isEqualTo(401);
            assertThat(FakeJiraTest.this.call("GET", "/rest/api/3/myself", null, null).statusCode()).isEqualTo(401);
        }

        @Test
        void v3CreateTakesAdfAndRejectsPlainStrings() {
            HttpResponse<String> created = call("POST", "/rest/api/3/issue",
                    "{\"fields\":{\"project\":{\"key\":\"OPS\"},\"summary\":\"Disk full\",\"issuetype\":{\"name\":\"Task\"},"
                            + "\"description\":" + ADF_HELLO + ",\"labels\":[\"chatops\"]}}");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode ref = json(created);
            assertThat(ref.path("key").asText()).isEqualTo("OPS-1");
            assertThat(ref.path("self").asText()).isEqualTo(jira.baseUrl() + "/rest/api/3/issue/" + ref.path("id").asText());
            assertThat(jira.issue("OPS-1").description()).isEqualTo("hello");
            assertThat(jira.browseUrl("OPS-1")).isEqualTo(jira.baseUrl() + "/browse/OPS-1");

            HttpResponse<String> plain = call("POST", "/rest/api/3/issue",
                    "{\"fields\":{\"project\":{\"key\":\"OPS\"},\"summary\":\"x\",\"issuetype\":{\"name\":\"Task\"},\"description\":\"text\"}}");
            assertThat(plain.statusCode()).isEqualTo(400);
            assertThat(json(plain).path("errors").path("description").asText()).isEqualTo("Operation value must be an Atlassian Document");

            HttpResponse<String> v2WithAdf = call("POST", "/rest/api/2/issue",
                    "{\"fields\":{\"project\":{\"key\":\"OPS\"},\"summary\":\"x\",\"issuetype\":{\"name\":\"Task\"},\"description\":" + ADF_HELLO + "}}");
            assertThat(v2WithAdf.statusCode()).isEqualTo(400);
            assertThat(json(v2WithAdf).path("errors").path("description").asText()).isEqualTo("Operation value must be a string");
        }

        @Test
        void getIssueRendersDescriptionPerApiVersion() {
            jira.addIssue("OPS", "Restart api", "line one\nline two");
            JsonNode v3 = json(call("GET", "/rest/api/3/issue/OPS-1", null));
            assertThat(v3.path("fields").path("description").path("type").asText()).isEqualTo("doc");
            assertThat(v3.path("fields").path("description").path("content")).hasSize(2);
            assertThat(v3.path("fields").path("status").path("name").asText()).isEqualTo("To Do");
            assertThat(v3.path("fields").path("assignee").isNull()).isTrue();

            JsonNode v2 = json(call("GET", "/rest/api/2/issue/OPS-1?fields=summary,description", null));
            assertThat(v2.path("fields").path("description").asText()).isEqualTo("line one\nline two");
            assertThat(v2.path("fields").has("status")).isFalse();

            HttpResponse<String> missing = call("GET", "/rest/api/3/issue/OPS-99", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(json(missing).path("errorMessages").get(0).asText())
                    .isEqualTo("Issue does not exist or you do not have permission to see it.");
        }

        @Test
        void enhancedSearchPagesWithTokensAndOldSearchIsGone() {
            for (int i = 1; i <= 5; i++) {
                jira.addIssue("OPS", "issue " + i, null);
            }
            String jql = enc("project = OPS ORDER BY key ASC");
            JsonNode idsOnly = json(call("GET", "/rest/api/3/search/jql?jql=" + jql + "&maxResults=2", null));
            assertThat(idsOnly.path("issues").get(0).size()).as("only ids without fields").isEqualTo(1);
            assertThat(idsOnly.path("issues").get(0).has("id")).isTrue();
            assertThat(idsOnly.path("isLast").asBoolean()).isFalse();
            assertThat(idsOnly.has("total")).isFalse();

            List<String> keys = new ArrayList<>();
            String token = null;
            do {
                String body = "{\"jql\":\"project = OPS ORDER BY key ASC\",\"maxResults\":2,\"fields\":[\"summary\",\"status\"]"
                        + (token == null ? "" : ",\"nextPageToken\":\"" + token + "\"") + "}";
                JsonNode page = json(call("POST", "/rest/api/3/search/jql", body));
                page.path("issues").forEach(i -> keys.add(i.path("key").asText()));
                token = page.has("nextPageToken") ? page.path("nextPageToken").asText() : null;
                if (token == null) {
                    assertThat(page.path("isLast").asBoolean()).isTrue();
                }
            } while (token != null);
            assertThat(keys).containsExactly("OPS-1", "OPS-2", "OPS-3", "OPS-4", "OPS-5");

            HttpResponse<String> unbounded = call("GET", "/rest/api/3/search/jql?jql=", null);
            assertThat(unbounded.statusCode()).isEqualTo(400);
            assertThat(json(unbounded).path("errorMessages").get(0).asText()).startsWith("Unbounded JQL queries");

            HttpResponse<String> gone = call("GET", "/rest/api/2/search?jql=" + jql, null);
            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(json(gone).path("errorMessages").get(0).asText()).contains("/rest/api/3/search/jql");
            assertThat(call("POST", "/rest/api/3/search", "{\"jql\":\"project = OPS\"}").statusCode()).isEqualTo(410);
        }

        @Test
        void jqlUnderstandsCommonClausesAndRejectsUnknownFields() {
            jira.addUser("712020:alice", "Alice");
            jira.addIssue("OPS", "Database slow", null).assign("712020:alice").status("In Progress");
            jira.addIssue("OPS", "Cache cold", null);
            String fields = "&fields=summary";
            assertThat(json(call("GET", "/rest/api/3/search/jql?jql=" + enc("project = OPS AND status = \"In Progress\"") + fields, null))
                    .path("issues")).extracting(i -> i.path("key").asText()).containsExactly("OPS-1");
            assertThat(json(call("GET", "/rest/api/3/search/jql?jql=" + enc("project = OPS AND assignee is EMPTY") + fields, null))
                    .path("issues")).extracting(i -> i.path("key").asText()).containsExactly("OPS-2");
            assertThat(json(call("GET", "/rest/api/3/search/jql?jql=" + enc("project = OPS AND (text ~ \"cache\" OR key = OPS-1)")
                    + fields, null)).path("issues")).hasSize(2);
            assertThat(json(call("GET", "/rest/api/3/search/jql?jql=" + enc("assignee = currentUser()") + fields, null))
                    .path("issues")).isEmpty();

            HttpResponse<String> badField = call("GET", "/rest/api/3/search/jql?jql=" + enc("colour = red"), null);
            assertThat(badField.statusCode()).isEqualTo(400);
            assertThat(json(badField).path("errorMessages").get(0).asText()).contains("Field 'colour' does not exist");
            HttpResponse<String> badProject = call("GET", "/rest/api/3/search/jql?jql=" + enc("project = NOPE"), null);
            assertThat(json(badProject).path("errorMessages").get(0).asText())
                    .isEqualTo("The value 'NOPE' does not exist for the field 'project'.");
        }

        @Test
        void commentsAreAdfInV3() {
            jira.addIssue("OPS", "x", null);
            HttpResponse<String> created = call("POST", "/rest/api/3/issue/OPS-1/comment", "{\"body\":" + ADF_HELLO + "}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created).path("body").path("type").asText()).isEqualTo("doc");
            assertThat(json(created).path("author").path("accountId").asText()).isEqualTo(FakeJira.BOT_ACCOUNT_ID);
            assertThat(jira.issue("OPS-1").comments()).containsExactly("hello");

            HttpResponse<String> plain = call("POST", "/rest/api/3/issue/OPS-1/comment", "{\"body\":\"hello\"}");
            assertThat(plain.statusCode()).isEqualTo(400);

            HttpResponse<String> v2 = call("POST", "/rest/api/2/issue/OPS-1/comment", "{\"body\":\"plain\"}");
            assertThat(v2.statusCode()).isEqualTo(201);
            assertThat(json(v2).path("body").asText()).isEqualTo("plain");
            assertThat(json(call("GET", "/rest/api/2/issue/OPS-1/comment", null)).path("total").asInt()).isEqualTo(2);
        }

        @Test
        void rateLimitFaults() {
            jira.failNext(FakeJira.rateLimited(Fault.retryAfterSeconds(2)));
            HttpResponse<String> limited = call("GET", "/rest/api/3/myself", null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(limited.headers().firstValue("X-RateLimit-Reset").orElseThrow()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ");
            assertThat(limited.headers().firstValue("RateLimit-Reason")).hasValue("jira-burst-based");

            jira.failNext(FakeJira.rateLimited(null));
            assertThat(call("GET", "/rest/api/3/myself", null).headers().firstValue("Retry-After")).isEmpty();
            jira.failNext(FakeJira.rateLimitedWithoutHeaders());
            HttpResponse<String> bare = call("GET", "/rest/api/3/myself", null);
            assertThat(bare.statusCode()).isEqualTo(429);
            assertThat(bare.headers().firstValue("X-RateLimit-Reset")).isEmpty();
            jira.failNext(FakeJira.serviceUnavailable(Fault.MALFORMED_RETRY_AFTER));
            assertThat(call("GET", "/rest/api/3/myself", null).statusCode()).isEqualTo(503);
            jira.failNext(1, "/rest/api/3/issue", FakeJira.forbidden());
            assertThat(call("GET", "/rest/api/3/myself", null).statusCode()).isEqualTo(200);
            assertThat(call("GET", "/rest/api/3/issue/OPS-1", null).statusCode()).isEqualTo(403);
        }
    }

    @Nested
    class DataCenter {
        private final String auth = "Bearer " + FakeJira.DEFAULT_PAT;

        DataCenter() {
            jira = FakeJira.dataCenter().contextPath("/jira").start();
            jira.addProject("OPS", "Operations");
        }

        private HttpResponse<String> call(String method, String path, String body) {
            return FakeJiraTest.this.call(method, path, body, auth);
        }

        @Test
        void bearerPatUnderContextPathAndNoV3() {
            assertThat(jira.baseUrl()).endsWith("/jira");
            HttpResponse<String> me = call("GET", "/rest/api/2/myself", null);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(json(me).path("name").asText()).isEqualTo(FakeJira.BOT_NAME);
            assertThat(me.headers().firstValue("X-AUSERNAME")).hasValue(FakeJira.BOT_NAME);
            assertThat(call("GET", "/rest/api/latest/myself", null).statusCode()).isEqualTo(200);

            HttpResponse<String> v3 = call("GET", "/rest/api/3/myself", null);
            assertThat(v3.statusCode()).isEqualTo(404);
            assertThat(json(v3).path("status-code").asInt()).isEqualTo(404);

            assertThat(FakeJiraTest.this.call("GET", "/rest/api/2/myself", null, basic(FakeJira.BOT_NAME, FakeJira.DEFAULT_PAT))
                    .statusCode()).as("a PAT is not a Basic password").isEqualTo(401);
            jira.enableBasicAuth("admin", "secret");
            assertThat(FakeJiraTest.this.call("GET", "/rest/api/2/myself", null, basic("admin", "secret")).statusCode()).isEqualTo(200);
        }

        @Test
        void createValidatesFieldsLikeJira() {
            HttpResponse<String> missing = call("POST", "/rest/api/2/issue", "{\"fields\":{\"project\":{\"key\":\"OPS\"}}}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(json(missing).path("errors").path("summary").asText()).isEqualTo("You must specify a summary of the issue.");
            assertThat(json(missing).path("errors").path("issuetype").asText()).isEqualTo("Specify an issue type");

            HttpResponse<String> badProject = call("POST", "/rest/api/2/issue",
                    "{\"fields\":{\"project\":{\"key\":\"NOPE\"},\"summary\":\"x\",\"issuetype\":{\"name\":\"Task\"}}}");
            assertThat(json(badProject).path("errors").path("project").asText()).isEqualTo("Specify a valid project ID or key");

            HttpResponse<String> unknownField = call("POST", "/rest/api/2/issue",
                    "{\"fields\":{\"project\":{\"key\":\"OPS\"},\"summary\":\"x\",\"issuetype\":{\"name\":\"Task\"},\"customfield_10010\":1}}");
            assertThat(json(unknownField).path("errors").path("customfield_10010").asText()).contains("cannot be set");

            HttpResponse<String> ok = call("POST", "/rest/api/2/issue",
                    "{\"fields\":{\"project\":{\"key\":\"OPS\"},\"summary\":\"Deploy\",\"issuetype\":{\"name\":\"Bug\"},\"description\":\"plain *wiki*\"}}");
            assertThat(ok.statusCode()).isEqualTo(201);
            assertThat(json(ok).path("self").asText()).startsWith(jira.baseUrl() + "/rest/api/2/issue/");
            assertThat(jira.issue("OPS-1").description()).isEqualTo("plain *wiki*");

            HttpResponse<String> formPost = send(request(jira.baseUrl() + "/rest/api/2/issue").header("Authorization", auth)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(jsonBody("a=b")).build());
            assertThat(formPost.statusCode()).isEqualTo(415);
        }

        @Test
        void searchUsesStartAtAndTotal() {
            for (int i = 1; i <= 3; i++) {
                jira.addIssue("OPS", "issue " + i, "d");
            }
            JsonNode page = json(call("GET", "/rest/api/2/search?jql=" + enc("project = OPS ORDER BY key ASC") + "&startAt=1&maxResults=1", null));
            assertThat(page.path("total").asInt()).isEqualTo(3);
            assertThat(page.path("startAt").asInt()).isEqualTo(1);
            assertThat(page.path("issues").get(0).path("key").asText()).isEqualTo("OPS-2");
            assertThat(page.path("issues").get(0).path("fields").path("description").asText()).isEqualTo("d");

            JsonNode post = json(call("POST", "/rest/api/2/search", "{\"jql\":\"project = OPS\",\"maxResults\":50,\"fields\":[\"summary\"]}"));
            assertThat(post.path("issues")).hasSize(3);
            assertThat(post.path("issues").get(0).path("fields").has("status")).isFalse();
            assertThat(call("GET", "/rest/api/2/search/jql?jql=project%3DOPS", null).statusCode()).isEqualTo(404);
        }

        @Test
        void transitionsAndComments() {
            jira.addIssue("OPS", "x", null);
            JsonNode transitions = json(call("GET", "/rest/api/2/issue/OPS-1/transitions", null));
            assertThat(transitions.path("transitions")).extracting(t -> t.path("name").asText()).containsExactly("In Progress", "Done");
            assertThat(transitions.path("transitions").get(0).path("to").path("statusCategory").path("key").asText())
                    .isEqualTo("indeterminate");

            HttpResponse<String> done = call("POST", "/rest/api/2/issue/OPS-1/transitions",
                    "{\"transition\":{\"id\":\"31\"},\"update\":{\"comment\":[{\"add\":{\"body\":\"closing\"}}]}}");
            assertThat(done.statusCode()).isEqualTo(204);
            assertThat(done.body()).isEmpty();
            assertThat(jira.issue("OPS-1").status()).isEqualTo("Done");
            assertThat(jira.issue("OPS-1").comments()).containsExactly("closing");

            HttpResponse<String> bad = call("POST", "/rest/api/2/issue/OPS-1/transitions", "{\"transition\":{\"id\":\"31\"}}");
            assertThat(bad.statusCode()).as("already Done").isEqualTo(400);
            assertThat(json(bad).path("errorMessages").get(0).asText()).isEqualTo("Transition id '31' is not valid for this issue.");

            HttpResponse<String> comment = call("POST", "/rest/api/2/issue/OPS-1/comment", "{\"body\":\"text\"}");
            assertThat(comment.statusCode()).isEqualTo(201);
            assertThat(json(comment).path("author").path("name").asText()).isEqualTo(FakeJira.BOT_NAME);
            assertThat(call("POST", "/rest/api/2/issue/OPS-1/comment", "{\"body\":\"\"}").statusCode()).isEqualTo(400);
        }
    }
}
