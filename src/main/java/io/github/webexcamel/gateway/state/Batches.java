package io.github.webexcamel.gateway.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.UncategorizedSQLException;

/**
 * A batch of rows in one transaction: one commit for the batch, not one per row (what autocommit would do).
 *
 * <p>Plain JDBC with typed setters: the audit writer inserts a row per command, and Spring's generic binding (a type
 * look-up and a trace check per column, a transaction manager per batch) was a third of that writer's CPU.
 */
public final class Batches {

    /** Binds one row's columns with the setter of each column's type (a null with {@code setNull} and its type). */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    private Batches() {
    }

    public static <T> void insert(DataSource dataSource, String sql, List<T> rows, Binder<T> binder) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(statement, row);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new UncategorizedSQLException("batch insert", sql, e);
        }
    }

    /** A nullable text column. */
    public static void setString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** A nullable BIGINT column. */
    public static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** A nullable INTEGER column. */
    public static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
