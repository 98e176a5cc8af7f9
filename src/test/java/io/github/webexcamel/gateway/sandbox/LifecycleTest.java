package io.github.webexcamel.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void operatorCallsBeforeStartAreRefused() {
        Vertx vertx = Vertx.vertx();
        try {
            WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions());
            assertThatThrownBy(sandbox::baseUrl).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(sandbox::rooms).isInstanceOf(IllegalStateException.class);
            // Listeners may be registered before start, e.g. while wiring an application.
            sandbox.addListener(new SandboxListener() { });
            sandbox.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void startFailsWhenThePortIsTaken() {
        Vertx first = Vertx.vertx();
        Vertx second = Vertx.vertx();
        try (WebexSandbox running = new WebexSandbox(first, new SandboxOptions())) {
            running.start();
            WebexSandbox clash = new WebexSandbox(second, new SandboxOptions().setPort(running.port()));
            assertThatThrownBy(clash::start).isInstanceOf(RuntimeException.class);
            assertThat(running.rooms()).isEmpty();
        } finally {
            first.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
            second.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void givenTokenIsUsedAndItsOrgIsTheBotsOrg() {
        Vertx vertx = Vertx.vertx();
        String org = WebexIds.randomUuid();
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setBotToken("abc_PF84_" + org))) {
            sandbox.start();
            assertThat(sandbox.botToken()).isEqualTo("abc_PF84_" + org);
            assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
            assertThat(sandbox.u2cUrl()).isEqualTo(sandbox.baseUrl() + "/u2c/api/v1");
            assertThat(sandbox.apiUrl()).isEqualTo(sandbox.baseUrl() + "/v1");
            String orgId = new BotClient(sandbox).getOk("/v1/people/me").path("orgId").asText();
            assertThat(WebexIds.uuidOf(orgId, WebexIds.ORGANIZATION)).isEqualTo(org);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void timestampsAlwaysHaveMillisecondsAndZ() {
        for (long t : new long[] {0L, 5L, 42L, 999L, 1_700_000_000_007L, 1_700_000_000_070L, 1_700_000_000_700L}) {
            String expected = Instant.ofEpochMilli(t).toString();
            String iso = JsonViews.iso(t);
            assertThat(iso).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(Instant.parse(iso)).isEqualTo(Instant.parse(expected));
        }
    }
}
