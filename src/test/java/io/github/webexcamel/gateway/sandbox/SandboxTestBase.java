package io.github.webexcamel.gateway.sandbox;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One Vert.x per test class (shared like the app would), a fresh sandbox per test. */
abstract class SandboxTestBase {

    static Vertx vertx;
    WebexSandbox sandbox;
    BotClient bot;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    SandboxOptions options() {
        return new SandboxOptions();
    }

    @BeforeEach
    void startSandbox() {
        sandbox = new WebexSandbox(vertx, options());
        sandbox.start();
        bot = new BotClient(sandbox);
    }

    @AfterEach
    void stopSandbox() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        sandbox.close();
    }

    MercuryConnection connect(String deviceName) {
        return track(bot.connect(deviceName));
    }

    <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }
}
