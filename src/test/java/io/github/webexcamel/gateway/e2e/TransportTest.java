package io.github.webexcamel.gateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.fakes.TestHttp;
import io.github.webexcamel.gateway.fakes.TestPorts;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.webexcamel.gateway.hooks.NotificationFiles;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the gateway reaches Webex in a real network: https and wss checked against the JVM trust store (set
 * with -Djavax.net.ssl.trustStore, so those gateways run in a child JVM; a certificate it does not trust is
 * refused and named), everything through an HTTP proxy when one is set, and a Webex that is not reachable
 * yet when the gateway starts.
 */
class TransportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD = "sandbox-test";

    @TempDir
    static Path dir;
    private static Path trustStore;
    private static Path keyStore;
    private static Vertx vertx;

    @BeforeAll
    static void certificates() throws Exception {
        vertx = Vertx.vertx();
        keyStore = dir.resolve("server.p12");
        trustStore = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.crt");
        keytool("-genkeypair", "-alias", "sandbox", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "sandbox", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "sandbox", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void httpsAndWssTrustedThroughTheJvmTrustStore() throws Exception {
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0).setTls(keyStore, PASSWORD))) {
            sandbox.start();
            assertThat(sandbox.u2cUrl()).startsWith("https://");
            Process gateway = childGateway(sandbox, "tls", true);
            try {
                await().atMost(TIMEOUT).until(() -> sandbox.connectedSockets() > 0);
                assertThat(sandbox.devices().get(0).path("webSocketUrl").asText()).startsWith("wss://");
                assertEchoes(sandbox, "nora@example.com", "over wss");
            } finally {
                stop(gateway);
            }
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefusedAndNamed() throws Exception {
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0).setTls(keyStore, PASSWORD))) {
            sandbox.start();
            Process gateway = childGateway(sandbox, "untrusted", false);
            try {
                Path log = dir.resolve("untrusted-gateway.log");
                await().atMost(TIMEOUT).until(() -> Files.exists(log) && Files.readString(log).contains("not reachable yet"));
                assertThat(Files.readString(log)).contains("certificate is not trusted").contains("javax.net.ssl.trustStore");
                assertThat(gateway.isAlive()).as("the gateway keeps trying, it does not exit").isTrue();
                assertThat(sandbox.devices()).isEmpty();
            } finally {
                stop(gateway);
            }
        }
    }

    @Test
    void everythingGoesThroughTheProxyWithTheCredentialsOfItsUrl() throws Exception {
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0));
             TestProxy proxy = new TestProxy(vertx, "gw", "p@ss:word");
             ConfigurableApplicationContext gateway = gateway(sandbox,
                     "--camel.component.webex.proxy-url=" + proxy.url().replace("http://", "http://gw:p%40ss%3Aword@"))) {
            assertEchoes(sandbox, "olaf@example.com", "via the proxy");
            String sandboxHost = sandbox.baseUrl().substring("http://".length());
            assertThat(proxy.requestLines()).allMatch(line -> line.contains(sandboxHost))
                    .anyMatch(line -> line.startsWith("GET " + sandbox.u2cUrl() + "/catalog"))
                    .anyMatch(line -> line.startsWith("POST " + sandbox.apiUrl() + "/messages"))
                    .as("the Mercury socket").anyMatch(line -> line.startsWith("CONNECT "));
        }
    }

    @Test
    void wssThroughTheProxyIsATunnel() throws Exception {
        try (WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0).setTls(keyStore, PASSWORD));
             TestProxy proxy = new TestProxy(vertx)) {
            sandbox.start();
            Process gateway = childGateway(sandbox, "tls-proxy", true, "--camel.component.webex.proxy-url=" + proxy.url());
            try {
                await().atMost(TIMEOUT).until(() -> sandbox.connectedSockets() > 0);
                assertEchoes(sandbox, "petra@example.com", "tunnelled");
                // the proxy sees only where to, never a request: TLS runs end to end through CONNECT
                assertThat(proxy.requestLines()).isNotEmpty().allMatch(line -> line.startsWith("CONNECT "));
            } finally {
                stop(gateway);
            }
        }
    }

    /**
     * Webex down while the gateway starts: it starts anyway, not ready (the socket is not authorised) but live (a
     * restart cannot bring Webex back), and connects, and turns ready, once Webex is there.
     */
    @Test
    void startsWhileWebexIsUnreachableAndConnectsOnceItIs() throws Exception {
        int port = TestPorts.unused();
        String token = "unreachable_us_" + java.util.UUID.randomUUID();
        SandboxOptions options = new SandboxOptions().setPort(port).setBotToken(token);
        String base = "http://127.0.0.1:" + port;
        // the start-up waits for Webex here for seconds, while the notification files' watcher already ticks
        Logger watcher = (Logger) LoggerFactory.getLogger(NotificationFiles.class);
        ListAppender<ILoggingEvent> watched = new ListAppender<>();
        watched.start();
        watcher.addAppender(watched);
        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(WebexGatewayApplication.class).run(
                "--camel.component.webex.token=" + token, "--webex.access.open=true", "--management.server.port=0",
                "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0", "--camel.component.webex.api-url=" + base + "/v1", "--camel.component.webex.u2c-url=" + base + "/u2c/api/v1",
                "--server.port=0", "--webex.state.store=memory", "--webex.state.checkpoint-file=",
                "--camel.component.webex.reconnect-max-delay=2s")) {
            WebexComponent webex = gateway.getBean(WebexComponent.class);
            assertThat(webex.consumers()).hasSize(1);
            assertThat(webex.consumers().get(0).state()).isEqualTo(MercuryState.STARTING);
            assertThat(webex.consumers().get(0).startupProblem()).contains("people/me");
            String probes = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.management.port") + "/actuator/health/";
            assertThat(TestHttp.get(probes + "readiness").statusCode()).isEqualTo(503);
            assertThat(TestHttp.get(probes + "liveness").statusCode()).isEqualTo(200);
            // with a token (not sandbox mode) Camel's developer console is not served
            assertThat(TestHttp.get(probes.replace("health/", "camel/routes")).statusCode()).isEqualTo(404);
            // the shipped notification files the start-up loaded are not loaded again when the watcher first looks
            // (they were, while Camel still started the routes, which could fail the start-up with an NPE in Camel)
            Thread.sleep(2_500);
            assertThat(watched.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            try (WebexSandbox sandbox = new WebexSandbox(vertx, options)) {
                sandbox.start();
                await().atMost(TIMEOUT).until(() -> webex.consumers().get(0).state() == MercuryState.CONNECTED);
                await().atMost(TIMEOUT).until(() -> TestHttp.get(probes + "readiness").statusCode() == 200);
                assertThat(TestHttp.get(probes + "liveness").statusCode()).isEqualTo(200);
                assertEchoes(sandbox, "quinn@example.com", "better late");
            }
        } finally {
            watcher.detachAppender(watched);
        }
    }

    private static Process childGateway(WebexSandbox sandbox, String name, boolean trust, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        if (trust) {
            // as an operator does it
            cmd.addAll(List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                    "-Djavax.net.ssl.trustStoreType=PKCS12"));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), WebexGatewayApplication.class.getName()));
        cmd.addAll(arguments(sandbox));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + "-gateway.log").toFile())
                .start();
    }

    private static void stop(Process gateway) throws InterruptedException {
        gateway.destroy();
        if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
            gateway.destroyForcibly().waitFor();
        }
    }

    private static ConfigurableApplicationContext gateway(WebexSandbox sandbox, String... extra) {
        sandbox.start();
        List<String> args = new ArrayList<>(arguments(sandbox));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(WebexGatewayApplication.class).run(args.toArray(String[]::new));
    }

    private static List<String> arguments(WebexSandbox sandbox) {
        return List.of("--camel.component.webex.token=" + sandbox.botToken(), "--webex.access.open=true", "--management.server.port=0",
                "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0", "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--webex.state.store=memory",
                "--webex.state.checkpoint-file=");
    }

    private static void assertEchoes(WebexSandbox sandbox, String user, String text) {
        String room = sandbox.directRoom(user).path("id").asText();
        sandbox.userPost(user, room, "/echo " + text, null, false);
        await().atMost(TIMEOUT).until(() -> sandbox.messages(room).stream()
                .anyMatch(m -> sandbox.botEmail().equals(m.path("personEmail").asText()) && text.equals(m.path("text").asText())));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
