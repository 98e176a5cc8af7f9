package io.github.webexcamel.gateway.state;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

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

    @Test
    void theWriterKeepsOneConnectionToAnEmbeddedStoreAndABatchThatFailsCostsOnlyThatBatch() {
        try (HikariDataSource store = embedded()) {
            JdbcTemplate jdbc = new JdbcTemplate(store);
            jdbc.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)");
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Consumer<List<Integer>> sink = rows -> {
                try {
                    Batches.insert(store, "INSERT INTO t (id, v) VALUES (?, ?)", rows, (statement, id) -> {
                        statement.setInt(1, id);
                        statement.setString(2, "row " + id);
                    });
                } catch (RuntimeException e) {
                    failures.add(e);
                    throw e;
                }
            };
            try (WriteBehind<Integer> rows = new WriteBehind<>("test rows", sink)) {
                for (int tick = 0; tick < 5; tick++) {
                    for (int i = 0; i < 10; i++) {
                        rows.add(tick * 10 + i);
                    }
                    int expected = (tick + 1) * 10;
                    await().atMost(Duration.ofSeconds(5)).until(() -> count(jdbc) == expected);
                }
                assertThat(store.getHikariPoolMXBean().getActiveConnections())
                        .as("between its ticks the writer keeps its connection (and its prepared statement)").isEqualTo(1);

                rows.add(7); // already there: the batch fails, is logged, and nothing of it is committed
                await().atMost(Duration.ofSeconds(5)).until(() -> !failures.isEmpty());
                rows.add(50);
                rows.add(51);
                await().atMost(Duration.ofSeconds(5)).until(() -> count(jdbc) == 52);
                assertThat(jdbc.queryForObject("SELECT v FROM t WHERE id = 51", String.class)).isEqualTo("row 51");
            }
        }
        // the store closed under the writer's held connection; a store opened later is written all the same
        try (HikariDataSource next = embedded()) {
            JdbcTemplate jdbc = new JdbcTemplate(next);
            jdbc.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)");
            try (WriteBehind<Integer> rows = new WriteBehind<>("test rows", batch ->
                    Batches.insert(next, "INSERT INTO t (id, v) VALUES (?, ?)", batch, (statement, id) -> {
                        statement.setInt(1, id);
                        statement.setString(2, "again");
                    }))) {
                rows.add(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> count(jdbc) == 1);
            }
        }
    }

    private static HikariDataSource embedded() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:write-behind-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(3);
        return new HikariDataSource(config);
    }

    private static int count(JdbcTemplate jdbc) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM t", Integer.class);
        return n == null ? 0 : n;
    }
}
