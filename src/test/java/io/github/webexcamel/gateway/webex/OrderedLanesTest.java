package io.github.webexcamel.gateway.webex;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderedLanesTest {

    @Test
    void asynchronousTasksOfOneKeyRunInOrderAndKeysOverlap() {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            OrderedLanes lanes = new OrderedLanes(executor);
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
            executor.shutdownNow();
            timer.shutdownNow();
        }
    }

    @Test
    void anExecutorThatRejectsHandOversDoesNotStallALane() {
        // a tiny queue with the abort policy: the hand-over to a room's next event is refused under load
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            OrderedLanes lanes = new OrderedLanes(executor);
            AtomicInteger completed = new AtomicInteger();
            for (int i = 0; i < 300; i++) {
                String key = "room-" + (i % 10);
                try {
                    lanes.submit(key, done -> timer.schedule(() -> {
                        completed.incrementAndGet();
                        done.run();
                    }, 1, TimeUnit.MILLISECONDS));
                } catch (RejectedExecutionException e) {
                    // the submitting side may be refused too; what matters is that accepted work finishes
                }
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> lanes.activeLanes() == 0);
            assertThat(completed.get()).isGreaterThan(0);
        } finally {
            executor.shutdownNow();
            timer.shutdownNow();
        }
    }

    @Test
    void aTaskThatThrowsDoesNotStallItsLane() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            OrderedLanes lanes = new OrderedLanes(executor);
            AtomicInteger ran = new AtomicInteger();
            lanes.submit("k", done -> {
                throw new IllegalStateException("boom");
            });
            lanes.submit("k", done -> {
                ran.incrementAndGet();
                done.run();
            });
            await().atMost(5, TimeUnit.SECONDS).until(() -> ran.get() == 1);
        } finally {
            executor.shutdownNow();
        }
    }
}
