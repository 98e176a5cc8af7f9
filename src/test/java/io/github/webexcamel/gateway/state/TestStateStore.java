package io.github.webexcamel.gateway.state;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A fresh, migrated in-memory state store for unit tests. */
public final class TestStateStore {

    private TestStateStore() {
    }

    public static JdbcTemplate memory() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("gateway_schema_history")
                .load().migrate();
        return new JdbcTemplate(dataSource);
    }
}
