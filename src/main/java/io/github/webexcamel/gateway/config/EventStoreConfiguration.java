package io.github.webexcamel.gateway.config;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        private static final long MAX_FILE_BYTES = 32L * 1024 * 1024;
        /** Kept here: Camel's getCacheSize() answers how full the cache is once it exists, not its capacity. */
        private final int capacity;
        /**
         * Camel opens, writes twice, closes and stats the file for every key: seven system calls per event on
         * the message path. The file is kept open for appends instead (one write per key, no fsync either
         * way), and its size is counted here rather than asked of the file system.
         */
        private FileOutputStream out;
        private long bytes;

        CachedFileIdempotentRepository(File file) {
            this(file, 50_000);
        }

        CachedFileIdempotentRepository(File file, int cacheSize) {
            this.capacity = cacheSize;
            setFileStore(file);
            setCacheSize(cacheSize);
            setMaxFileStoreSize(0); // the size is checked in appendToStore, without a stat per event
        }

        @Override
        protected void appendToStore(String key) {
            try {
                if (out == null) {
                    out = new FileOutputStream(getFileStore(), true);
                    bytes = getFileStore().length();
                }
                byte[] line = (key + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(line);
                bytes += line.length;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot append to the event store " + getFileStore(), e);
            }
            if (bytes > MAX_FILE_BYTES) {
                LOG.warn("Event store {} passed {} bytes: dropping its oldest {} ids", getFileStore(), MAX_FILE_BYTES,
                        getDropOldestFileStore());
                trunkStore();
            }
        }

        // Camel rewrites the file in these: the open stream would keep writing to the replaced one
        @Override
        protected void trunkStore() {
            closeOut();
            super.trunkStore();
        }

        @Override
        protected void removeFromStore(String key) {
            closeOut();
            super.removeFromStore(key);
        }

        @Override
        protected void clearStore() {
            closeOut();
            super.clearStore();
        }

        @Override
        protected void doStop() throws Exception {
            closeOut();
            super.doStop();
        }

        private void closeOut() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.debug("Closing the event store: {}", e.getMessage());
                }
                out = null;
            }
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
