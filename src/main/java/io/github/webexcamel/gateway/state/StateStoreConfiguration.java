package io.github.webexcamel.gateway.state;

import java.io.File;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.webexcamel.gateway.config.GatewayNode;
import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.config.StartupProblem;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One state store for everything the gateway keeps: an embedded H2 database in a file by default (no server to
 * run), PostgreSQL with {@code webex.state.store=jdbc} (what several replicas share), an in-memory H2 database
 * for tests. Flyway creates and migrates the schema (src/main/resources/db/migration) on start-up.
 */
@Configuration(proxyBeanMethods = false)
public class StateStoreConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StateStoreConfiguration.class);

    /**
     * The store {@link EarlyStateStore} began to open when the application context was created, if it could, else
     * opened here. Either way a store that cannot be opened fails this bean, so start-up stops at the same place
     * with the same one line.
     */
    @Bean(destroyMethod = "close")
    HikariDataSource webexStateDataSource(GatewayProperties properties, ObjectProvider<EarlyStateStore> early) {
        EarlyStateStore opening = early.getIfAvailable();
        if (opening != null) {
            HikariDataSource opened = opening.take(properties.state());
            if (opened != null) {
                return opened;
            }
        }
        return open(properties.state());
    }

    /** Opens the pool and migrates the schema; a {@link StartupProblem} says in one line why it could not. */
    static HikariDataSource open(GatewayProperties.State state) {
        if (!"jdbc".equals(state.store())) {
            // H2 keeps the last 1,024 strings it was given, of any length, softly referenced, to share equal ones: the
            // audit's batches of ~60 KB each kept 14 MB on the heap, which grew to hold them. Read once, when H2's
            // classes load (here, unless something in this JVM used H2 before); an operator's -D wins.
            System.getProperties().putIfAbsent("h2.objectCache", "false");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("webex-state");
        config.setMaximumPoolSize(state.poolSize());
        switch (state.store()) {
            case "memory" -> {
                LOG.warn("The state store is in memory only: a restart forgets handled events, approvals and the audit log");
                config.setJdbcUrl("jdbc:h2:mem:gateway-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;CACHE_SIZE=4096");
            }
            case "file" -> {
                File file = new File(state.file()).getAbsoluteFile();
                File dir = file.getParentFile();
                if (dir != null && !dir.isDirectory() && !dir.mkdirs()) {
                    throw new StartupProblem("Cannot create the folder of the state store " + file + " (WEBEX_STATE_FILE)");
                }
                config.setJdbcUrl(fileUrl(file));
            }
            case "jdbc" -> {
                if (state.jdbcUrl() == null || state.jdbcUrl().isBlank()) {
                    throw new StartupProblem("WEBEX_STATE_STORE=jdbc needs WEBEX_STATE_JDBC_URL, e.g."
                            + " jdbc:postgresql://127.0.0.1:5432/gateway");
                }
                config.setJdbcUrl(state.jdbcUrl());
                config.setUsername(state.jdbcUser());
                config.setPassword(state.jdbcPassword());
            }
            default -> throw new StartupProblem("WEBEX_STATE_STORE must be file, jdbc or memory, not '" + state.store() + "'");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StartupProblem("Cannot open the state store " + describe(state) + ": " + innermost(e));
        }
        migrate(dataSource, state);
        LOG.info("State store: {}", describe(state));
        return dataSource;
    }

    static String fileUrl(File file) {
        // the pool closes the database; H2's own shutdown hook would close it under running routes
        // a 1 MiB page cache (H2 keeps it on the heap): the message path only appends, and the appended-to pages
        // stay in it; no cache of parsed queries, which would also keep each one's last result on the heap
        return "jdbc:h2:file:" + file.getPath() + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=1024;QUERY_CACHE_SIZE=0";
    }

    private static void migrate(DataSource dataSource, GatewayProperties.State state) {
        Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("gateway_schema_history")
                .baselineOnMigrate(true).baselineVersion("0").load();
        for (int attempt = 1; ; attempt++) {
            try {
                flyway.migrate();
                return;
            } catch (FlywayException e) {
                // replicas starting together on a new schema race to create Flyway's history table (one finds it
                // "already there, and empty" while another fills it); a moment later it is simply up to date
                if (attempt == 3) {
                    throw new StartupProblem("Cannot create or migrate the state store " + describe(state) + ": " + innermost(e));
                }
                LOG.info("State store migration attempt {} failed ({}); trying again", attempt, innermost(e));
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(500, 1500));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new StartupProblem("Interrupted while migrating the state store " + describe(state));
                }
            }
        }
    }

    static String describe(GatewayProperties.State state) {
        return switch (state.store()) {
            case "file" -> "embedded database " + new File(state.file()).getAbsolutePath() + ".mv.db";
            // never the credentials a URL may carry
            case "jdbc" -> state.jdbcUrl().replaceAll("//[^@/]*@", "//").replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
            default -> "memory";
        };
    }

    private static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Bean
    JdbcTemplate webexStateJdbc(HikariDataSource webexStateDataSource) {
        return new JdbcTemplate(webexStateDataSource);
    }

    @Bean("webexEventIds")
    EventClaims webexEventIds(JdbcTemplate webexStateJdbc, GatewayProperties properties, GatewayNode node) {
        GatewayProperties.State state = properties.state();
        return new EventClaims(webexStateJdbc, "jdbc".equals(state.store()), node.instanceId(),
                state.claimTimeout().toMillis(), state.claimKeepAlive().toMillis());
    }

    /** The embedded file store's writer, rehearsed once connected (see StateRehearsal); not in a training run. */
    @Bean
    StateRehearsal stateRehearsal(HikariDataSource webexStateDataSource, GatewayProperties properties,
                                  Environment environment) {
        boolean on = "file".equals(properties.state().store())
                && !environment.getProperty("webex.cds-training", Boolean.class, false);
        return new StateRehearsal(webexStateDataSource, new File(properties.state().file()).getAbsoluteFile(), on);
    }

    @Bean
    StateValues stateValues(JdbcTemplate webexStateJdbc) {
        return new StateValues(webexStateJdbc);
    }
}
