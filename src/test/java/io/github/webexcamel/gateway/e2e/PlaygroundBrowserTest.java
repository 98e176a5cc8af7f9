package io.github.webexcamel.gateway.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the playground in headless Chromium (playwright-core from the playground's npm packages, Debian's
 * chromium): /help, a click on the help card's button, the /chat form submit — each answered by the real
 * gateway through the sandbox. Saves target/playground.png. Outside CI a missing Chromium skips the test.
 */
class PlaygroundBrowserTest extends GatewayTestSupport {

    @LocalServerPort
    int port;

    @Test
    void helpCardButtonAndChatFormWorkInARealBrowser() throws Exception {
        run(port, "playground.png");
    }

    /**
     * Runs playground/e2e/playground.e2e.mjs against the gateway on {@code port} (/help, its button, the /chat form,
     * and what {@code more} asks for); aborts the test when Chromium or the playground's npm packages are missing
     * outside CI.
     */
    static void run(int port, String screenshotName, String... more) throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
        boolean ci = System.getenv("CI") != null;
        if (!new File(chromium).canExecute()) {
            if (ci) {
                throw new AssertionError("CI must run the browser test, but Chromium is not at " + chromium);
            }
            Assumptions.abort("Chromium not found at " + chromium + " (set CHROMIUM_PATH or apt-get install chromium): "
                    + "skipping the playground browser test");
        }
        Path playwright = Path.of("playground/node_modules/playwright-core");
        Assumptions.assumeTrue(ci || Files.isDirectory(playwright),
                "playground/node_modules is missing (built with -Dplayground.skip=true?): skipping the browser test");
        Path screenshot = Path.of("target/" + screenshotName);
        Files.deleteIfExists(screenshot);
        Path output = Path.of("target/" + screenshotName.replace(".png", "") + "-e2e.log").toAbsolutePath();
        List<String> command = new java.util.ArrayList<>(List.of("node", "e2e/playground.e2e.mjs",
                "http://localhost:" + port + "/", screenshot.toAbsolutePath().toString(), "--help-button=Chat settings",
                "--chat-submit=Save", "--chat-reply=Chat settings saved", "--chat-text=llama3.1", "--timeout=20000"));
        command.addAll(List.of(more));
        Process node = new ProcessBuilder(command)
                .directory(new File("playground")).redirectErrorStream(true)
                // through a file, not inheritIO: Surefire's channel to the forked JVM must not be written to directly
                .redirectOutput(output.toFile()).start();
        boolean finished = node.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }
        System.out.print(Files.readString(output));
        assertThat(finished).as("browser test finished in time").isTrue();
        assertThat(node.exitValue()).as("browser test exit code (its output is above and in " + output + ")").isZero();
        assertThat(screenshot).exists();
    }
}
