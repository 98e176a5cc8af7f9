package io.github.webexcamel.gateway.webex;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks of one key (a room) strictly one after another, tasks of different keys independently. A task
 * is finished when it calls its completion callback, so asynchronous work (a REST call, a route waiting for
 * an HTTP reply) keeps its room's order without holding a thread.
 *
 * <p>A task is started on the thread that makes it due: the one submitting it to an idle lane, or the one
 * completing its predecessor. Tasks must therefore only start asynchronous work and return; that saves a
 * thread hand-over per event, which at low rates is a wake-up of a parked thread on the reply's path. A task
 * that completes at once does not nest the next one inside it: the thread already starting tasks of that
 * lane takes it (a trampoline), so a long run of such tasks cannot exhaust the stack.
 */
public final class OrderedLanes {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedLanes.class);

    /** A task receives the callback it must run exactly once when it is done; it must not block. */
    public interface Task extends Consumer<Runnable> {
    }

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    public void submit(String key, Task task) {
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, Lane::new);
            boolean start;
            synchronized (lane) {
                if (lane.retired) {
                    continue;
                }
                lane.queue.add(task);
                start = !lane.busy;
                lane.busy = true;
            }
            if (start) {
                lane.startNext();
            }
            return;
        }
    }

    public int activeLanes() {
        return lanes.size();
    }

    private final class Lane {
        private final String key;
        private final Queue<Task> queue = new ArrayDeque<>();
        /** A task of this lane has started and not yet completed, or is about to start. */
        private boolean busy;
        private boolean retired;
        /** A thread is inside {@link #startNext()}; a completion meanwhile is left to it. */
        private boolean starting;
        private boolean startAgain;

        Lane(String key) {
            this.key = key;
        }

        void startNext() {
            synchronized (this) {
                if (starting) {
                    startAgain = true;
                    return;
                }
                starting = true;
            }
            while (true) {
                Task task;
                synchronized (this) {
                    task = queue.poll();
                    if (task == null) {
                        busy = false;
                        retired = true;
                        starting = false;
                        lanes.remove(key, this);
                        return;
                    }
                }
                Once done = new Once(this::startNext);
                try {
                    task.accept(done);
                } catch (RuntimeException e) {
                    // a task that throws before taking charge of its callback must not stall its room
                    LOG.warn("An event task failed: {}", e.toString());
                    done.run();
                }
                synchronized (this) {
                    if (!startAgain) {
                        starting = false;
                        return;
                    }
                    startAgain = false;
                }
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
        public void run() {
            Runnable d;
            synchronized (this) {
                d = delegate;
                delegate = null;
            }
            if (d != null) {
                d.run();
            }
        }
    }
}
