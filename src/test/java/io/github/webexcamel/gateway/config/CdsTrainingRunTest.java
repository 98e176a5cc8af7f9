package io.github.webexcamel.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.webexcamel.gateway.WebexGatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data sharing training run, started as the image, the launcher and the benchmark start it: on the embedded
 * sandbox, it runs until its Webex socket is connected and then exits by itself, cleanly.
 */
class CdsTrainingRunTest {

    @TempDir
    Path dir;

    @Test
    void theTrainingRunExitsOnceTheSocketIsConnected() throws Exception {
        Path log = dir.resolve("training.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                WebexGatewayApplication.class.getName(), "--webex.cds-training=true", "--webex.sandbox.dev-console=false",
                "--server.port=0", "--management.server.port=0", "--webex.sandbox.port=0",
                "--webex.state.file=" + dir.resolve("state/gateway"), "--webex.state.checkpoint-file=" + dir.resolve("state/checkpoint"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the sandbox, as in a build: no token, whatever this machine's environment holds
        builder.environment().keySet().removeIf(name -> name.startsWith("WEBEX_"));
        Process training = builder.start();
        try {
            assertThat(training.waitFor(90, TimeUnit.SECONDS)).as("the training run exits by itself; its log: %s", log).isTrue();
            assertThat(training.exitValue()).isZero();
            List<String> lines = Files.readAllLines(log);
            int connected = indexOf(lines, "Mercury socket connected and authorised");
            int exiting = indexOf(lines, "Class data sharing training run: connected, exiting");
            assertThat(connected).as("connected first").isNotNegative();
            assertThat(exiting).as("then exits").isGreaterThan(connected);
            assertThat(lines).noneMatch(line -> line.contains(" ERROR "));
        } finally {
            training.destroyForcibly();
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
