package io.github.webexcamel.gateway.sandbox;

import io.vertx.core.Vertx;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sandbox in its own JVM (benchmarks, manual play). Prints {@code KEY=value} lines on stdout so
 * a parent process can pick up the URLs and the bot token, then runs until killed.
 *
 * <p>Options: {@code --port N} (default 7070, 0 = any), {@code --host H}, {@code --token T},
 * {@code --bot-email E}, {@code --bot-name N}, {@code --tls-keystore P12 --tls-password PW} (https and wss).
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
                case "--tls-keystore" -> options.setTls(Path.of(value), options.getTlsKeyStorePassword());
                case "--tls-password" -> options.setTls(options.getTlsKeyStore(), value);
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
     * Without a configuration file logback logs everything at DEBUG to stdout, which would both cap a
     * benchmark and mix with the KEY=value lines a parent process parses; so INFO, on stderr. An
     * explicit -Dlogback.configurationFile still wins.
     */
    private static void quietLogging() {
        if (System.getProperty("logback.configurationFile") != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
        root.setLevel(Level.INFO);
        context.getLogger("io.netty").setLevel(Level.WARN);
    }

    private static void usage(String problem) {
        System.err.println("webex sandbox: " + problem);
        System.err.println("usage: SandboxMain [--port N] [--host H] [--token T] [--bot-email E] [--bot-name N]"
                + " [--tls-keystore P12 --tls-password PW]");
        System.exit(2);
    }
}
