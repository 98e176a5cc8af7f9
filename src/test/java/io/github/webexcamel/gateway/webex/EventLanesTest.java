package io.github.webexcamel.gateway.webex;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Backpressure: the socket stops being read above maxInFlight and is read again once half are done. */
class EventLanesTest {

    @Test
    void pausesAtTheLimitAndReadsAgainAtHalf() {
        EventLanes lanes = lanes(4);
        RecordingSocket socket = new RecordingSocket(false);
        lanes.source(socket);
        List<Runnable> events = enqueue(lanes, 4);
        assertThat(socket.calls).containsExactly("pause");
        lanes.finish(events.get(0));
        assertThat(socket.calls).as("3 in flight: above half").containsExactly("pause");
        lanes.finish(events.get(1));
        assertThat(socket.calls).containsExactly("pause", "resume");
    }

    @Test
    void aGracefulStopKeepsTheSocketPausedWhileWhatIsInFlightFinishes() {
        EventLanes lanes = lanes(4);
        RecordingSocket socket = new RecordingSocket(false);
        lanes.source(socket);
        List<Runnable> events = enqueue(lanes, 4);
        lanes.hold();
        events.forEach(lanes::finish);
        lanes.tick();
        assertThat(socket.calls).as("paused by backpressure, then by the stop; never read again").containsExactly("pause", "pause");

        // the next start reads again, and backpressure works as before
        lanes.restart();
        RecordingSocket next = new RecordingSocket(false);
        lanes.source(next);
        enqueue(lanes, 4).forEach(lanes::finish);
        assertThat(next.calls).containsExactly("pause", "resume");
    }

    /**
     * The event loop pauses, the workers resume. A resume decided while the pause is still on its way to the
     * socket must reach the socket after it: the other way round the socket stays paused for good while the lanes
     * believe it is read (seen on a loaded CI: the bot then saw no activity and no close until reconciliation).
     */
    @Test
    void aResumeDecidedWhileThePauseIsOnItsWayReachesTheSocketAfterIt() throws InterruptedException {
        EventLanes lanes = lanes(4);
        RecordingSocket socket = new RecordingSocket(true);
        lanes.source(socket);
        List<Runnable> events = enqueue(lanes, 3);
        Thread eventLoop = new Thread(() -> lanes.enqueue("room-3", "post", events::add));
        eventLoop.start();
        assertThat(socket.pauseEntered.await(5, TimeUnit.SECONDS)).isTrue();
        // the routes finish three of the four: one left, below half, so a worker decides to read again
        Thread worker = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                lanes.finish(events.get(i));
            }
        });
        worker.start();
        worker.join(300); // time for a resume that does not wait for the pause to overtake it
        socket.letPauseThrough.countDown();
        eventLoop.join(5000);
        worker.join(5000);
        assertThat(eventLoop.isAlive() || worker.isAlive()).as("both threads done").isFalse();
        assertThat(socket.calls).containsExactly("pause", "resume");
    }

    /** One event in each of {@code count} rooms; returns their completions, in order. */
    private static List<Runnable> enqueue(EventLanes lanes, int count) {
        List<Runnable> events = new CopyOnWriteArrayList<>();
        for (int i = 0; i < count; i++) {
            lanes.enqueue("room-" + i, "post", events::add);
        }
        return events;
    }

    private static EventLanes lanes(int maxInFlight) {
        WebexConfiguration config = new WebexConfiguration();
        config.setMaxInFlight(maxInFlight);
        config.setEventTimeout(0);
        return new EventLanes(config, null, () -> true);
    }

    /** Records the calls in the order they reach it, as the Mercury connection queues them on its event loop. */
    private static final class RecordingSocket implements EventLanes.Source {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch pauseEntered = new CountDownLatch(1);
        final CountDownLatch letPauseThrough = new CountDownLatch(1);
        private final boolean holdPause;

        RecordingSocket(boolean holdPause) {
            this.holdPause = holdPause;
        }

        @Override
        public void pause() {
            pauseEntered.countDown();
            if (holdPause) {
                try {
                    letPauseThrough.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }
    }
}
