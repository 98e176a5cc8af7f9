package io.github.webexcamel.gateway.chaos;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL event store (webex.state.store=jdbc) keeps handled events across a restart and across
 * gateways sharing one bot. Needs PostgreSQL on 127.0.0.1:5432 (database "test", user "postgres", trust
 * auth): CI starts it; elsewhere the test is skipped with a message when it is not running.
 */
class PostgresEventStoreTest {

    private static final String URL = System.getenv().getOrDefault("WEBEX_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    @BeforeAll
    static void postgresRunning() {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            up = true;
        } catch (Exception e) {
            up = false;
        }
        if (!up && System.getenv("CI") != null) {
            throw new AssertionError("CI must run the PostgreSQL store test, but nothing listens on 127.0.0.1:5432");
        }
        Assumptions.assumeTrue(up, "PostgreSQL is not running on 127.0.0.1:5432: skipping the PostgreSQL event store test");
    }

    @Test
    void handledEventsSurviveARestartAndAreSharedBetweenGateways() throws Exception {
        String event = "Y2lzY29zcGFyazovL3VzL01FU1NBR0Uvevent-" + UUID.randomUUID();
        try (HikariDataSource first = dataSource(); HikariDataSource second = dataSource()) {
            JdbcMessageIdRepository before = new JdbcMessageIdRepository(first, "webex-events");
            before.start();
            assertThat(before.add(event)).as("first time").isTrue();
            assertThat(before.add(event)).as("second time, same gateway").isFalse();
            before.stop();

            JdbcMessageIdRepository after = new JdbcMessageIdRepository(second, "webex-events");
            after.start();
            assertThat(after.contains(event)).as("after a restart").isTrue();
            assertThat(after.add(event)).isFalse();
            after.stop();
        }
    }

    private static HikariDataSource dataSource() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(URL);
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(2);
        return ds;
    }
}
