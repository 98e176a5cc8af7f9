package io.github.webexcamel.gateway.webex;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks of one key (a room) strictly one after another and tasks of different keys in parallel on a
 * shared executor. A task is finished when it calls its completion callback, so asynchronous work (a route
 * waiting for an HTTP reply) keeps its room's order without holding a thread.
 */
final class OrderedLanes {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedLanes.class);

    /** A task receives the callback it must run exactly once when it is done. */
    interface Task extends Consumer<Runnable> {
    }

    private final Executor executor;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    OrderedLanes(Executor executor) {
        this.executor = executor;
    }

    void submit(String key, Task task) {
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane(k));
            synchronized (lane) {
                if (lane.retired) {
                    continue;
                }
                lane.queue.add(task);
                if (!lane.running) {
                    lane.running = true;
                    lane.scheduleNext();
                }
                return;
            }
        }
    }

    int activeLanes() {
        return lanes.size();
    }

    private final class Lane {
        private final String key;
        private final Queue<Task> queue = new ArrayDeque<>();
        private boolean running;
        private boolean retired;

        Lane(String key) {
            this.key = key;
        }

        /** A hand-over that cannot be queued runs here rather than being lost with the room's order. */
        void scheduleNext() {
            try {
                executor.execute(this::runNext);
            } catch (RejectedExecutionException e) {
                // only when the executor is shut down (it has an unbounded queue): run here rather than lose the room
                LOG.warn("Event executor refused a task ({}); running the next event of the room inline", e.toString());
                runNext();
            }
        }

        void runNext() {
            Task task;
            synchronized (this) {
                task = queue.poll();
                if (task == null) {
                    running = false;
                    retired = true;
                    lanes.remove(key, this);
                    return;
                }
            }
            Once done = new Once(this::scheduleNext);
            try {
                task.accept(done);
            } catch (RuntimeException e) {
                // a task that throws before taking charge of its callback must not stall its room
                LOG.warn("An event task failed: {}", e.toString());
                done.run();
            }
        }
    }

    /** Guards against a callback run twice, which would start two tasks of one room at once. */
    private static final class Once implements Runnable {
        private Runnable delegate;

        Once(Runnable delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void run() {
            Runnable d = delegate;
            delegate = null;
            if (d != null) {
                d.run();
            }
        }
    }
}
