package io.github.webexcamel.gateway.hooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notification files' watcher touches no route before the application has started: Camel's supervising route
 * controller may still be starting the routes then, and a route removed and added under it failed the start-up
 * (seen once in CI: an NPE in the controller's start-up summary).
 */
class NotificationFilesTest {

    @Test
    void nothingIsLoadedOrRemovedUntilTheApplicationHasStarted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ping.camel.yaml");
        Files.writeString(file, """
                - route:
                    id: notify-ping
                    from:
                      uri: direct:notify-ping
                      steps:
                        - setBody:
                            constant: pong
                """);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            NotificationFiles files = new NotificationFiles(camel, dir.toString());

            files.refresh();
            assertThat(camel.getRoute("notify-ping")).as("before the application started").isNull();

            files.onApplicationEvent(new ApplicationStartedEvent(new SpringApplication(), new String[0], null, Duration.ZERO));
            files.refresh();
            assertThat(camel.getRoute("notify-ping")).as("the first look after it").isNotNull();
            String answer = camel.createProducerTemplate().requestBody("direct:notify-ping", "ping", String.class);
            assertThat(answer).isEqualTo("pong");

            Files.delete(file);
            files.refresh();
            assertThat(camel.getRoute("notify-ping")).as("a removed file's routes go").isNull();
        }
    }
}
