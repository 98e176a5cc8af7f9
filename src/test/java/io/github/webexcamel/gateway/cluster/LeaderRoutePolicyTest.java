package io.github.webexcamel.gateway.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.webexcamel.gateway.fakes.FlakyComponent;
import io.github.webexcamel.gateway.webex.Backoff;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader route policy on Camel's file-lock cluster service, in one JVM: a route runs once this replica leads,
 * a route added while it leads (a reloaded file) starts at once, one marked autoStartup=false is left alone, and
 * one an operator stopped is not started again because another route was added. Camel's own {@code master:} endpoint
 * (the README's other way to make a route a singleton) works on the same cluster service. A leader route whose start
 * fails is tried again while the replica leads.
 */
class LeaderRoutePolicyTest {

    @Test
    void routesRunWhileThisReplicaLeadsIncludingOnesAddedLater() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            FileLockClusterService service = FileLockCluster.join(camel, "leader-policy-");
            Leadership leadership = Leadership.clustered(service, "policy-test");
            LeaderRoutePolicy policy = new LeaderRoutePolicy(camel, leadership);
            camel.getRegistry().bind("webexLeader", policy);
            AtomicInteger singletonRuns = new AtomicInteger();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("master:policy-test-singleton:timer:singleton?period=100").routeId("singleton")
                            .process(e -> singletonRuns.incrementAndGet());
                    from("timer:first?period=60000").routeId("first").routePolicyRef("webexLeader").log("first");
                    from("timer:manual?period=60000").routeId("manual").autoStartup(false).routePolicyRef("webexLeader").log("manual");
                }
            });
            camel.start();

            await().atMost(Duration.ofSeconds(10)).until(leadership::isLeader);
            await().atMost(Duration.ofSeconds(5)).until(() -> camel.getRouteController().getRouteStatus("first").isStarted());
            await().atMost(Duration.ofSeconds(10)).until(() -> singletonRuns.get() > 0);

            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:later?period=60000").routeId("later").routePolicyRef("webexLeader").log("later");
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> camel.getRouteController().getRouteStatus("later").isStarted());
            assertThat(camel.getRouteController().getRouteStatus("manual").isStarted()).isFalse();

            // a leader route an operator stopped stays stopped when some other route is added (a reloaded file): the
            // policy starts what was added, not everything it finds stopped
            camel.getRouteController().stopRoute("first");
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:plain?period=60000").routeId("plain").log("plain");
                    from("timer:again?period=60000").routeId("again").routePolicyRef("webexLeader").log("again");
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> camel.getRouteController().getRouteStatus("again").isStarted());
            Thread.sleep(300);
            assertThat(camel.getRouteController().getRouteStatus("first").isStarted()).isFalse();
        }
    }

    @Test
    void aLeaderRouteThatFailsToStartIsTriedAgainWithBackOff() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            FlakyComponent flaky = new FlakyComponent().failing("backend", 3);
            camel.addComponent("flaky", flaky);
            FileLockClusterService service = FileLockCluster.join(camel, "leader-retry-");
            Leadership leadership = Leadership.clustered(service, "retry-test");
            camel.getRegistry().bind("webexLeader", new LeaderRoutePolicy(camel, leadership, Backoff.of(50, 200)));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("flaky:backend").routeId("backend").routePolicyRef("webexLeader").log("backend");
                }
            });
            camel.start(); // the route's failures do not fail Camel's start: the policy starts it, later

            await().atMost(Duration.ofSeconds(10)).until(leadership::isLeader);
            await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRouteController().getRouteStatus("backend").isStarted());
            assertThat(flaky.attempts("backend")).isEqualTo(4);
        }
    }
}
