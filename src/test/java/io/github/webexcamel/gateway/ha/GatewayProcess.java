package io.github.webexcamel.gateway.ha;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.webexcamel.gateway.WebexGatewayApplication;
import io.github.webexcamel.gateway.fakes.TestHttp;
import io.github.webexcamel.gateway.fakes.TestPorts;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;

/** One gateway replica in a JVM of its own, as an operator runs it: killed, stopped and restarted like one. */
final class GatewayProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final int managementPort;
    private Process process;

    GatewayProcess(String name, WebexSandbox sandbox, Path dir, List<String> options) throws IOException {
        this.name = name;
        this.log = dir.resolve(name + ".log");
        this.managementPort = freePort();
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-cp",
                System.getProperty("java.class.path"), WebexGatewayApplication.class.getName(),
                "--camel.component.webex.token=" + sandbox.botToken(), "--camel.component.webex.api-url=" + sandbox.apiUrl(),
                "--camel.component.webex.u2c-url=" + sandbox.u2cUrl(), "--server.port=0", "--management.server.port=" + managementPort,
                "--webex.access.open=true", "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0",
                "--logging.level.io.github.webexcamel.gateway.audit=WARN"));
        command.addAll(options);
    }

    static int freePort() {
        return TestPorts.unused();
    }

    /** An environment variable of the replica, as a pod spec or a unit file would set it (takes effect at start). */
    GatewayProcess env(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    GatewayProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        return this;
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** leader, follower, or null while it does not answer. */
    String role() {
        try {
            JsonNode info = TestHttp.getJson("http://127.0.0.1:" + managementPort + "/actuator/info");
            return info.path("webex").path("role").asText(null);
        } catch (RuntimeException | AssertionError notUp) {
            return null;
        }
    }

    /** What a kubelet's readiness probe sees: 200 from the readiness group, within the probe's timeout. */
    boolean ready() {
        try {
            return TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    int liveness() {
        try {
            return TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/health/liveness").statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no device deletion, claims left behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop a deploy or a scale-down sends. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            kill();
        }
    }
}
