package io.github.webexcamel.gateway.chaos;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The socket goes away mid-burst in every way the chaos list names; nothing is lost or doubled. */
class ConnectionChaosTest extends ChaosTestSupport {

    @Autowired
    CamelContext camel;

    /** Every close code Webex uses for "come back" (1005/1006 never go on the wire: the connection just drops). */
    @ParameterizedTest(name = "close {0}")
    @CsvSource({ "1000, idle", "1001, going away", "1006, abnormal", "1011, server error", "1012, service restart",
            "1013, try again later" })
    void transientCloseMidBurst(int code, String reason) {
        long reconnectsBefore = webex.consumers().get(0).connection().reconnects();
        burst("close " + code + " " + reason + " mid-burst", 400, () -> sandbox.closeAllSockets(code, reason), 0, null)
                .assertPerfect();
        assertThat(webex.consumers().get(0).connection().reconnects()).isGreaterThan(reconnectsBefore);
    }

    /** Mercury's planned drain: the successor socket is opened first, so there is no reconnect and no gap. */
    @Test
    void plannedShutdownIsCrossedWithoutAGap() {
        var connection = webex.consumers().get(0).connection();
        long reconnectsBefore = connection.reconnects();
        long switchoversBefore = connection.switchovers();
        burst("planned shutdown (make-before-break)", 400, () -> sandbox.announceShutdown(Duration.ofSeconds(2)), 0, null)
                .assertPerfect();
        await().atMost(Duration.ofSeconds(10)).until(() -> connection.switchovers() > switchoversBefore);
        assertThat(connection.reconnects()).as("no reconnect").isEqualTo(reconnectsBefore);
        assertThat(sandbox.devices()).as("one device").hasSize(1);
    }

    /**
     * The announced socket is slower than its successor (another Mercury node): what it was sent before the successor
     * was authorised reaches the gateway after the successor's first events, which must still be answered in order.
     * Mercury closing the old socket after 2 s ends the successor's hold at its 1 s bound; after 500 ms, at the close.
     */
    @ParameterizedTest(name = "closed after {0} ms")
    @CsvSource({ "2000", "500" })
    void plannedShutdownWithALaggingOldSocketKeepsOrder(long graceMillis) {
        var connection = webex.consumers().get(0).connection();
        long switchoversBefore = connection.switchovers();
        burst("planned shutdown, the old socket 300 ms behind, closed after " + graceMillis + " ms", 400, () -> {
            sandbox.faults().lagDrainingSockets(Duration.ofMillis(300));
            sandbox.announceShutdown(Duration.ofMillis(graceMillis));
        }, 0, null).assertPerfect();
        await().atMost(Duration.ofSeconds(10)).until(() -> connection.switchovers() > switchoversBefore);
    }

    /** The successor is itself announced while it still holds what it read: what it held goes first. */
    @Test
    void aSecondPlannedShutdownWithinTheHoldKeepsOrder() {
        var connection = webex.consumers().get(0).connection();
        long switchoversBefore = connection.switchovers();
        burst("two planned shutdowns, the second within the first one's hold", 300, () -> {
            sandbox.faults().lagDrainingSockets(Duration.ofMillis(300));
            sandbox.announceShutdown(Duration.ofSeconds(2));
        }, 100, () -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.switchovers() > switchoversBefore);
            sandbox.announceShutdown(Duration.ofSeconds(2));
        }).assertPerfect();
        await().atMost(Duration.ofSeconds(10)).until(() -> connection.switchovers() > switchoversBefore + 1);
    }

    @Test
    void deadSocketThatStopsAnsweringPings() {
        long reconnectsBefore = webex.consumers().get(0).connection().reconnects();
        Outcome outcome = burst("pings unanswered (dead socket)", 200, () -> sandbox.faults().answerPings(false), 0, null);
        // the burst may finish before ping interval + pong timeout have passed: the dead socket must still be found
        await().atMost(Duration.ofSeconds(20)).until(() -> webex.consumers().get(0).connection().reconnects() > reconnectsBefore);
        sandbox.faults().answerPings(true);
        outcome.assertPerfect();
        assertThat(webex.consumers().get(0).connection().reconnects()).isGreaterThan(reconnectsBefore);
    }

    @Test
    void upgradeAnswered404ReRegistersTheDeviceWithoutLeakingOne() {
        burst("404 on the upgrade, then drop", 300, () -> {
            sandbox.faults().failNextUpgrades(1, 404);
            sandbox.closeAllSockets(1011, "server error");
        }, 0, null).assertPerfect();
        assertThat(sandbox.devices()).as("one device per gateway").hasSize(1);
    }

    @Test
    void upgradeRateLimitedThenDrop() {
        burst("429 on the upgrade, then drop", 300, () -> {
            sandbox.faults().failNextUpgrades(2, 429);
            sandbox.closeAllSockets(1006, "abnormal");
        }, 0, null).assertPerfect();
    }

    @Test
    void consumerRestartedMidBurst() {
        burst("webex consumer stopped and started mid-burst", 300, () -> {
            try {
                camel.getRouteController().stopRoute("webex-inbound");
                camel.getRouteController().startRoute("webex-inbound");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 0, null).assertPerfect();
        assertThat(sandbox.devices()).as("one device").hasSize(1);
    }

    @Test
    void duplicateDeliveryIsHandledOnce() {
        burst("every activity delivered twice", 0, () -> sandbox.faults().duplicateDelivery(true), 0, null).assertPerfect();
    }
}
