package io.github.webexcamel.gateway.github;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.DisposableBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the GitHub notification routes (template {@code github-notify} of routes/gateway/github-notify.camel.yaml)
 * once Camel has started, when {@code github.notify.enabled}. camel-github consumers call GitHub in their
 * constructor; a failure there during start-up would stop the whole gateway, so each route is added on its own and
 * retried with exponential back-off ({@code github.notify.retry-initial-delay} … {@code retry-max-delay}).
 */
public class GitHubNotifyRoutes implements CamelContextConfiguration, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubNotifyRoutes.class);

    private final CamelContext camel;
    private final boolean enabled;
    private final String branch;
    private final long initialDelay;
    private final long maxDelay;
    private ScheduledExecutorService executor;

    public GitHubNotifyRoutes(CamelContext camel, boolean enabled, String branch, long initialDelay, long maxDelay) {
        this.camel = camel;
        this.enabled = enabled;
        this.branch = branch;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public synchronized void afterApplicationStart(CamelContext camelContext) {
        if (!enabled || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "github-notify-start");
            t.setDaemon(true);
            return t;
        });
        for (List<String> route : List.of(List.of("github-notify-pull-requests", "pullRequest", "pullRequest"),
                List.of("github-notify-commits", "commit/" + branch, "commit"),
                List.of("github-notify-tags", "tag", "tag"))) {
            executor.execute(() -> add(route.get(0), route.get(1), route.get(2), initialDelay));
        }
    }

    private void add(String routeId, String kind, String format, long nextDelay) {
        if (!camel.isStarted()) {
            return;
        }
        try {
            camel.addRouteFromTemplate(routeId, "github-notify", Map.of("kind", kind, "format", format));
            LOG.info("GitHub notifications: route {} started", routeId);
        } catch (Exception e) {
            LOG.warn("GitHub notifications: route {} could not start ({}); retrying in {} ms", routeId, rootMessage(e), nextDelay);
            try {
                if (camel.getRoute(routeId) != null) {
                    camel.getRouteController().stopRoute(routeId);
                    camel.removeRoute(routeId);
                }
            } catch (Exception removal) {
                LOG.debug("Could not remove the failed route {}", routeId, removal);
            }
            executor.schedule(() -> add(routeId, kind, format, Math.min(maxDelay, nextDelay * 2)), nextDelay, TimeUnit.MILLISECONDS);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public synchronized void destroy() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
