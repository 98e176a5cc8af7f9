package io.github.webexcamel.gateway.config;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.engine.DefaultSupervisingRouteController;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's supervising route controller ({@code camel.routecontroller.*}): a route that fails to start is retried with
 * back-off instead of failing the gateway's start-up. One change: when routes are loaded at run time (a command or
 * notification file saved), Camel's starts every stopped route it supervises ({@code startRoutes(true)}, called by
 * {@code RouteBuilder.updateRoutesToCamelContext}), so saving any file restarted a route an operator had stopped.
 * Here a reload starts what is stopped except a route somebody stopped through this controller; starting it again,
 * or replacing it with a new route of the same id, ends that. And a route added at run time through
 * {@code CamelContext.addRoutes} (a test, or a user's Java code) is started: Camel's controller tries to start it
 * while it is still being created, which does nothing, and then Camel skips it as a route it supervises.
 *
 * <p>Routes on {@code routePolicy: "#webexLeader"} in a cluster are not supervised: the leader policy marks them
 * {@code autoStartup=false} before this controller sees them, and starts them itself while the replica leads.
 */
public class GatewayRouteController extends DefaultSupervisingRouteController {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRouteController.class);

    /** The route objects stopped on request (weak: a removed route is forgotten with it). */
    private final Set<Route> stoppedOnRequest = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private ExecutorService added;
    private EventNotifier addedRoutes;
    /** Set once Camel has started the routes it had at start-up: what is added after that is this class's to start. */
    private volatile boolean routesStarted;

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        // after the supervising controller's own listener, which starts the start-up routes (initial delay 0)
        getCamelContext().addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                routesStarted = true;
            }
        });
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        added = getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "webex-added-routes");
        addedRoutes = new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteAddedEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                // fired while Camel still adds the route, under its lock: the start waits for that lock, so it
                // happens once the route is in place (and does nothing if Camel started it after all)
                Route route = ((CamelEvent.RouteAddedEvent) event).getRoute();
                if (routesStarted) {
                    try {
                        added.execute(() -> startAdded(route));
                    } catch (RejectedExecutionException stopping) {
                        // Camel is stopping: nothing to start
                    }
                }
            }
        };
        getCamelContext().getManagementStrategy().addEventNotifier(addedRoutes);
        // Camel tells only the notifiers that are started, and starts those added before it starts itself
        ServiceHelper.startService(addedRoutes);
    }

    @Override
    protected void doStop() throws Exception {
        if (addedRoutes != null) {
            getCamelContext().getManagementStrategy().removeEventNotifier(addedRoutes);
            ServiceHelper.stopService(addedRoutes);
        }
        if (added != null) {
            getCamelContext().getExecutorServiceManager().shutdown(added);
        }
        super.doStop();
    }

    private void startAdded(Route route) {
        String id = route.getRouteId();
        if (getCamelContext().isStopping() || stoppedOnRequest.contains(route) || !getControlledRoutes().contains(route)) {
            return; // not this controller's to start (or not any more)
        }
        try {
            if (getRouteStatus(id) == ServiceStatus.Stopped) {
                startRoute(id);
            }
        } catch (Exception e) {
            LOG.warn("Route {} did not start after it was added: {}", id, e.getMessage());
        }
    }

    @Override
    public void startRoutes(boolean reloaded) {
        if (!reloaded) {
            super.startRoutes(false);
            return;
        }
        for (Route route : getControlledRoutes()) {
            String id = route.getRouteId();
            if (stoppedOnRequest.contains(route) || getRouteStatus(id) != ServiceStatus.Stopped) {
                continue;
            }
            try {
                startRoute(id);
            } catch (Exception e) {
                // a supervised route is retried with back-off from here (Camel's own reload would log the same)
                LOG.warn("Route {} did not start after routes were reloaded: {}", id, e.getMessage());
            }
        }
    }

    @Override
    public void startRoute(String routeId) throws Exception {
        forget(routeId);
        super.startRoute(routeId);
    }

    @Override
    public void stopRoute(String routeId) throws Exception {
        remember(routeId);
        super.stopRoute(routeId);
    }

    @Override
    public void stopRoute(String routeId, Throwable cause) throws Exception {
        remember(routeId);
        super.stopRoute(routeId, cause);
    }

    @Override
    public void stopRoute(String routeId, long timeout, TimeUnit timeUnit) throws Exception {
        remember(routeId);
        super.stopRoute(routeId, timeout, timeUnit);
    }

    @Override
    public boolean stopRoute(String routeId, long timeout, TimeUnit timeUnit, boolean abortAfterTimeout) throws Exception {
        remember(routeId);
        return super.stopRoute(routeId, timeout, timeUnit, abortAfterTimeout);
    }

    private void remember(String routeId) {
        Route route = getCamelContext().getRoute(routeId);
        if (route != null) {
            stoppedOnRequest.add(route);
        }
    }

    private void forget(String routeId) {
        Route route = getCamelContext().getRoute(routeId);
        if (route != null) {
            stoppedOnRequest.remove(route);
        }
    }
}
