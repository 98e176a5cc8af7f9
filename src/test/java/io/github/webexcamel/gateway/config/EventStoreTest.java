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

    @Test
    void aLongFileIsCutToTheNewestIdsTheCacheCanHold(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.dat");
        java.util.List<String> ids = java.util.stream.IntStream.range(0, 250).mapToObj(i -> "event-" + i).toList();
        java.nio.file.Files.write(file, ids);
        EventStoreConfiguration.CachedFileIdempotentRepository store =
                new EventStoreConfiguration.CachedFileIdempotentRepository(file.toFile(), 100);
        store.start();
        assertThat(store.contains("event-249")).isTrue();
        assertThat(store.contains("event-150")).isTrue();
        assertThat(store.contains("event-149")).as("older than the cache holds").isFalse();
        assertThat(java.nio.file.Files.readAllLines(file)).hasSize(100).startsWith("event-150").endsWith("event-249");
        assertThat(store.add("event-250")).isTrue();
        store.stop();

        EventStoreConfiguration.CachedFileIdempotentRepository again =
                new EventStoreConfiguration.CachedFileIdempotentRepository(file.toFile(), 100);
        again.start();
        assertThat(again.contains("event-250")).as("added after the cut, kept across a restart").isTrue();
        assertThat(again.contains("event-151")).isTrue();
        again.stop();
    }

    /** Written at once (a crash right after loses nothing), and still written after Camel rewrites the file. */
    @Test
    void eachIdIsOnDiskWhenAddedAndAfterTheFileIsRewritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.dat");
        EventStoreConfiguration.CachedFileIdempotentRepository store =
                new EventStoreConfiguration.CachedFileIdempotentRepository(file.toFile());
        store.start();
        store.add("event-a");
        store.add("event-b");
        assertThat(java.nio.file.Files.readAllLines(file)).containsExactly("event-a", "event-b");
        store.remove("event-a");
        store.add("event-c");
        assertThat(java.nio.file.Files.readAllLines(file)).containsExactly("event-b", "event-c");
        store.clear();
        store.add("event-d");
        assertThat(java.nio.file.Files.readAllLines(file)).containsExactly("event-d");
        store.stop();
    }
}
