package io.github.webexcamel.gateway.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows the message path records but need not wait for, written in batches, one transaction each, about every
 * {@code MAX_DELAY_MILLIS}. A commit per row cost more than an /echo's whole route. A full queue makes the caller
 * write its row itself rather than drop it; {@link #flush()} and {@link #close()} write what waits.
 *
 * <p>One thread, {@code StateWriter}, writes for every queue of the process (the audit rows, the handled events):
 * with a thread per queue, each woke on its own tick, and on two cores every wake-up is a moment when a message in
 * flight waits for a core — at a steady 200 messages/s the writers' ticks, not their rows, were most of their cost.
 */
public final class WriteBehind<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    private static final long MAX_DELAY_MILLIS = 100;
    private static final int BATCH = 1000;

    private static final Set<WriteBehind<?>> QUEUES = new CopyOnWriteArraySet<>();
    /** Runs while a queue is open; guarded by the class. */
    private static Thread writer;

    private final String name;
    private final BlockingQueue<T> pending = new LinkedBlockingQueue<>(20_000);
    private final Consumer<List<T>> sink;
    private final Supplier<List<T>> sample;
    private volatile boolean closed;

    public WriteBehind(String name, Consumer<List<T>> sink) {
        this(name, sink, null);
    }

    /**
     * @param sample a batch like those the sink usually gets, for {@link StateRehearsal}; null: none. A sink given one
     *               must write only through {@link Batches#insert}, which the rehearsal sends to its scratch copy.
     */
    public WriteBehind(String name, Consumer<List<T>> sink, Supplier<List<T>> sample) {
        this.name = name;
        this.sink = sink;
        this.sample = sample;
        synchronized (WriteBehind.class) {
            QUEUES.add(this);
            if (writer == null) {
                writer = new Thread(WriteBehind::run, "StateWriter");
                writer.setDaemon(true);
                writer.start();
            }
        }
    }

    public void add(T row) {
        if (closed || !pending.offer(row)) {
            write(List.of(row));
        }
    }

    private static void run() {
        Batches.holdConnections();
        try {
            write();
        } finally {
            Batches.releaseConnections();
        }
    }

    private static void write() {
        while (true) {
            try {
                Thread.sleep(MAX_DELAY_MILLIS); // what arrives meanwhile goes in one transaction per queue
            } catch (InterruptedException e) {
                synchronized (WriteBehind.class) {
                    writer = null; // the next queue opened starts another
                }
                return;
            }
            for (WriteBehind<?> queue : QUEUES) {
                try {
                    queue.flush();
                } catch (Error e) {
                    // one queue's error must not end every queue's writer (a sink's exceptions are logged in write)
                    LOG.error("Could not write the {} rows to the state store", queue.name, e);
                }
            }
            synchronized (WriteBehind.class) {
                if (QUEUES.isEmpty()) {
                    writer = null;
                    return;
                }
            }
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

    /**
     * Gives each open queue's sink its sample batch, on the calling thread; a sink's failure is thrown. Only for
     * {@link StateRehearsal}, which sends the rows to a scratch store.
     */
    static int rehearseAll() {
        int batches = 0;
        for (WriteBehind<?> queue : QUEUES) {
            batches += queue.rehearse();
        }
        return batches;
    }

    private int rehearse() {
        if (sample == null || closed) {
            return 0;
        }
        sink.accept(sample.get());
        return 1;
    }

    private void write(List<T> batch) {
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            LOG.error("Could not write {} {} row(s) to the state store: {}", batch.size(), name, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        // the writer is not interrupted: an interrupt during file I/O closes H2's file channel; with no queue left,
        // it ends at its next tick
        QUEUES.remove(this);
        flush();
    }
}
