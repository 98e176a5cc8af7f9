package io.github.webexcamel.gateway.config;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded event store keeps handled ids across a restart without rescanning its file per event. */
class EventStoreTest {

    @Test
    void handledIdsSurviveARestart(@TempDir Path dir) throws Exception {
        EventStoreConfiguration.CachedFileIdempotentRepository before =
                new EventStoreConfiguration.CachedFileIdempotentRepository(dir.resolve("events.dat").toFile());
        before.start();
        assertThat(before.add("event-1")).isTrue();
        assertThat(before.add("event-1")).as("a duplicate in the same run").isFalse();
        before.stop();

        EventStoreConfiguration.CachedFileIdempotentRepository after =
                new EventStoreConfiguration.CachedFileIdempotentRepository(dir.resolve("events.dat").toFile());
        after.start();
        assertThat(after.contains("event-1")).as("after a restart").isTrue();
        assertThat(after.add("event-1")).isFalse();
        assertThat(after.add("event-2")).isTrue();
        after.stop();
    }
}
