package io.github.webexcamel.gateway.config;

import java.time.Duration;

import io.github.webexcamel.gateway.fakes.FlakyComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultSupervisingRouteController;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's supervising route controller in a bare Camel context: a route whose consumer cannot start is retried
 * with back-off while Camel and the other routes run, and loading routes at run time (what a saved command or
 * notification file does) starts the new routes but not one an operator stopped — which Camel's own controller does.
 */
class GatewayRouteControllerTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void aRouteThatCannotStartIsRetriedWhileCamelAndTheOtherRoutesRun() throws Exception {
        FlakyComponent flaky = new FlakyComponent().failing("broker", 3);
        try (DefaultCamelContext camel = supervised(new GatewayRouteController(), flaky)) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("flaky:broker").routeId("broker").log("broker");
                    from("timer:other?period=60000").routeId("other").log("other");
                }
            });
            camel.start();
            assertThat(camel.isStarted()).isTrue();
            assertThat(camel.getRouteController().getRouteStatus("other").isStarted()).isTrue();

            await().atMost(WITHIN).until(() -> camel.getRouteController().getRouteStatus("broker").isStarted());
            assertThat(flaky.attempts("broker")).isEqualTo(4);
        }
    }

    @Test
    void aReloadStartsTheNewRoutesButNotOneAnOperatorStopped() throws Exception {
        try (DefaultCamelContext camel = supervised(new GatewayRouteController(), new FlakyComponent())) {
            startTwoRoutesAndStopOne(camel);

            reload(camel, "added.camel.yaml", "added");
            assertThat(camel.getRouteController().getRouteStatus("added").isStarted()).isTrue();
            assertThat(camel.getRouteController().getRouteStatus("stopped").isStopped()).isTrue();
            assertThat(camel.getRouteController().getRouteStatus("running").isStarted()).isTrue();

            // a route replaced by a file (the old one removed, a new one of the same id loaded) is a new route: it starts
            camel.removeRoute("stopped");
            reload(camel, "replaced.camel.yaml", "stopped");
            await().atMost(WITHIN).until(() -> camel.getRouteController().getRouteStatus("stopped").isStarted());

            // and started again by hand, a stopped route is an ordinary one again
            camel.getRouteController().stopRoute("added");
            camel.getRouteController().startRoute("added");
            camel.getRouteController().stopRoute("running");
            reload(camel, "more.camel.yaml", "more");
            assertThat(camel.getRouteController().getRouteStatus("added").isStarted()).isTrue();
            assertThat(camel.getRouteController().getRouteStatus("running").isStopped()).isTrue();
        }
    }

    @Test
    void aRouteAddedAtRunTimeThroughAddRoutesStarts() throws Exception {
        try (DefaultCamelContext camel = supervised(new GatewayRouteController(), new FlakyComponent())) {
            startTwoRoutesAndStopOne(camel);
            addLater(camel);
            await().atMost(WITHIN).until(() -> camel.getRouteController().getRouteStatus("later").isStarted());
            assertThat(camel.getRouteController().getRouteStatus("stopped").isStopped()).isTrue();
        }
    }

    /** Why the gateway has its own: Camel's controller starts every stopped route it supervises on any reload... */
    @Test
    void camelsOwnControllerRestartsAStoppedRouteOnAnyReload() throws Exception {
        try (DefaultCamelContext camel = supervised(new DefaultSupervisingRouteController(), new FlakyComponent())) {
            startTwoRoutesAndStopOne(camel);
            reload(camel, "added.camel.yaml", "added");
            assertThat(camel.getRouteController().getRouteStatus("stopped").isStarted()).isTrue();
        }
    }

    /** ... and leaves a route added through addRoutes at run time stopped. */
    @Test
    void camelsOwnControllerDoesNotStartARouteAddedAtRunTime() throws Exception {
        try (DefaultCamelContext camel = supervised(new DefaultSupervisingRouteController(), new FlakyComponent())) {
            startTwoRoutesAndStopOne(camel);
            addLater(camel);
            Thread.sleep(500);
            assertThat(camel.getRouteController().getRouteStatus("later").isStopped()).isTrue();
        }
    }

    private static DefaultCamelContext supervised(SupervisingRouteController controller, FlakyComponent flaky) {
        DefaultCamelContext camel = new DefaultCamelContext();
        controller.setBackOffDelay(50);
        controller.setBackOffMaxDelay(200);
        camel.setRouteController(controller);
        camel.addComponent("flaky", flaky);
        return camel;
    }

    private static void startTwoRoutesAndStopOne(CamelContext camel) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:running?period=60000").routeId("running").log("running");
                from("timer:stopped?period=60000").routeId("stopped").log("stopped");
            }
        });
        camel.start();
        await().atMost(WITHIN).until(() -> camel.getRouteController().getRouteStatus("stopped").isStarted());
        camel.getRouteController().stopRoute("stopped");
        assertThat(camel.getRouteController().getRouteStatus("stopped").isStopped()).isTrue();
    }

    /** What a user's Java code does to add a route while Camel runs. */
    private static void addLater(CamelContext camel) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:later?period=60000").routeId("later").log("later");
            }
        });
    }

    private static void reload(CamelContext camel, String file, String routeId) throws Exception {
        String yaml = """
                - route:
                    id: %s
                    from:
                      uri: timer:%s?period=60000
                      steps:
                        - log: "%s"
                """.formatted(routeId, routeId, routeId);
        PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.fromString("file:" + file, yaml));
    }
}
