package io.github.webexcamel.gateway.e2e;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.config.JarEntriesResourceResolver;
import io.github.webexcamel.gateway.fakes.TestHttp;
import io.github.webexcamel.gateway.fakes.TestPorts;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' surface on the management port: behind the admin bearer token when one is set, health probes open
 * but their details only for an admin, the audit log as JSON and CSV, and none of it on the application port.
 */
@TestPropertySource(properties = "webex.admin-token=admin-test-token-0123456789")
class AdminSurfaceTest extends GatewayTestSupport {

    private static final String TOKEN = "admin-test-token-0123456789";

    /** A port of its own (not 0), so that Tomcat names the management server's threads after it. */
    @DynamicPropertySource
    static void managementPort(DynamicPropertyRegistry registry) {
        int port = TestPorts.unused();
        registry.add("management.server.port", () -> port);
    }

    private HttpResponse<String> get(String path, String... headers) {
        return TestHttp.get("http://127.0.0.1:" + managementPort + path, headers);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void theAuditLogNeedsTheTokenAndComesAsJsonOrCsv() throws Exception {
        String user = newUser();
        awaitBotMessages(say(user, "/echo audited password=hunter2").path("roomId").asText(), 1);

        HttpResponse<String> anonymous = get("/api/audit");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(anonymous.body()).doesNotContain("audited");
        assertThat(get("/api/audit", "Authorization", "Bearer wrong").statusCode()).isIn(401, 403);
        HttpResponse<String> rows = get("/api/audit?person=" + user, "Authorization", "Bearer " + TOKEN);
        assertThat(rows.statusCode()).isEqualTo(200);
        JsonNode row = json(rows).path(0);
        assertThat(row.path("keyword").asText()).isEqualTo("echo");
        assertThat(row.path("decision").asText()).isEqualTo("allowed");
        assertThat(row.path("outcome").asText()).isEqualTo("ok");
        assertThat(row.path("arguments").asText()).isEqualTo("audited password=***");
        assertThat(row.path("replyMessageId").asText()).isNotBlank();

        HttpResponse<String> csv = get("/api/audit?format=csv&person=" + user, "Authorization", "Bearer " + TOKEN);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("time,person,space").contains(user).contains(",echo,").doesNotContain("hunter2");
        assertThat(get("/api/audit?since=banana", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void probesAreOpenButTheirDetailsAreForAdmins() throws Exception {
        JsonNode anonymous = json(get("/actuator/health"));
        assertThat(anonymous.path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        JsonNode admin = json(get("/actuator/health", "Authorization", "Bearer " + TOKEN));
        assertThat(admin.path("components").path("camelHealth").path("status").asText()).isEqualTo("UP");
        assertThat(admin.path("components").path("sandbox").path("details").path("mode").asText()).isEqualTo("sandbox");
        assertThat(json(get("/actuator/info")).path("mode").asText()).isEqualTo("sandbox");
        assertThat(json(get("/actuator/info")).path("webex").path("role").asText()).isEqualTo("single");
        assertThat(get("/actuator/metrics").statusCode()).isIn(401, 403);
    }

    /** The scrape is an admin's: a Prometheus job sends WEBEX_ADMIN_TOKEN as its bearer token. */
    @Test
    void prometheusNeedsTheAdminToken() {
        assertThat(get("/actuator/prometheus").statusCode()).isIn(401, 403);
        HttpResponse<String> scrape = get("/actuator/prometheus", "Authorization", "Bearer " + TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("webex_connected").doesNotContain(TOKEN);
    }

    /** Sandbox mode: Camel's developer console on the management port, for admins. */
    @Test
    void theDevConsoleIsServedInSandboxModeToAdmins() throws Exception {
        // its consoles were looked up by the resolver that lists a jar's entries (not by inflating the executable jar)
        assertThat(PluginHelper.getPackageScanResourceResolver(webex.getCamelContext()))
                .isInstanceOf(JarEntriesResourceResolver.class);
        assertThat(get("/actuator/camel/context").statusCode()).isIn(401, 403);
        HttpResponse<String> context = get("/actuator/camel/context", "Authorization", "Bearer " + TOKEN);
        assertThat(context.statusCode()).isEqualTo(200);
        assertThat(context.body()).contains("webex-camel-gateway");
        assertThat(get("/actuator/camel/health", "Authorization", "Bearer " + TOKEN).body()).contains("\"ready\":true");
    }

    @Test
    void bothPortsSendTheBrowserSecurityHeaders() {
        for (HttpResponse<String> response : new HttpResponse[] {get("/actuator/health"),
                TestHttp.get("http://127.0.0.1:" + serverPort + "/api/commands")}) {
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        }
    }

    @Test
    void nothingOfItIsServedOnTheApplicationPort() {
        assertThat(TestHttp.get("http://127.0.0.1:" + serverPort + "/api/audit", "Authorization", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(404);
        assertThat(TestHttp.get("http://127.0.0.1:" + serverPort + "/actuator/health").statusCode()).isEqualTo(404);
    }

    /** Probes and scrapes need one request thread, not the application server's ten spare ones. */
    @Test
    void theManagementServerKeepsOneSpareThread() {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        String pool = "http-nio-127.0.0.1-" + managementPort + "-exec-";
        long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(pool)).count();
        assertThat(threads).isBetween(1L, 3L);
    }
}
