package io.github.webexcamel.gateway.config;

import java.util.List;

import io.github.webexcamel.gateway.webex.WebexEventsConsumer;
import io.github.webexcamel.gateway.webex.mercury.MercuryState;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.context.ApplicationContext;

/** The Webex sockets of a started gateway, for what waits on them outside Camel (start-up tasks, not routes). */
public final class WebexSockets {

    private WebexSockets() {
    }

    /**
     * Waits until every {@code webex:events} consumer's socket is connected (a follower of a cluster has none running
     * and waits the whole time).
     *
     * @return connected within {@code maxMillis}
     */
    public static boolean awaitConnected(ApplicationContext context, long maxMillis) {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (System.currentTimeMillis() < deadline) {
            List<WebexEventsConsumer> consumers = context.getBean(CamelContext.class).getRoutes().stream()
                    .map(Route::getConsumer).filter(WebexEventsConsumer.class::isInstance)
                    .map(WebexEventsConsumer.class::cast).toList();
            if (!consumers.isEmpty() && consumers.stream().allMatch(c -> c.state() == MercuryState.CONNECTED)) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
