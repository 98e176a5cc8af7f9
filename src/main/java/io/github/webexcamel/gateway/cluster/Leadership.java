package io.github.webexcamel.gateway.cluster;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether this replica leads (and so holds the Webex socket); a single gateway always does. */
public final class Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final CamelClusterService service;
    private final String namespace;
    private final AtomicBoolean leader = new AtomicBoolean();

    private Leadership(CamelClusterService service, String namespace) {
        this.service = service;
        this.namespace = namespace;
    }

    static Leadership alone() {
        Leadership alone = new Leadership(null, null);
        alone.leader.set(true);
        return alone;
    }

    static Leadership clustered(CamelClusterService service, String namespace) throws Exception {
        Leadership leadership = new Leadership(service, namespace);
        CamelClusterView view = service.getView(namespace);
        view.addEventListener((CamelClusterEventListener.Leadership) (v, member) -> {
            boolean now = v.getLocalMember().isLeader();
            if (leadership.leader.getAndSet(now) != now) {
                LOG.info(now ? "This replica leads now: it takes the Webex socket" : "This replica no longer leads");
            }
        });
        return leadership;
    }

    public boolean clustered() {
        return service != null;
    }

    public boolean isLeader() {
        return leader.get();
    }

    /** leader, follower, or single. */
    public String role() {
        return service == null ? "single" : leader.get() ? "leader" : "follower";
    }

    CamelClusterService service() {
        return service;
    }

    String namespace() {
        return namespace;
    }
}
