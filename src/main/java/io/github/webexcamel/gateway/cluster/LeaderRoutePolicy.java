package io.github.webexcamel.gateway.cluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.webexcamel.gateway.webex.Backoff;
import io.github.webexcamel.gateway.webex.WebexEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code routePolicy: "#webexLeader"}: the route runs only while this replica leads, as {@link Leadership} decides,
 * and stops the moment it does not. Camel's {@code ClusteredRoutePolicy} follows the cluster view's leadership
 * events only; camel-zookeeper 4.17 fires none when the session is suspended (a partition: its election thread is
 * interrupted, then blocks asking ZooKeeper who leads now, and never reports the loss), so a partitioned leader
 * kept the Webex socket while another replica took it. This policy follows {@link Leadership}, which also steps
 * down when the coordination service is out of reach. Routes marked {@code autoStartup: false} are left alone.
 * A route that fails to start on the leader (its broker or backend out of reach) is tried again with back-off while
 * the replica leads, as Camel's supervising route controller does for the other routes.
 */
final class LeaderRoutePolicy extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderRoutePolicy.class);

    private final CamelContext camel;
    private final Leadership leadership;
    private final Set<Route> routes = ConcurrentHashMap.newKeySet();
    /** Routes added while Camel runs (a reloaded file) that this policy has not started yet. */
    private final Set<Route> added = ConcurrentHashMap.newKeySet();
    /** Routes whose start failed and is tried again (one retry chain each). */
    private final Set<Route> retrying = ConcurrentHashMap.newKeySet();
    private final Backoff backoff;
    // one thread: starts and stops happen in the order leadership changed
    private final ScheduledExecutorService executor;
    private volatile boolean contextStarted;

    LeaderRoutePolicy(CamelContext camel, Leadership leadership) {
        this(camel, leadership, Backoff.of(1000, 60_000));
    }

    LeaderRoutePolicy(CamelContext camel, Leadership leadership, Backoff backoff) {
        this.camel = camel;
        this.leadership = leadership;
        this.backoff = backoff;
        this.executor = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "webex-leader-routes");
        leadership.onChange(leader -> executor.execute(() -> apply(leader)));
        try {
            camel.addStartupListener(new ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    // leadership may have come while Camel was still starting: it is acted on now
                    contextStarted = true;
                    executor.execute(() -> apply(leadership.isLeader()));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("Cannot follow Camel's start-up", e);
        }
        // a route added while the gateway runs (a reloaded file) starts on the leader once Camel has added it
        camel.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteAddedEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                if (contextStarted) {
                    // only what was added: a leader route an operator stopped stays stopped until leadership changes
                    // (applying to every route here restarted such a route whenever any file was reloaded)
                    executor.execute(LeaderRoutePolicy.this::startAdded);
                }
            }
        });
    }

    @Override
    public void onInit(Route route) {
        super.onInit(route);
        if (route.getEndpoint() instanceof WebexEndpoint webex && !webex.getConfiguration().mercuryIngress()) {
            // webhooks only: no socket to hold, and a load balancer may hand a delivery to any replica, so every
            // replica takes them; the inbound route's eager event claims still run each event on one replica only
            LOG.info("Route {} takes Webex webhooks: it runs on every replica, not only the leader", route.getId());
            return;
        }
        if (route.isAutoStartup()) {
            routes.add(route);
            if (contextStarted) {
                added.add(route);
            }
        }
        // Camel starts it only when this policy says so
        route.setAutoStartup(false);
    }

    @Override
    public void onRemove(Route route) {
        routes.remove(route);
        added.remove(route);
        retrying.remove(route);
    }

    private void startAdded() {
        if (!camel.isStarted() || camel.isStopping() || !leadership.isLeader()) {
            return; // not leading: they start with the others when leadership comes
        }
        for (Route route : List.copyOf(added)) {
            added.remove(route);
            if (!camel.getRouteController().getRouteStatus(route.getId()).isStarted()) {
                start(route, 0);
            }
        }
    }

    private void apply(boolean leader) {
        if (!contextStarted || !camel.isStarted() || camel.isStopping()) {
            return;
        }
        added.clear(); // every route is brought in line below
        for (Route route : routes) {
            try {
                // asked again: the last change wins, whatever happened in between
                if (leader != leadership.isLeader()) {
                    return;
                }
                boolean started = camel.getRouteController().getRouteStatus(route.getId()).isStarted();
                if (leader && !started) {
                    start(route, 0);
                } else if (!leader && started) {
                    camel.getRouteController().stopRoute(route.getId());
                }
            } catch (Exception e) {
                LOG.warn("Could not {} route {} on leadership change: {}", leader ? "start" : "stop", route.getId(), e.getMessage());
            }
        }
    }

    /** Starts a route on the leader; a failed start is tried again after a back-off step, while this replica leads. */
    private void start(Route route, int attempt) {
        if (attempt == 0 && retrying.contains(route)) {
            return; // a retry is already on its way
        }
        try {
            camel.getRouteController().startRoute(route.getId());
            if (attempt > 0) {
                LOG.info("Route {} started on the leader after {} failed attempt(s)", route.getId(), attempt);
            }
            retrying.remove(route);
        } catch (Exception e) {
            long delay = backoff.delayMillis(attempt);
            LOG.warn("Could not start route {} on the leader (attempt {}): {}; trying again in {} ms", route.getId(),
                    attempt + 1, e.getMessage(), delay);
            retrying.add(route);
            try {
                executor.schedule(() -> retry(route, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                retrying.remove(route); // Camel is shutting the policy down: nothing to start any more
            }
        }
    }

    private void retry(Route route, int attempt) {
        if (!retrying.contains(route) || !routes.contains(route) || !leadership.isLeader() || !camel.isStarted()
                || camel.isStopping() || camel.getRouteController().getRouteStatus(route.getId()).isStarted()) {
            retrying.remove(route); // led no more, removed, or started meanwhile: the next leadership starts it
            return;
        }
        start(route, attempt);
    }

    @Override
    protected void doShutdown() throws Exception {
        camel.getExecutorServiceManager().shutdown(executor);
        super.doShutdown();
    }
}
