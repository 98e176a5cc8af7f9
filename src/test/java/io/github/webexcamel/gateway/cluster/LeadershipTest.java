package io.github.webexcamel.gateway.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A new leader's tasks run on Leadership's own thread, which ends when the application context closes it. */
class LeadershipTest {

    @Test
    void aLeadersTaskRunsOnItsOwnThreadWhichEndsOnClose() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            FileLockClusterService service = FileLockCluster.join(camel, "leadership-");
            Leadership leadership = Leadership.clustered(service, "leadership-test");
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            leadership.onLeading(() -> ranOn.complete(Thread.currentThread()));
            camel.start();

            Thread background = ranOn.get(10, TimeUnit.SECONDS);
            assertThat(background.getName()).isEqualTo("webex-leadership");
            assertThat(background.isAlive()).isTrue();

            leadership.close();
            background.join(Duration.ofSeconds(5).toMillis());
            assertThat(background.isAlive()).as("the background thread ends on close").isFalse();
        }
    }
}
