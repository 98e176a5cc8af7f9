package io.github.webexcamel.gateway.state;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The state store's DataSource, opened and migrated on a thread of its own while the rest of the application starts.
 * Opening the pool and running Flyway is mostly loading and initialising about a thousand classes (H2, Flyway,
 * Hikari): done on the main thread it added a quarter of a second to every start-up (BENCHMARKS.md). A caller that
 * needs a connection before the store is ready waits for it; {@link #awaitReady()} lets start-up fail on a store that
 * cannot be opened before anything runs, with the same one-line {@code StartupProblem} as before.
 */
final class StateDataSource implements DataSource, AutoCloseable {

    private final CompletableFuture<HikariDataSource> pool;

    StateDataSource(Supplier<HikariDataSource> opener) {
        CompletableFuture<HikariDataSource> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(opener.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "state-store-open");
        thread.setDaemon(true);
        thread.start();
        this.pool = future;
    }

    /** The open, migrated pool; rethrows what stopped it from opening (a {@code StartupProblem} as a rule). */
    HikariDataSource awaitReady() {
        try {
            return pool.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while opening the state store", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return awaitReady().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return awaitReady().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return awaitReady().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        awaitReady().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        awaitReady().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return awaitReady().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return awaitReady().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || awaitReady().isWrapperFor(type);
    }

    /** Closes the pool once it is open (a start-up that failed elsewhere still waits for it, so H2's file is let go). */
    @Override
    public void close() {
        HikariDataSource open;
        try {
            open = pool.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            return;
        }
        open.close();
    }
}
