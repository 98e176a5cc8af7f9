package io.github.webexcamel.gateway.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.github.webexcamel.gateway.webex.WebexComponent;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a follower, webex:events with ingress=webhook runs anyway (a load balancer may hand it deliveries; the event
 * claims keep each event to one replica), while the socket (ingress=mercury) and other singleton routes do not.
 */
class WebhookIngressPolicyTest {

    @Test
    void onAFollowerOnlyTheWebhookOnlyConsumerRuns() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            WebexComponent webex = new WebexComponent();
            // nothing listens there: the consumer starts anyway and keeps trying in the background
            webex.getConfiguration().setToken("not-a-token");
            webex.getConfiguration().setApiUrl("http://127.0.0.1:9/v1");
            camel.addComponent("webex", webex);
            Leadership follower = Leadership.clustered(new NeverLeads(), "policy-test");
            camel.getRegistry().bind("webexLeader", new LeaderRoutePolicy(camel, follower));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("webex:events?ingress=webhook").routeId("webhooks").routePolicyRef("webexLeader").log("event");
                    from("webex:events?ingress=both").routeId("both").routePolicyRef("webexLeader").log("event");
                    from("timer:poller?period=60000").routeId("poller").routePolicyRef("webexLeader").log("poll");
                }
            });
            camel.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRouteController().getRouteStatus("webhooks").isStarted());
            assertThat(follower.isLeader()).isFalse();
            assertThat(camel.getRouteController().getRouteStatus("both").isStarted()).isFalse();
            assertThat(camel.getRouteController().getRouteStatus("poller").isStarted()).isFalse();
        }
    }

    /** A cluster in which this replica never leads. */
    private static final class NeverLeads extends AbstractCamelClusterService<NeverLeads.View> {

        @Override
        protected View createView(String namespace) {
            return new View(this, namespace);
        }

        private static final class View extends AbstractCamelClusterView {
            private final CamelClusterMember me = new CamelClusterMember() {
                @Override
                public boolean isLeader() {
                    return false;
                }

                @Override
                public boolean isLocal() {
                    return true;
                }

                @Override
                public String getId() {
                    return "follower";
                }
            };

            View(CamelClusterService service, String namespace) {
                super(service, namespace);
            }

            @Override
            public Optional<CamelClusterMember> getLeader() {
                return Optional.empty();
            }

            @Override
            public CamelClusterMember getLocalMember() {
                return me;
            }

            @Override
            public List<CamelClusterMember> getMembers() {
                return List.of(me);
            }

            @Override
            protected void doStart() {
            }

            @Override
            protected void doStop() {
            }
        }
    }
}
