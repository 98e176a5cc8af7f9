package io.github.webexcamel.gateway.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
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

    /**
     * The connections a thread keeps to in-process stores between its batches, with their statements prepared once:
     * with H2's cache of parsed queries off (see StateStoreConfiguration), every batch parsed and planned its INSERT
     * again, and a writer that runs ten times a second never had that code compiled before a steady rate began.
     * Only the state writer holds connections ({@link #holdConnections()}), and only to H2: a connection to a database
     * on the network (PostgreSQL) can break while held, and the pool's check on borrowing is what catches that.
     */
    private static final ThreadLocal<Map<DataSource, Held>> HELD = new ThreadLocal<>();
    /** Where this thread's inserts go instead of the store they name, while {@link StateRehearsal} runs on it. */
    private static final ThreadLocal<DataSource> REDIRECT = new ThreadLocal<>();

    private Batches() {
    }

    /** From now on this thread keeps its connections to in-process stores (until {@link #releaseConnections()}). */
    public static void holdConnections() {
        if (HELD.get() == null) {
            HELD.set(new HashMap<>());
        }
    }

    /** Closes what this thread held: the connections go back to their pools. */
    public static void releaseConnections() {
        Map<DataSource, Held> held = HELD.get();
        HELD.remove();
        if (held != null) {
            held.values().forEach(Held::close);
        }
    }

    /** Until {@link #endRedirect()}, this thread's inserts go to {@code scratch}, whichever store they name. */
    static void redirect(DataSource scratch) {
        REDIRECT.set(scratch);
    }

    static void endRedirect() {
        REDIRECT.remove();
    }

    public static <T> void insert(DataSource store, String sql, List<T> rows, Binder<T> binder) {
        DataSource redirected = REDIRECT.get();
        DataSource dataSource = redirected == null ? store : redirected;
        Map<DataSource, Held> held = HELD.get();
        if (held != null && inProcess(dataSource)) {
            insertHeld(held, dataSource, sql, rows, binder);
            return;
        }
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

    private static <T> void insertHeld(Map<DataSource, Held> held, DataSource dataSource, String sql, List<T> rows,
                                       Binder<T> binder) {
        // a pool shut down (a context closed in this JVM) aborted what was held from it: let both go
        for (Iterator<Map.Entry<DataSource, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<DataSource, Held> entry = it.next();
            if (entry.getKey() != dataSource && !inProcess(entry.getKey())) {
                entry.getValue().close();
                it.remove();
            }
        }
        Held kept = held.get(dataSource);
        try {
            if (kept == null || kept.connection.isClosed()) {
                kept = new Held(dataSource.getConnection());
                held.put(dataSource, kept);
            }
            PreparedStatement statement = kept.statement(sql);
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
            kept.connection.commit();
        } catch (SQLException | RuntimeException e) {
            // whatever the statement left behind goes with the connection; the next batch starts on a fresh one
            if (kept != null) {
                held.remove(dataSource);
                kept.close();
            }
            if (e instanceof SQLException sqlException) {
                throw new UncategorizedSQLException("batch insert", sql, sqlException);
            }
            throw (RuntimeException) e;
        }
    }

    private static boolean inProcess(DataSource dataSource) {
        return dataSource instanceof HikariDataSource pool && !pool.isClosed() && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:h2:");
    }

    /** A held connection, in a transaction of its own (one commit per batch), and its prepared statements by SQL. */
    private static final class Held {
        final Connection connection;
        final Map<String, PreparedStatement> statements = new HashMap<>();

        Held(Connection connection) throws SQLException {
            this.connection = connection;
            try {
                connection.setAutoCommit(false);
            } catch (SQLException | RuntimeException e) {
                connection.close(); // not held after all: back to its pool
                throw e;
            }
        }

        PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        void close() {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException ignored) {
                // closed under us (its pool shut down): nothing was left uncommitted
            }
            try {
                connection.close(); // back to the pool, which closes the statements
            } catch (SQLException | RuntimeException ignored) {
                // already closed
            }
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
