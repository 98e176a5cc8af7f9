package io.github.webexcamel.gateway.webex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the gateway last heard from Webex, kept in a store (the gateway's state store: shared by replicas, so a new
 * leader catches up from where the old one stopped) so that after a restart it knows how far back to catch up.
 * Nothing stored means a fresh install: nothing old is replayed (a deploy command from before the install must
 * not run). One per component, so a consumer restarted in the same process catches up even without a store.
 */
public class Checkpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);

    private final CheckpointStore store;
    private volatile Instant lastWritten = Instant.EPOCH;
    /** Without a store a restart of the consumer in the same process still catches up. */
    private volatile Instant inMemory;

    public Checkpoint(CheckpointStore store) {
        this.store = store;
    }

    /** A store in a file, for a component used without the gateway's state store. */
    public static CheckpointStore file(Path file) {
        return new CheckpointStore() {
            @Override
            public String read() {
                try {
                    return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
                } catch (IOException e) {
                    LOG.warn("Cannot read the checkpoint {}: {}", file, e.getMessage());
                    return null;
                }
            }

            @Override
            public void write(String value) {
                try {
                    Path dir = file.toAbsolutePath().getParent();
                    if (dir != null) {
                        Files.createDirectories(dir);
                    }
                    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                    Files.writeString(tmp, value, StandardCharsets.UTF_8);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    LOG.warn("Cannot write the checkpoint {}: {}", file, e.getMessage());
                }
            }
        };
    }

    public Instant read() {
        String stored;
        try {
            stored = store == null ? null : store.read();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the checkpoint: {}", e.getMessage());
            return inMemory;
        }
        if (stored == null || stored.isBlank()) {
            return inMemory;
        }
        try {
            return Instant.parse(stored.strip());
        } catch (DateTimeParseException e) {
            LOG.warn("Ignoring an unreadable checkpoint: {}", e.getMessage());
            return inMemory;
        }
    }

    /** Whether a write of {@code seen} would do anything (cheap; lets callers skip handing it off). */
    public boolean due(Instant seen) {
        return !seen.isBefore(lastWritten.plusSeconds(5));
    }

    /** Writes at most every few seconds unless forced; a crash loses at most that much of the window. */
    public void write(Instant seen, boolean force) {
        if (seen != null) {
            inMemory = seen;
        }
        if (store == null || seen == null || (!force && seen.isBefore(lastWritten.plusSeconds(5)))) {
            return;
        }
        lastWritten = seen;
        try {
            store.write(seen.toString());
        } catch (RuntimeException e) {
            LOG.warn("Cannot write the checkpoint: {}", e.getMessage());
        }
    }
}
