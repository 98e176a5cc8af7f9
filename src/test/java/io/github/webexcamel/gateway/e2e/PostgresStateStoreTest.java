package io.github.webexcamel.gateway.e2e;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.webexcamel.gateway.state.Batches;
import io.github.webexcamel.gateway.state.EventClaims;
import io.github.webexcamel.gateway.state.WriteBehind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway on PostgreSQL (webex.state.store=jdbc): Flyway creates the schema, and handled events, the checkpoint,
 * /chat settings and the audit log land there. Needs PostgreSQL on 127.0.0.1:5432 (database "test", user "postgres",
 * trust auth): CI starts it; elsewhere the test is skipped with a message when it is not running. Each run uses a
 * schema of its own; the next run drops it.
 */
@TestPropertySource(properties = { "webex.state.store=jdbc", "webex.state.jdbc-user=postgres" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresStateStoreTest extends GatewayTestSupport {

    static final String BASE = System.getenv().getOrDefault("WEBEX_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Autowired
    JdbcTemplate webexStateJdbc;
    @Autowired
    EventClaims claims;

    /** Skips (outside CI) or fails (in CI) when nothing listens on 5432; creates this run's schema. */
    static void requirePostgres(String schema) throws Exception {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            up = true;
        } catch (Exception e) {
            up = false;
        }
        if (!up && System.getenv("CI") != null) {
            throw new AssertionError("CI must run the PostgreSQL tests, but nothing listens on 127.0.0.1:5432");
        }
        Assumptions.assumeTrue(up, "PostgreSQL is not running on 127.0.0.1:5432: skipping the PostgreSQL state store test");
        try (Connection c = DriverManager.getConnection(BASE, "postgres", "")) {
            // schemas of earlier runs (their gateway may have run until the JVM ended, so they were not dropped then)
            List<String> old = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'gw\\_%' AND nspname <> '" + schema + "'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String name : old) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
            c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
    }

    @BeforeAll
    static void postgres() throws Exception {
        requirePostgres(SCHEMA);
    }

    @DynamicPropertySource
    static void url(DynamicPropertyRegistry registry) {
        registry.add("webex.state.jdbc-url", () -> BASE + "?currentSchema=" + SCHEMA);
    }

    @Test
    void eventsSettingsAndTheAuditLogAreKeptInPostgres() {
        String user = newUser();
        ObjectNode request = say(user, "/echo stored");
        String room = request.path("roomId").asText();
        awaitBotMessages(room, 1);
        say(user, "/chat");
        ObjectNode card = awaitBotMessage(room, m -> m.path("attachments").size() > 0);
        sandbox.userSubmit(user, card.path("id").asText(), Map.of("command", "/chat", "action", "save",
                "model", "other-model", "temperature", "0.5", "systemPrompt", "be brief"));
        awaitBotMessage(room, m -> text(m).startsWith("Chat settings saved"));

        assertThat(webexStateJdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo(SCHEMA);
        assertThat(claims.contains(request.path("id").asText())).isTrue();
        assertThat(webexStateJdbc.queryForObject("SELECT COUNT(*) FROM webex_events WHERE event_id = ? AND done = TRUE",
                Integer.class, request.path("id").asText())).isEqualTo(1);
        assertThat(webexStateJdbc.queryForObject("SELECT settings FROM chat_settings WHERE room_id = ?", String.class, room))
                .contains("other-model");
        assertThat(webexStateJdbc.queryForList("SELECT decision FROM audit_log WHERE person_email = ? AND keyword = 'echo'",
                String.class, user)).containsExactly("allowed");
        assertThat(webexStateJdbc.queryForObject("SELECT COUNT(*) FROM gateway_schema_history WHERE success", Integer.class))
                .isPositive();
    }

    /**
     * The state writer keeps its connection to an embedded store between ticks (WriteBehindTest), but borrows one per
     * batch from PostgreSQL's pool: a connection over the network can break while held, and the pool checks one it
     * lends.
     */
    @Test
    void theStateWriterDoesNotHoldAPostgresConnectionBetweenBatches() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(BASE + "?currentSchema=" + SCHEMA);
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("CREATE TABLE writer_rows (id INT PRIMARY KEY)");
            try (WriteBehind<Integer> rows = new WriteBehind<>("test rows", batch -> Batches.insert(pool,
                    "INSERT INTO writer_rows (id) VALUES (?)", batch, (statement, id) -> statement.setInt(1, id)))) {
                for (int tick = 0; tick < 3; tick++) {
                    for (int i = 0; i < 10; i++) {
                        rows.add(tick * 10 + i);
                    }
                    int expected = (tick + 1) * 10;
                    await().atMost(Duration.ofSeconds(5)).until(() ->
                            jdbc.queryForObject("SELECT COUNT(*) FROM writer_rows", Integer.class) == expected);
                }
                // nothing waits: the writer's next ticks borrow nothing, and what it borrowed is back
                for (int sample = 0; sample < 5; sample++) {
                    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
                    Thread.sleep(60);
                }
            }
        }
    }
}
