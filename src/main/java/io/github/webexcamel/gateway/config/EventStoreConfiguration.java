package io.github.webexcamel.gateway.config;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.LRUCacheFactory;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store behind the inbound idempotent consumer: a file by default (survives restarts, no set-up),
 * PostgreSQL when configured (shared by several gateways with the same bot), memory for tests.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EventStoreConfiguration.class);

    @Bean("webexEventIds")
    IdempotentRepository webexEventIds(GatewayProperties properties) {
        GatewayProperties.State state = properties.state();
        switch (state.store()) {
            case "memory":
                LOG.warn("Handled events are kept in memory only: a restart may handle recent events again");
                return new KeptMemoryIdempotentRepository(50_000);
            case "jdbc":
                if (state.jdbcUrl() == null || state.jdbcUrl().isBlank()) {
                    throw new IllegalStateException("webex.state.store=jdbc needs webex.state.jdbc-url (WEBEX_STATE_JDBC_URL)");
                }
                JdbcMessageIdRepository jdbc = new JdbcMessageIdRepository(dataSource(state), "webex-events");
                LOG.info("Handled events are kept in {}", state.jdbcUrl().replaceAll("//[^@/]*@", "//"));
                return jdbc;
            case "file":
                File file = new File(state.file());
                File dir = file.getAbsoluteFile().getParentFile();
                if (dir != null && !dir.isDirectory() && !dir.mkdirs()) {
                    throw new IllegalStateException("Cannot create the folder of " + file);
                }
                return new CachedFileIdempotentRepository(file);
            default:
                throw new IllegalStateException("webex.state.store must be file, jdbc or memory, not '" + state.store() + "'");
        }
    }

    /**
     * Camel's file store scans the whole file on every cache miss, and with the key stored on completion
     * every new event is a miss: O(n) per event, which collapsed throughput under a burst. The file is
     * loaded into the cache at start and the cache holds the 50,000 most recent ids, five times what a
     * catch-up can ever read back (100 spaces × 100 messages), so the scan answers nothing the cache does not.
     */
    static final class CachedFileIdempotentRepository extends FileIdempotentRepository {
        /** Kept here: Camel's getCacheSize() answers how full the cache is once it exists, not its capacity. */
        private final int capacity;

        CachedFileIdempotentRepository(File file) {
            this(file, 50_000);
        }

        CachedFileIdempotentRepository(File file, int cacheSize) {
            this.capacity = cacheSize;
            setFileStore(file);
            setCacheSize(cacheSize);
            setMaxFileStoreSize(32L * 1024 * 1024);
        }

        @Override
        protected boolean containsStore(String key) {
            return false;
        }

        /**
         * Camel's loader tokenizes the whole file with a regex scanner and pushes every line through the LRU
         * cache: with a few hundred thousand ids that was seconds of every start. Only the newest ids can be
         * in the cache, so only those are kept, and the file is cut down to them so it stops growing.
         */
        @Override
        protected void loadStore() throws IOException {
            Path file = getFileStore().toPath();
            if (!Files.exists(file)) {
                super.loadStore(); // creates it
                return;
            }
            int keep = capacity;
            ArrayDeque<String> newest = new ArrayDeque<>(Math.min(keep, 1024));
            long lines = 0;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    lines++;
                    if (newest.size() == keep) {
                        newest.pollFirst();
                    }
                    newest.addLast(line.strip());
                }
            }
            Map<String, Object> cache = getCache();
            cache.clear();
            for (String id : newest) {
                cache.put(id, id);
            }
            if (lines > newest.size()) {
                Path compacted = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(compacted, newest, StandardCharsets.UTF_8);
                Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Event store {}: kept the newest {} of {} ids", file, newest.size(), lines);
            }
        }
    }

    /**
     * Camel's memory store forgets everything when it is stopped, and stopping the inbound route stops it:
     * a route restart then handled again every event the catch-up reads back. This one forgets only with
     * the JVM, which is all "memory" promises.
     */
    static final class KeptMemoryIdempotentRepository extends MemoryIdempotentRepository {
        KeptMemoryIdempotentRepository(int cacheSize) {
            super(LRUCacheFactory.newLRUCache(cacheSize));
            setCacheSize(cacheSize);
        }

        @Override
        protected void doStop() {
            // keep the handled ids
        }
    }

    private static DataSource dataSource(GatewayProperties.State state) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(state.jdbcUrl());
        config.setUsername(state.jdbcUser());
        config.setPassword(state.jdbcPassword());
        config.setMaximumPoolSize(4);
        config.setPoolName("webex-state");
        return new HikariDataSource(config);
    }
}
