package io.github.webexcamel.gateway.e2e;

import java.net.http.HttpResponse;

import io.github.webexcamel.gateway.fakes.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A production deployment whose Webex token went missing: it has connector credentials, runs on the sandbox, and
 * must not look ready (it is live: a restart would not bring the token back).
 */
@TestPropertySource(properties = { "webex.sandbox.enabled=false", "github.token=ghp_not-a-real-token-for-this-test" })
class SandboxStandInTest extends GatewayTestSupport {

    @Test
    void connectorCredentialsWithoutAWebexTokenAreNotReady() {
        HttpResponse<String> readiness = TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE").contains("WEBEX_SANDBOX=true")
                .doesNotContain("ghp_not-a-real-token");
        assertThat(TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/health/liveness").statusCode())
                .isEqualTo(200);
        assertThat(management("/actuator/info").path("mode").asText()).isEqualTo("sandbox");
    }
}
