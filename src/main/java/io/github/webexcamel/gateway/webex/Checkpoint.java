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
 * When the gateway last heard from Webex, kept in a small file so that after a restart it knows how far
 * back to catch up. No file means a fresh install: nothing old is replayed (a deploy command from before
 * the install must not run). One per component, so a consumer restarted in the same process catches up
 * even without a file.
 */
public class Checkpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);

    private final Path file;
    private volatile Instant lastWritten = Instant.EPOCH;
    /** Without a file (memory store) a restart of the consumer in the same process still catches up. */
    private volatile Instant inMemory;

    public Checkpoint(Path file) {
        this.file = file;
    }

    public Instant read() {
        if (file == null || !Files.isReadable(file)) {
            return inMemory;
        }
        try {
            return Instant.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException | DateTimeParseException e) {
            LOG.warn("Ignoring an unreadable checkpoint {}: {}", file, e.getMessage());
            return null;
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
        if (file == null || seen == null || (!force && seen.isBefore(lastWritten.plusSeconds(5)))) {
            return;
        }
        lastWritten = seen;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, seen.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot write the checkpoint {}: {}", file, e.getMessage());
        }
    }
}
