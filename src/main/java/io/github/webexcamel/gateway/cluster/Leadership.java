package io.github.webexcamel.gateway.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
public final class Leadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final CamelClusterService service;
    private final String namespace;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile CamelClusterView view;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "webex-leadership");
        thread.setDaemon(true);
        return thread;
    });

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
        // off Curator's event thread (which delivers the election's own events), one attempt at a time
        inBackground(() -> {
            // the old election task may still be unwinding (its lock node still listed, about to go), and Curator
            // requeues only once it ended: stand again, and again, until this replica stays a participant for a few
            // seconds (or leads, or the service stops)
            int steady = 0;
            for (int attempt = 1; attempt <= 60 && ServiceHelper.isStarted(service) && !leader.get(); attempt++) {
                try {
                    if (attempt == 1 || steady == 0) {
                        current.stop();
                        current.start();
                    }
                    Thread.sleep(1000);
                    steady = candidate(current) ? steady + 1 : 0;
                    if (steady == 3) {
                        LOG.info("Back in touch with ZooKeeper: this replica is a candidate for leader again");
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.warn("Could not stand for leader again after reconnecting to ZooKeeper: {}", e.getMessage());
                }
            }
        });
    }

    private static boolean candidate(CamelClusterView view) {
        String me = view.getLocalMember().getId();
        return view.getMembers().stream().anyMatch(member -> me.equals(member.getId()));
    }

    private void set(boolean now, String why) {
        if (leader.getAndSet(now) != now) {
            LOG.info(now ? "This replica leads now: it takes the Webex socket"
                    : "This replica no longer leads" + (why == null ? "" : ": " + why + "; it lets the Webex socket go"));
            for (Consumer<Boolean> listener : listeners) {
                try {
                    listener.accept(now);
                } catch (RuntimeException e) {
                    // never into the election's thread: Curator would end the candidacy there
                    LOG.warn("A leadership listener failed: {}", e.toString());
                }
            }
        }
    }

    /** Called with the new state at every change (on the thread that noticed it: keep it short). */
    void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code task} each time this replica becomes the leader, on a thread of its own (a task may wait on the
     * state store; the election's thread must not). A failure is logged.
     */
    public void onLeading(Runnable task) {
        onChange(leads -> {
            if (leads) {
                inBackground(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.warn("A task of a new leader failed: {}", e.toString());
                    }
                });
            }
        });
    }

    private void inBackground(Runnable task) {
        try {
            background.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.debug("Leadership closed: a background task was not started");
        }
    }

    /** Stops the background thread (the application context closes it, last of the cluster beans). */
    @Override
    public void close() {
        background.shutdownNow();
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
