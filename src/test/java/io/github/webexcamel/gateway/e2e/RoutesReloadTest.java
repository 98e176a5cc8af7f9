package io.github.webexcamel.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.fakes.TestHttp;
import io.github.webexcamel.gateway.reply.CardTemplates;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command file added, changed, broken and removed while the gateway runs: each change takes effect within
 * two seconds without a restart, /api/commands follows, and a broken file leaves the previous version answering.
 */
class RoutesReloadTest extends GatewayTestSupport {

    /** What #13 asks: a change to a command file or a card takes effect within 2 s, without a restart. */
    private static final Duration WITHIN = Duration.ofSeconds(2);

    private static final Path ROUTES = temporaryRoutes();

    @Autowired
    private CardTemplates cards;

    private static Path temporaryRoutes() {
        try {
            Path dir = Files.createTempDirectory("gateway-routes-");
            Files.createDirectories(dir.resolve("commands"));
            Files.createDirectories(dir.resolve("cards"));
            try (var cards = Files.newDirectoryStream(Path.of("routes/cards"), "*.json")) {
                for (Path card : cards) {
                    Files.copy(card, dir.resolve("cards").resolve(card.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/gateway/*.camel.yaml,file:routes/commands/*.camel.yaml,"
                + "classpath:test-routes/*.camel.yaml,file:" + ROUTES + "/commands/*.camel.yaml");
        registry.add("camel.main.routes-reload-directory", () -> ROUTES.resolve("commands").toString());
        registry.add("webex.cards-dir", () -> ROUTES.resolve("cards").toString());
    }

    private static String command(String answer) {
        return command(answer, "");
    }

    private static String command(String answer, String roles) {
        return """
                - route:
                    id: command-hello
                    group: commands
                    description: "/hello — %s"
                    from:
                      uri: command:hello
                      parameters:
                        roles: "%s"
                      steps:
                        - setBody:
                            constant: "%s"
                        - to: direct:webex-reply
                """.formatted(answer, roles, answer);
    }

    private static void write(String name, String content) throws IOException {
        write("commands", name, content);
    }

    private static void write(String folder, String name, String content) throws IOException {
        // written next to it and moved in, as an editor or a ConfigMap update does: never half a file
        Path tmp = ROUTES.resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, ROUTES.resolve(folder).resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String card(String text) {
        return """
                {"type": "AdaptiveCard", "version": "1.3", "body": [{"type": "TextBlock", "text": "%s"}]}
                """.formatted(text);
    }

    /** The text the template greet renders now, "" while there is none. */
    private String cardText() {
        return cards.names().contains("greet") ? cards.render("greet", null).path("body").path(0).path("text").asText("") : "";
    }

    private String cardTextOf(String user, String command) {
        String room = say(user, command).path("roomId").asText();
        return await().atMost(Duration.ofSeconds(10)).until(() -> botMessages(room).stream()
                .map(m -> m.path("attachments").path(0).path("content").path("body").path(0).path("text").asText(null))
                .filter(t -> t != null).reduce((a, b) -> b).orElse(null), t -> t != null);
    }

    private String answerTo(String user, String text) {
        // counted before the message goes: a quick answer must not be taken for the one before it
        String room = sandbox.directRoom(user).path("id").asText();
        int before = botMessages(room).size();
        say(user, text);
        return await().atMost(Duration.ofSeconds(10)).until(() -> botMessages(room).size() > before ? text(botMessages(room).get(botMessages(room).size() - 1)) : null,
                answer -> answer != null);
    }

    private JsonNode commandList() throws Exception {
        return new ObjectMapper().readTree(TestHttp.get("http://127.0.0.1:" + serverPort + "/api/commands").body());
    }

    private boolean listed(String keyword, String description) throws Exception {
        for (JsonNode c : commandList()) {
            if (c.path("keyword").asText().equals("/" + keyword) && c.path("description").asText().contains(description)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aCommandFileTakesEffectWhenAddedChangedAndRemovedAndABrokenOneChangesNothing() throws Exception {
        String user = newUser();
        write("hello.camel.yaml", command("hello, first version"));
        await().atMost(WITHIN).until(() -> listed("hello", "first version"));
        assertThat(answerTo(user, "/hello")).isEqualTo("hello, first version");
        assertThat(answerTo(user, "/help")).contains("/hello");
        // the new command is timed like the shipped ones
        await().atMost(WITHIN).until(() -> MetricsTest.sum(prometheus(), "camel_route_policy_seconds_count",
                Map.of("command", "hello")) >= 1);

        write("hello.camel.yaml", command("hello, second version"));
        await().atMost(WITHIN).until(() -> listed("hello", "second version"));
        assertThat(answerTo(user, "/hello")).isEqualTo("hello, second version");

        // who may run it follows the file too
        write("hello.camel.yaml", command("hello, for the sre role", "sre"));
        await().atMost(WITHIN).until(() -> listed("hello", "for the sre role"));
        assertThat(answerTo(user, "/hello")).isEqualTo("You need the role sre to run /hello.");
        write("hello.camel.yaml", command("hello, second version"));
        await().atMost(WITHIN).until(() -> listed("hello", "second version"));

        Logger watcher = (Logger) LoggerFactory.getLogger("org.apache.camel.support.FileWatcherResourceReloadStrategy");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        watcher.addAppender(log);
        try {
            write("hello.camel.yaml", "- route:\n    id: command-hello\n    from:\n      uri: command:hello\n      steps: [ this is not yaml\n");
            // the operator is told which file, and (in its cause) which line
            await().atMost(WITHIN).until(() -> log.list.stream().anyMatch(e ->
                    e.getFormattedMessage().contains("hello.camel.yaml") && causes(e.getThrowableProxy()).contains("line 5")));
        } finally {
            watcher.detachAppender(log);
        }
        assertThat(answerTo(user, "/hello")).isEqualTo("hello, second version");

        Files.delete(ROUTES.resolve("commands/hello.camel.yaml"));
        await().atMost(WITHIN).until(() -> !listed("hello", "version"));
        assertThat(answerTo(user, "/hello")).doesNotContain("version");
        assertThat(answerTo(user, "/help")).doesNotContain("/hello");
        assertThat(prometheus()).as("a deleted command's meters go with it").doesNotContain("command=\"hello\"");
    }

    private String prometheus() {
        return TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/prometheus").body();
    }

    private static String causes(IThrowableProxy error) {
        StringBuilder all = new StringBuilder();
        for (IThrowableProxy e = error; e != null; e = e.getCause()) {
            all.append(e.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void aCardTemplateTakesEffectWhenAddedAndChangedAndABrokenOneChangesNothing() throws Exception {
        write("greet.camel.yaml", """
                - route:
                    id: command-greet
                    group: commands
                    description: "/greet — a card"
                    from:
                      uri: command:greet
                      steps:
                        - setVariable:
                            name: webexCard
                            constant: greet
                        - to: direct:webex-reply
                """);
        write("cards", "greet.json", card("Greetings, first card"));
        await().atMost(WITHIN).until(() -> listed("greet", "a card") && cardText().equals("Greetings, first card"));
        assertThat(cardTextOf(newUser(), "/greet")).isEqualTo("Greetings, first card");

        write("cards", "greet.json", card("Greetings, second card"));
        await().atMost(WITHIN).until(() -> cardText().equals("Greetings, second card"));
        assertThat(cardTextOf(newUser(), "/greet")).isEqualTo("Greetings, second card");

        // not an Adaptive Card Webex renders (no type): refused, the second card stays
        write("cards", "greet.json", "{\"version\": \"1.3\", \"body\": []}");
        Thread.sleep(2500);
        assertThat(cardTextOf(newUser(), "/greet")).isEqualTo("Greetings, second card");
    }
}
