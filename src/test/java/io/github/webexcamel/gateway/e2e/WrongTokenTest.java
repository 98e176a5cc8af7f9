package io.github.webexcamel.gateway.e2e;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.github.webexcamel.gateway.webex.WebexAuthenticationException;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A wrong token stops start-up with one clear line, no stack trace, and no token in the output. */
@ExtendWith(OutputCaptureExtension.class)
class WrongTokenTest {

    @Test
    void wrongTokenFailsStartUpWithOneClearLine(CapturedOutput output) {
        Vertx vertx = Vertx.vertx();
        String wrongToken = "NOTVALID_secret-token-value_0000";
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0))) {
            sandbox.start();
            assertThatThrownBy(() -> new SpringApplicationBuilder(WebexGatewayApplication.class).run(
                    "--camel.component.webex.token=" + wrongToken, "--webex.access.open=true", "--management.server.port=0",
                "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0", "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                    "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--webex.state.store=memory"))
                    .hasRootCauseInstanceOf(WebexAuthenticationException.class)
                    .rootCause().hasMessageContaining("check WEBEX_API_TOKEN");
        } finally {
            vertx.close();
        }
        assertThat(output.getAll()).contains("Start-up failed: Webex rejected the bot token")
                .doesNotContain("\tat ").doesNotContain(wrongToken);
    }
}
