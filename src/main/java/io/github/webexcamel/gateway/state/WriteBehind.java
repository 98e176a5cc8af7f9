package io.github.webexcamel.gateway.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows the message path records but need not wait for: one thread writes them in batches, one transaction each,
 * about every {@code MAX_DELAY_MILLIS}. A commit per row cost more than an /echo's whole route. A full queue makes the
 * caller write its row itself rather than drop it; {@link #flush()} and {@link #close()} write what waits.
 */
public final class WriteBehind<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    private static final long MAX_DELAY_MILLIS = 100;
    private static final int BATCH = 1000;

    private final BlockingQueue<T> pending = new LinkedBlockingQueue<>(20_000);
    private final Consumer<List<T>> sink;
    private final Thread writer;
    private volatile boolean closed;

    public WriteBehind(String name, Consumer<List<T>> sink) {
        this.sink = sink;
        this.writer = new Thread(this::run, name);
        writer.setDaemon(true);
        writer.start();
    }

    public void add(T row) {
        if (closed || !pending.offer(row)) {
            write(List.of(row));
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(MAX_DELAY_MILLIS); // what arrives meanwhile goes in one transaction
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    /**
     * Writes what waits now. Taking rows and writing them happen under one lock, so when a flush returns no row is
     * half-way in the writer's hands (a stop that flushes and then closes the store loses none).
     */
    public synchronized void flush() {
        List<T> batch = new ArrayList<>();
        while (pending.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void write(List<T> batch) {
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            LOG.error("Could not write {} row(s) to the state store: {}", batch.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        flush();
    }
}
