package io.github.webexcamel.gateway.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this replica leads (and so holds the Webex socket); a single gateway always does. A clustered replica
 * leads when the cluster view says so, and stops leading as soon as it loses its coordination service: with
 * ZooKeeper, when the session is suspended (no answer for two thirds of the session timeout), before ZooKeeper
 * expires the session and lets another replica lead — so two replicas never hold the socket at once.
 */
public final class Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final CamelClusterService service;
    private final String namespace;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile CamelClusterView view;

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
        leadership.view = view;
        view.addEventListener((CamelClusterEventListener.Leadership) (v, member) -> {
            boolean now = v.getLocalMember().isLeader();
            leadership.set(now, null);
        });
        leadership.watchConnection();
        return leadership;
    }

    private void watchConnection() {
        if (service instanceof ZooKeeperClusterService zookeeper && zookeeper.getCuratorFramework() != null
                && watching.compareAndSet(false, true)) {
            zookeeper.getCuratorFramework().getConnectionStateListenable().addListener((client, state) -> {
                // leadership comes back only through a new election (the view's next event), never by reconnecting
                if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                    set(false, "lost its ZooKeeper connection (" + state + ")");
                } else if (state == ConnectionState.RECONNECTED) {
                    standAgain();
                }
            });
        }
    }

    /**
     * Curator ends this replica's candidacy when the connection is suspended or a lock attempt fails, and
     * camel-zookeeper's view only enters the election when it starts: without this, a replica that lost ZooKeeper
     * for a moment would never lead again, and once the other replicas went, none would.
     */
    private void standAgain() {
        CamelClusterView current = view;
        if (current == null || !ServiceHelper.isStarted(current) || !ServiceHelper.isStarted(service)) {
            return;
        }
        // off Curator's event thread, which delivers the election's own events
        Thread thread = new Thread(() -> {
            try {
                current.stop();
                current.start();
                LOG.info("Back in touch with ZooKeeper: this replica is a candidate for leader again");
            } catch (Exception e) {
                LOG.warn("Could not stand for leader again after reconnecting to ZooKeeper: {}", e.getMessage());
            }
        }, "webex-leader-requeue");
        thread.setDaemon(true);
        thread.start();
    }

    private void set(boolean now, String why) {
        if (leader.getAndSet(now) != now) {
            LOG.info(now ? "This replica leads now: it takes the Webex socket"
                    : "This replica no longer leads" + (why == null ? "" : ": " + why + "; it lets the Webex socket go"));
            for (Consumer<Boolean> listener : listeners) {
                listener.accept(now);
            }
        }
    }

    /** Called with the new state at every change (on the thread that noticed it: keep it short). */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
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
