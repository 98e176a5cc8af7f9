package io.github.webexcamel.gateway.webex;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.InflightRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events the consumer has accepted and not finished: one lane per room (a room's events in order, rooms in
 * parallel), backpressure (above {@code maxInFlight} the socket stops being read until half of them are done) and
 * the watchdog that frees a room whose event never finishes. Kept across a route restart: a room's leftover events
 * and its caught-up ones share one lane.
 */
final class EventLanes {

    private static final Logger LOG = LoggerFactory.getLogger(WebexEventsConsumer.class);

    /** Where events are read from and can be held back: the Mercury socket (webhooks cannot be paused). */
    interface Source {
        void pause();

        void resume();
    }

    private final WebexConfiguration config;
    private final CamelContext camelContext;
    private final BooleanSupplier runAllowed;
    private final OrderedLanes lanes = new OrderedLanes();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<EventDone> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong stuckEvents = new AtomicLong();
    /**
     * Bumped at every start. Camel restarts a stopped route with the same consumer, so events queued before
     * a stop would otherwise run after the restart too, beside the catch-up that reads them back: twice.
     */
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean paused;
    private volatile Source source;
    /**
     * Decides a pause or a resume and hands it to the source in one step. The event loop pauses and the workers
     * resume; without the lock a resume decided on a worker could reach the socket before the pause decided just
     * earlier on the event loop, leaving the socket paused while the lanes believe it is read: nothing would resume
     * it, and a paused socket shows neither activities nor its close.
     */
    private final Object pauseLock = new Object();
    /** A graceful stop holds the source paused: events finishing then must not make it read again. */
    private boolean held;

    EventLanes(WebexConfiguration config, CamelContext camelContext, BooleanSupplier runAllowed) {
        this.config = config;
        this.camelContext = camelContext;
        this.runAllowed = runAllowed;
    }

    /** A (re)start: events queued before it are stale from now on; nothing is paused and there is no source yet. */
    void restart() {
        generation.incrementAndGet();
        synchronized (pauseLock) {
            paused = false;
            held = false;
            source = null;
        }
    }

    /** First step of a graceful stop: the source stops being read and stays so until the next start. */
    void hold() {
        synchronized (pauseLock) {
            held = true;
            paused = true;
            if (source != null) {
                source.pause();
            }
        }
    }

    long generation() {
        return generation.get();
    }

    void source(Source source) {
        this.source = source;
    }

    /** Queues an event in its room's lane; pauses the source when too many are in flight. */
    void enqueue(String room, String what, OrderedLanes.Task task) {
        Source from = source;
        if (inFlight.incrementAndGet() >= config.getMaxInFlight() && !paused && from != null) {
            pause(from);
        }
        long queuedIn = generation.get();
        lanes.submit(room, done -> {
            EventDone guarded = new EventDone(done, what, room, queuedIn);
            running.add(guarded);
            if (stale(guarded)) {
                guarded.run();
                return;
            }
            task.accept(guarded);
        });
    }

    /** An event taken before the consumer stopped (or while it stops) is left to the next start's catch-up. */
    boolean stale(Runnable done) {
        return !runAllowed.getAsBoolean() || done instanceof EventDone guarded && guarded.generation != generation.get();
    }

    /** Ends an event: through its guard when it has one, so the room and the count are released once. */
    void finish(Runnable done) {
        if (done instanceof EventDone guarded) {
            guarded.run();
        } else {
            release(done);
        }
    }

    /** What the watchdog reports if the event gets stuck now. */
    void stage(Runnable done, String stage) {
        if (done instanceof EventDone guarded) {
            guarded.stage = stage;
        }
    }

    void exchangeId(Runnable done, String exchangeId) {
        if (done instanceof EventDone guarded) {
            guarded.exchangeId = exchangeId;
        }
    }

    /** Once a second: reads the source again once routes caught up, and runs the watchdog. */
    void tick() {
        Source from = source;
        if (paused && from != null && inFlight.get() <= config.getMaxInFlight() / 2) {
            resume(from);
        }
        if (config.getEventTimeout() > 0) {
            sweepStuckEvents();
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    long stuckEvents() {
        return stuckEvents.get();
    }

    /**
     * The watchdog: an event that never finishes would block its room for good. One periodic sweep (not a
     * timer per event, whose cancelled tasks would pin every finished event in memory until they expire)
     * releases events older than eventTimeout and logs where they were stuck.
     */
    private void sweepStuckEvents() {
        long now = System.nanoTime();
        long limit = config.getEventTimeout() * 1_000_000L;
        for (EventDone event : running) {
            if (now - event.startedAt > limit && event.released.compareAndSet(false, true)) {
                running.remove(event);
                LOG.error("A {} event in room {} did not finish within {} ms ({}); the room moves on",
                        event.what, event.room, config.getEventTimeout(),
                        event.exchangeId == null ? event.stage : whereIs(event.exchangeId));
                stuckEvents.incrementAndGet();
                release(event.done);
            }
        }
    }

    /** Where an exchange is, from Camel's in-flight repository: route and node, or that it never started. */
    private String whereIs(String exchangeId) {
        for (InflightRepository.InflightExchange inflight : camelContext.getInflightRepository().browse()) {
            if (exchangeId.equals(inflight.getExchange().getExchangeId())) {
                return "exchange " + exchangeId + " at route " + inflight.getAtRouteId() + ", node " + inflight.getNodeId()
                        + " for " + inflight.getElapsed() + " ms";
            }
        }
        return "exchange " + exchangeId + " is no longer in flight";
    }

    private void release(Runnable done) {
        int left = inFlight.decrementAndGet();
        if (paused && left <= config.getMaxInFlight() / 2) {
            resume(source);
        }
        done.run();
    }

    private void pause(Source from) {
        synchronized (pauseLock) {
            if (paused || inFlight.get() < config.getMaxInFlight()) {
                return; // decided meanwhile by another thread, or no longer needed
            }
            paused = true;
            from.pause();
        }
        LOG.info("{} events in flight: pausing the socket until routes catch up", inFlight.get());
    }

    /** {@code from} null: the source is gone (a restart), nothing to read again; the lanes are no longer paused. */
    private void resume(Source from) {
        synchronized (pauseLock) {
            if (held || !paused || inFlight.get() > config.getMaxInFlight() / 2) {
                return;
            }
            paused = false;
            if (from != null) {
                from.resume();
            }
        }
        LOG.info("Routes caught up: reading the socket again");
    }

    /** The completion handed to an event's task: frees the room once, whether the event or the watchdog ends first. */
    private final class EventDone implements Runnable {
        private final Runnable done;
        private final String what;
        private final String room;
        private final long startedAt = System.nanoTime();
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile String exchangeId;
        private volatile String stage = "fetching it from Webex";
        private final long generation;

        EventDone(Runnable done, String what, String room, long generation) {
            this.done = done;
            this.what = what;
            this.room = room;
            this.generation = generation;
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                running.remove(this);
                release(done);
            }
        }
    }
}
