package io.github.webexcamel.gateway.config;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.engine.DefaultSupervisingRouteController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's supervising route controller ({@code camel.routecontroller.*}): a route that fails to start is retried with
 * back-off instead of failing the gateway's start-up. One change: when routes are loaded at run time (a command or
 * notification file saved), Camel's starts every stopped route it supervises ({@code startRoutes(true)}, called by
 * {@code RouteBuilder.updateRoutesToCamelContext}), so saving any file restarted a route an operator had stopped.
 * Here a reload starts what is stopped except a route somebody stopped through this controller; starting it again,
 * or replacing it with a new route of the same id, ends that.
 *
 * <p>Routes on {@code routePolicy: "#webexLeader"} in a cluster are not supervised: the leader policy marks them
 * {@code autoStartup=false} before this controller sees them, and starts them itself while the replica leads.
 */
public class GatewayRouteController extends DefaultSupervisingRouteController {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRouteController.class);

    /** The route objects stopped on request (weak: a removed route is forgotten with it). */
    private final Set<Route> stoppedOnRequest = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

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
