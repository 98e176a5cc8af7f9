package io.github.webexcamel.gateway.sandbox;

import io.vertx.core.Vertx;
import ch.qos.logback.classic.Level;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sandbox in its own JVM (benchmarks, manual play). Prints {@code KEY=value} lines on stdout so
 * a parent process can pick up the URLs and the bot token, then runs until killed.
 *
 * <p>Options: {@code --port N} (default 7070, 0 = any), {@code --host H}, {@code --token T},
 * {@code --bot-email E}, {@code --bot-name N}.
 */
public final class SandboxMain {

    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        SandboxOptions options = new SandboxOptions().setPort(7070);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[i + 1] : null;
            String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!a.contains("=")) {
                i++;
            }
            if (value == null) {
                usage("missing value for " + key);
            }
            switch (key) {
                case "--port" -> options.setPort(Integer.parseInt(value));
                case "--host" -> options.setHost(value);
                case "--token" -> options.setBotToken(value);
                case "--bot-email" -> options.setBotEmail(value);
                case "--bot-name" -> options.setBotDisplayName(value);
                default -> usage("unknown option " + key);
            }
        }
        quietLogging();
        Vertx vertx = Vertx.vertx();
        WebexSandbox sandbox = new WebexSandbox(vertx, options);
        try {
            sandbox.start();
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            vertx.close();
            stopped.countDown();
        }, "webex-sandbox-shutdown"));
        System.out.println("WEBEX_U2C_URL=" + sandbox.u2cUrl());
        System.out.println("WEBEX_API_URL=" + sandbox.apiUrl());
        System.out.println("WEBEX_API_TOKEN=" + sandbox.botToken());
        System.out.println("WEBEX_SANDBOX_URL=" + sandbox.baseUrl());
        System.out.println("WEBEX_BOT_EMAIL=" + options.getBotEmail());
        System.out.flush();
        stopped.await();
    }

    /**
     * Without a configuration file logback logs everything at DEBUG, which alone would cap a benchmark;
     * an explicit -Dlogback.configurationFile still wins.
     */
    private static void quietLogging() {
        if (System.getProperty("logback.configurationFile") != null) {
            return;
        }
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.INFO);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.netty")).setLevel(Level.WARN);
        }
    }

    private static void usage(String problem) {
        System.err.println("webex sandbox: " + problem);
        System.err.println("usage: SandboxMain [--port N] [--host H] [--token T] [--bot-email E] [--bot-name N]");
        System.exit(2);
    }
}
