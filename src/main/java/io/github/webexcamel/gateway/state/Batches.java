package io.github.webexcamel.gateway.state;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A batch of rows in one transaction: one commit for the batch, not one per row (what autocommit would do). */
public final class Batches {

    private Batches() {
    }

    /**
     * @param types the {@link java.sql.Types} of the columns: with them a null is bound as what it is, where without
     *              them the driver is asked for each null's parameter metadata, on every row
     */
    public static void insert(JdbcTemplate jdbc, String sql, List<Object[]> rows, int[] types) {
        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()))
                .executeWithoutResult(status -> jdbc.batchUpdate(sql, rows, types));
    }
}
