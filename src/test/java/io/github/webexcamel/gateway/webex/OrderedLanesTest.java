package io.github.webexcamel.gateway.webex;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderedLanesTest {

    @Test
    void asynchronousTasksOfOneKeyRunInOrderAndKeysOverlap() {
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);
        try {
            OrderedLanes lanes = new OrderedLanes();
            Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxParallel = new AtomicInteger();
            for (int i = 0; i < 200; i++) {
                int n = i;
                String key = "room-" + (i % 5);
                lanes.submit(key, done -> {
                    maxParallel.accumulateAndGet(running.incrementAndGet(), Math::max);
                    timer.schedule(() -> {
                        seen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(n);
                        running.decrementAndGet();
                        done.run();
                    }, ThreadLocalRandom.current().nextInt(3), TimeUnit.MILLISECONDS);
                });
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> seen.values().stream().mapToInt(List::size).sum() == 200);
            seen.forEach((key, values) -> assertThat(values).isSorted());
            assertThat(maxParallel.get()).isGreaterThan(1).isLessThanOrEqualTo(5);
            await().atMost(5, TimeUnit.SECONDS).until(() -> lanes.activeLanes() == 0);
        } finally {
            timer.shutdownNow();
        }
    }

    /** Completions racing the start of the next task, from many threads: never two tasks of a room at once. */
    @Test
    void completionsFromOtherThreadsNeverOverlapTwoTasksOfARoom() throws Exception {
        ExecutorService completers = Executors.newFixedThreadPool(4);
        ExecutorService submitters = Executors.newFixedThreadPool(3);
        try {
            OrderedLanes lanes = new OrderedLanes();
            Map<String, AtomicInteger> inRoom = new ConcurrentHashMap<>();
            Map<String, List<Integer>> order = new ConcurrentHashMap<>();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            int perSubmitter = 20_000;
            for (int t = 0; t < 3; t++) {
                int submitter = t;
                submitters.execute(() -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        String key = "room-" + submitter + "-" + (i % 7);
                        int n = i;
                        lanes.submit(key, done -> {
                            if (inRoom.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            order.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(n);
                            Runnable complete = () -> {
                                inRoom.get(key).decrementAndGet();
                                finished.incrementAndGet();
                                done.run();
                            };
                            if (n % 3 == 0) {
                                complete.run(); // at once, on the starting thread
                            } else {
                                completers.execute(complete);
                            }
                        });
                    }
                });
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> finished.get() == 3 * perSubmitter);
            assertThat(overlaps.get()).isZero();
            order.values().forEach(values -> assertThat(values).isSorted());
            await().atMost(5, TimeUnit.SECONDS).until(() -> lanes.activeLanes() == 0);
        } finally {
            completers.shutdownNow();
            submitters.shutdownNow();
        }
    }

    /** Tasks that complete at once are taken in a loop, not by recursion: a long queue cannot overflow the stack. */
    @Test
    void aLongRunOfTasksThatCompleteAtOnceDoesNotDeepenTheStack() {
        OrderedLanes lanes = new OrderedLanes();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        Runnable[] first = new Runnable[1];
        // the first task holds the lane until everything else is queued, then each one completes inline
        lanes.submit("room", done -> first[0] = done);
        for (int i = 0; i < 50_000; i++) {
            lanes.submit("room", done -> {
                if (ran.incrementAndGet() % 1000 == 0) {
                    deepest.accumulateAndGet(Thread.currentThread().getStackTrace().length, Math::max);
                }
                done.run();
            });
        }
        first[0].run();
        assertThat(ran.get()).isEqualTo(50_000);
        assertThat(deepest.get()).isLessThan(200);
        assertThat(lanes.activeLanes()).isZero();
    }

    @Test
    void aTaskThatThrowsDoesNotStallItsLane() {
        OrderedLanes lanes = new OrderedLanes();
        AtomicInteger ran = new AtomicInteger();
        lanes.submit("k", done -> {
            throw new IllegalStateException("boom");
        });
        lanes.submit("k", done -> {
            ran.incrementAndGet();
            done.run();
        });
        assertThat(ran.get()).isEqualTo(1);
    }
}
