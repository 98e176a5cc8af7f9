package io.github.webexcamel.gateway.webex;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With every worker busy, new route work waits in the queue. It must never run on the submitting thread:
 * that thread is a Vert.x event loop, and route work there blocked every REST answer (a caller-runs pool).
 */
class WorkerPoolTest {

    @Test
    void routeWorkNeverRunsOnTheSubmittingThreadWhenAllWorkersAreBusy() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            WebexComponent component = new WebexComponent();
            component.setCamelContext(camel);
            WebexConfiguration config = new WebexConfiguration();
            config.setWorkerThreads(2);
            ExecutorService workers = component.workers(config);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 2; i++) {
                workers.execute(() -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            Set<String> threads = ConcurrentHashMap.newKeySet();
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 5000; i++) {
                workers.execute(() -> {
                    threads.add(Thread.currentThread().getName());
                    ran.incrementAndGet();
                });
            }
            assertThat(ran.get()).as("nothing ran on the submitting thread while the workers were busy").isZero();
            release.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> ran.get() == 5000);
            assertThat(threads).allMatch(name -> name.contains("WebexWorker"));
        }
    }
}
