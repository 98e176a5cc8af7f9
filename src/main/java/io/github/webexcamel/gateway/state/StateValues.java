package io.github.webexcamel.gateway.state;

import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Small named values in the state store (checkpoint, poller positions, generated secrets). */
public class StateValues {

    private final JdbcTemplate jdbc;

    public StateValues(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String name) {
        List<String> rows = jdbc.queryForList("SELECT val FROM gateway_values WHERE name = ?", String.class, name);
        return rows.stream().findFirst();
    }

    public void put(String name, String value) {
        Upsert.run(jdbc, "UPDATE gateway_values SET val = ?, updated_at = ? WHERE name = ?",
                new Object[] { value, System.currentTimeMillis(), name },
                "INSERT INTO gateway_values (name, val, updated_at) VALUES (?, ?, ?)",
                new Object[] { name, value, System.currentTimeMillis() });
    }

    /** Stores the value only if none is there yet; returns the one that is (several replicas may race). */
    public String putIfAbsent(String name, String value) {
        try {
            jdbc.update("INSERT INTO gateway_values (name, val, updated_at) VALUES (?, ?, ?)", name, value,
                    System.currentTimeMillis());
            return value;
        } catch (DuplicateKeyException exists) {
            return get(name).orElse(value);
        }
    }

    public void remove(String name) {
        jdbc.update("DELETE FROM gateway_values WHERE name = ?", name);
    }
}
