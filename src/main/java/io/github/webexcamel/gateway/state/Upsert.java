package io.github.webexcamel.gateway.state;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Update, else insert, else (another replica inserted in between) update: portable across H2 and PostgreSQL,
 * which spell a native upsert differently.
 */
public final class Upsert {

    private Upsert() {
    }

    public static void run(JdbcTemplate jdbc, String update, Object[] updateArgs, String insert, Object[] insertArgs) {
        if (jdbc.update(update, updateArgs) > 0) {
            return;
        }
        try {
            jdbc.update(insert, insertArgs);
        } catch (DuplicateKeyException raced) {
            jdbc.update(update, updateArgs);
        }
    }
}
