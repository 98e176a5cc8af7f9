package io.github.webexcamel.gateway.state;

import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.webexcamel.gateway.config.WebexSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the Webex socket is connected, the state writer's batches are written a few hundred times into a scratch
 * database beside the state store, with the writer's own code, and the scratch database is deleted.
 *
 * <p>Why: the writer commits about ten times a second, a few calls into H2 each, so the JIT compiled that code only
 * after 20 to 30 seconds of traffic (some 500 methods more than before the store, most of them H2's; BENCHMARKS.md
 * "session 20"); until then every commit ran interpreted and the compiler thread took a core from messages in flight.
 * The rehearsal moves that work to the moment after connecting. Only for the embedded file store (H2): PostgreSQL's
 * client is a different matter, and the memory store has no folder to write a scratch copy in.
 */
public final class StateRehearsal implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StateRehearsal.class);
    /** Rounds of every queue's sample batch: past the JIT's 200 calls for the code a commit runs once. */
    static final int ROUNDS = 300;
    private static final long MAX_WAIT_MILLIS = 60_000;
    /** The writer's tables; their definitions are read from the store, so the scratch copy is the store's. */
    private static final String TABLES = "audit_batches, audit_log, handled_event_batches";

    private final DataSource store;
    private final File stateFile;
    private final boolean enabled;

    StateRehearsal(DataSource store, File stateFile, boolean enabled) {
        this.store = store;
        this.stateFile = stateFile;
        this.enabled = enabled;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!enabled) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                // a socket that does not connect (Webex unreachable) does not hold it back beyond the wait
                WebexSockets.awaitConnected(event.getApplicationContext(), MAX_WAIT_MILLIS);
                long start = System.nanoTime();
                int batches = rehearse(store, stateFile, ROUNDS);
                LOG.debug("State writer rehearsed: {} batches in {} ms", batches, (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException | SQLException e) {
                LOG.info("State writer rehearsal skipped (the first minute's commits run before the JIT compiled them): {}",
                        e.getMessage());
            }
        }, "StateRehearsal");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes every open write-behind queue's sample batch {@code rounds} times into a scratch copy of the tables. */
    static int rehearse(DataSource store, File stateFile, int rounds) throws SQLException {
        File scratch = new File(stateFile.getPath() + "-rehearsal");
        delete(scratch);
        HikariConfig config = new HikariConfig();
        config.setPoolName("webex-state-rehearsal");
        config.setMaximumPoolSize(1);
        config.setJdbcUrl(StateStoreConfiguration.fileUrl(scratch));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            copyTables(store, pool);
            Batches.holdConnections();
            Batches.redirect(pool);
            int batches = 0;
            try {
                for (int i = 0; i < rounds; i++) {
                    batches += WriteBehind.rehearseAll();
                }
                return batches;
            } finally {
                Batches.endRedirect();
                Batches.releaseConnections();
            }
        } finally {
            delete(scratch);
        }
    }

    private static void copyTables(DataSource from, DataSource to) throws SQLException {
        List<String> ddl = new ArrayList<>();
        try (Connection connection = from.getConnection(); Statement statement = connection.createStatement();
             ResultSet script = statement.executeQuery("SCRIPT NODATA NOPASSWORDS NOSETTINGS TABLE " + TABLES)) {
            while (script.next()) {
                String line = script.getString(1);
                if (!line.startsWith("--") && !line.startsWith("CREATE USER")) {
                    ddl.add(line);
                }
            }
        }
        try (Connection connection = to.getConnection(); Statement statement = connection.createStatement()) {
            for (String line : ddl) {
                statement.execute(line);
            }
        }
    }

    private static void delete(File scratch) {
        for (String suffix : new String[] {".mv.db", ".trace.db", ".lock.db"}) {
            File file = new File(scratch.getPath() + suffix);
            if (file.exists() && !file.delete()) {
                LOG.debug("Could not delete {}", file);
            }
        }
    }
}
