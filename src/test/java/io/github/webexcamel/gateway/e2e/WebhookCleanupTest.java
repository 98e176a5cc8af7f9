package io.github.webexcamel.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.sandbox.SandboxListener;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** webex.webhook.cleanup=true: a clean shutdown deletes the webhooks the gateway registered. */
class WebhookCleanupTest {

    @Test
    void aCleanShutdownDeletesTheGatewaysWebhooks() {
        // command-line arguments: they win over application.properties, as the test context's properties do
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(WebexGatewayApplication.class)
                .run("--camel.component.webex.token=", "--webex.sandbox.port=0", "--webex.sandbox.enabled=true",
                        "--webex.state.store=memory", "--server.port=0", "--management.server.port=0",
                        "--camel.component.webex.ingress=webhook", "--webex.webhook.cleanup=true",
                        "--camel.main.routes-include-pattern=file:routes/gateway/*.camel.yaml,file:routes/commands/*.camel.yaml");
        List<String> calls = new CopyOnWriteArrayList<>();
        try {
            WebexSandbox sandbox = gateway.getBean(WebexSandbox.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.webhooks().size() == 2);
            List<String> ids = sandbox.webhooks().stream().map(w -> w.path("id").asText()).toList();
            sandbox.addListener(new SandboxListener() {
                @Override
                public void onBotRequest(String method, String path, int status) {
                    if (path.startsWith("/v1/webhooks")) {
                        calls.add(method + " " + path + " " + status);
                    }
                }
            });
            gateway.close();
            assertThat(calls).contains("DELETE /v1/webhooks/" + ids.get(0) + " 204", "DELETE /v1/webhooks/" + ids.get(1) + " 204");
        } finally {
            if (gateway.isActive()) {
                gateway.close();
            }
        }
    }
}
