package io.github.webexcamel.gateway.state;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several queues, one writer thread: each queue's rows reach its own sink in order, and a close loses none. */
class WriteBehindTest {

    @Test
    void oneThreadWritesEveryQueueInBatchesAndACloseWritesWhatWaits() {
        List<String> audit = new CopyOnWriteArrayList<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> writers = new CopyOnWriteArrayList<>();
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (WriteBehind<String> first = new WriteBehind<>("audit", rows -> {
            writers.add(Thread.currentThread().getName());
            batches.add(rows.size());
            audit.addAll(rows);
        }); WriteBehind<String> second = new WriteBehind<>("handled event", rows -> {
            writers.add(Thread.currentThread().getName());
            handled.addAll(rows);
        })) {
            for (int i = 0; i < 50; i++) {
                first.add("a" + i);
                second.add("h" + i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> audit.size() == 50 && handled.size() == 50);
            assertThat(writers).as("written off the callers' thread, by one").containsOnly("StateWriter");
            assertThat(batches.size()).as("in batches, not a transaction per row").isLessThan(50);
            assertThat(audit).first().isEqualTo("a0");
            assertThat(audit).last().isEqualTo("a49");

            first.add("last");
            first.close();
            assertThat(audit).as("a close writes what waits").endsWith("last");
        }
        // with its queues closed the writer may have ended (none other open): a queue opened now is still written
        List<String> later = new CopyOnWriteArrayList<>();
        try (WriteBehind<String> again = new WriteBehind<>("audit", later::addAll)) {
            again.add("x");
            await().atMost(Duration.ofSeconds(5)).until(() -> later.contains("x"));
        }
    }

    @Test
    void aSinkThatFailsDoesNotStopTheOtherQueues() {
        List<String> written = new CopyOnWriteArrayList<>();
        try (WriteBehind<String> broken = new WriteBehind<>("broken", rows -> {
            throw new IllegalStateException("the store refused the batch");
        }); WriteBehind<String> healthy = new WriteBehind<>("healthy", written::addAll)) {
            broken.add("lost, and logged");
            healthy.add("kept");
            await().atMost(Duration.ofSeconds(5)).until(() -> written.contains("kept"));
            healthy.add("still kept");
            await().atMost(Duration.ofSeconds(5)).until(() -> written.contains("still kept"));
        }
    }
}
