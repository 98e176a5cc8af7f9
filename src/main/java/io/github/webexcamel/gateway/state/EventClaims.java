package io.github.webexcamel.gateway.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The inbound idempotent consumer's repository: an event is <em>claimed</em> before it runs (eager) and marked
 * done when it completed, so two replicas that receive the same event never both run it. A claim is kept alive
 * while its event runs; one whose keep-alive stopped for {@code claimTimeout} belongs to a dead replica and the
 * next replica to see the event takes it over (what Camel's JdbcOrphanLockAwareIdempotentRepository does for
 * read locks — but that class also lets <em>finished</em> keys expire once its process is gone, which would run
 * old events again after a restart, hence this one with an explicit done flag).
 *
 * <p>An embedded store belongs to one process by construction, so there a claim is only this process's memory and
 * the store records events once they are done, in batches (a crash mid-event leaves no record, and the catch-up
 * after the restart runs the event again). The newest handled ids are kept in memory, which answers every duplicate
 * the catch-up or a redelivery can bring; the batches bring them back after a restart.
 */
public class EventClaims extends ServiceSupport implements IdempotentRepository, CamelContextAware {

    /** How often a claim held by a live replica is looked at again while waiting for it. */
    private static final long WAIT_STEP_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(EventClaims.class);

    private static final int CACHED_DONE = 50_000;

    private final JdbcTemplate jdbc;
    private final boolean shared;
    private final Set<String> done = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHED_DONE;
        }
    });
    private final String owner;
    private final long claimTimeout;
    private final long keepAliveInterval;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /**
     * Embedded store: done marks written within a tenth of a second, in batches. The embedded database itself writes
     * its commits to disk within half a second, so this adds nothing a crash could lose that it would not anyway.
     */
    private final WriteBehind<String> doneRows;
    private CamelContext camelContext;
    private ScheduledExecutorService keepAlive;

    /** @param shared the store is shared by replicas (PostgreSQL): claims are rows; else they are this process's memory */
    public EventClaims(JdbcTemplate jdbc, boolean shared, String owner, long claimTimeoutMillis,
                       long keepAliveMillis) {
        if (claimTimeoutMillis <= keepAliveMillis) {
            throw new IllegalArgumentException("webex.state.claim-timeout must be longer than webex.state.claim-keep-alive");
        }
        this.jdbc = jdbc;
        this.shared = shared;
        this.doneRows = shared ? null : new WriteBehind<>("handled event", this::writeDone, EventClaims::sample);
        this.owner = owner;
        this.claimTimeout = claimTimeoutMillis;
        this.keepAliveInterval = keepAliveMillis;
    }

    @Override
    public boolean add(String key) {
        return claim(key) != null;
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        Long recovered = claim(key);
        if (recovered != null && recovered > 0) {
            exchange.setProperty(WebexConstants.RECOVERED_SINCE, recovered);
        }
        return recovered != null;
    }

    /**
     * Claims the event: 0 for a new claim, the first claim's time for one taken over from a replica that died (or from
     * this process's own earlier run of the route), null when it must not run here (handled, or running here).
     * A claim a live replica holds is waited on, so the event's space keeps its order: it is either finished there
     * (null) or, its replica gone, taken over here.
     */
    Long claim(String key) {
        if (!shared) {
            // one lock over both sets: a copy checked between another copy's done and its release must see one
            synchronized (done) {
                return done.contains(key) || !running.add(key) ? null : 0L;
            }
        }
        long deadline = System.currentTimeMillis() + claimTimeout + keepAliveInterval;
        while (true) {
            long now = System.currentTimeMillis();
            try {
                jdbc.update("INSERT INTO webex_events (event_id, owner, claimed_at, first_claimed_at, done)"
                        + " VALUES (?, ?, ?, ?, FALSE)", key, owner, now, now);
                running.add(key);
                return 0L;
            } catch (DuplicateKeyException taken) {
                if (running.contains(key)) {
                    return null; // delivered twice to this replica: the first copy runs
                }
            }
            int recovered = jdbc.update("UPDATE webex_events SET owner = ?, claimed_at = ? WHERE event_id = ?"
                    + " AND done = FALSE AND (claimed_at < ? OR owner = ?)", owner, now, key, now - claimTimeout, owner);
            if (recovered == 1) {
                running.add(key);
                Long since = jdbc.queryForObject("SELECT first_claimed_at FROM webex_events WHERE event_id = ?",
                        Long.class, key);
                LOG.warn("Event {} was claimed by a replica that stopped before finishing it: running it here", key);
                return since == null ? 1L : since;
            }
            List<Boolean> done = jdbc.queryForList("SELECT done FROM webex_events WHERE event_id = ?",
                    Boolean.class, key);
            if (done.isEmpty()) {
                continue; // given back in the meantime: claim it again
            }
            if (Boolean.TRUE.equals(done.get(0))) {
                return null;
            }
            if (now > deadline) {
                LOG.warn("Event {} is still claimed by another replica after {} ms: leaving it to that replica", key,
                        claimTimeout + keepAliveInterval);
                return null;
            }
            try {
                Thread.sleep(WAIT_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Handled, or claimed by a live replica. */
    @Override
    public boolean contains(String key) {
        if (running.contains(key)) {
            return true;
        }
        synchronized (done) {
            if (done.contains(key)) {
                return true;
            }
        }
        if (!shared) {
            return false; // the cache holds more than a catch-up or the reconciliation ever reads back
        }
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM webex_events WHERE event_id = ?"
                + " AND (done = TRUE OR claimed_at >= ?)", Integer.class, key,
                System.currentTimeMillis() - claimTimeout);
        return count != null && count > 0;
    }

    /** The event failed: give the claim back so a redelivery (or the reconciliation) can run it. */
    @Override
    public boolean remove(String key) {
        boolean wasRunning = running.remove(key);
        if (!shared) {
            return wasRunning;
        }
        return jdbc.update("DELETE FROM webex_events WHERE event_id = ? AND owner = ? AND done = FALSE",
                key, owner) == 1;
    }

    @Override
    public boolean confirm(String key) {
        if (!shared) {
            synchronized (done) {
                done.add(key);
                running.remove(key);
            }
            doneRows.add(key);
            return true;
        }
        int updated;
        try {
            updated = jdbc.update("UPDATE webex_events SET done = TRUE, claimed_at = ? WHERE event_id = ?"
                    + " AND owner = ?", System.currentTimeMillis(), key, owner);
        } finally {
            // only now: a second copy of the event arriving here meanwhile finds it running, not ours to take over
            running.remove(key);
        }
        if (updated == 0) {
            LOG.warn("Event {} finished here after its claim had been taken over (this replica stalled longer than {} ms)",
                    key, claimTimeout);
        }
        return updated == 1;
    }

    @Override
    public void clear() {
        running.clear();
        if (!shared) {
            jdbc.update("DELETE FROM handled_event_batches");
        }
        synchronized (done) {
            done.clear();
        }
        jdbc.update("DELETE FROM webex_events");
    }

    /** Drops handled events older than the retention (the catch-up never reads that far back). */
    public int prune(long olderThanMillis) {
        if (!shared) {
            return jdbc.update("DELETE FROM handled_event_batches WHERE written_at < ?",
                    System.currentTimeMillis() - olderThanMillis);
        }
        return jdbc.update("DELETE FROM webex_events WHERE done = TRUE AND claimed_at < ?",
                System.currentTimeMillis() - olderThanMillis);
    }

    private void keepAlive() {
        if (running.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        List<Object[]> args = running.stream().map(key -> new Object[] { now, key, owner }).toList();
        try {
            jdbc.batchUpdate("UPDATE webex_events SET claimed_at = ? WHERE event_id = ? AND owner = ?"
                    + " AND done = FALSE", args);
        } catch (RuntimeException e) {
            LOG.warn("Could not keep {} event claim(s) alive: {}", args.size(), e.getMessage());
        }
    }

    /** A tenth of a second of events at 200 a second, as the writer takes them: what {@link StateRehearsal} writes. */
    private static List<String> sample() {
        List<String> keys = new ArrayList<>(20);
        for (int i = 0; i < 20; i++) {
            keys.add("Y2lzY29zcGFyazovL3VzL01FU1NBR0UvcmVoZWFyc2FsLWV2ZW50LTAwMDAwMDAw" + i);
        }
        return keys;
    }

    private void writeDone(List<String> keys) {
        // plain JDBC, as the audit rows: Spring's per-call binding was half of what a batch cost
        Batches.insert(jdbc.getDataSource(), "INSERT INTO handled_event_batches (written_at, event_ids) VALUES (?, ?)",
                List.of(String.join("\n", keys)), (statement, ids) -> {
                    statement.setLong(1, System.currentTimeMillis());
                    statement.setString(2, ids);
                });
    }

    /** The newest handled ids, so duplicates are answered from memory (a restart reads them back once). */
    private void loadDone() {
        synchronized (done) {
            if (!done.isEmpty()) {
                return;
            }
            // newest first, a few rows per query: neither the result nor what the database keeps of it grows with the table
            List<String> batches = new ArrayList<>();
            int count = 0;
            long before = Long.MAX_VALUE;
            while (count < CACHED_DONE) {
                List<Map<String, Object>> page = jdbc.queryForList("SELECT id, event_ids FROM handled_event_batches"
                        + " WHERE id < ? ORDER BY id DESC LIMIT 8", before);
                if (page.isEmpty()) {
                    break;
                }
                for (Map<String, Object> row : page) {
                    String ids = (String) row.get("event_ids");
                    batches.add(ids);
                    count += ids.split("\n").length;
                    before = ((Number) row.get("id")).longValue();
                }
            }
            for (int i = batches.size() - 1; i >= 0; i--) {
                for (String id : batches.get(i).split("\n")) {
                    done.add(id);
                }
            }
        }
    }

    public String owner() {
        return owner;
    }

    @Override
    protected void doStart() {
        if (!shared) {
            loadDone();
            return;
        }
        if (keepAlive == null && camelContext != null) {
            keepAlive = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "WebexEventClaims");
            keepAlive.scheduleWithFixedDelay(this::keepAlive, keepAliveInterval, keepAliveInterval, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() {
        // the keep-alive goes on across a route restart (the inbound route stops this service with itself)
        if (doneRows != null) {
            doneRows.flush();
        }
    }

    @Override
    protected void doShutdown() {
        if (doneRows != null) {
            doneRows.close();
        }
        if (keepAlive != null) {
            camelContext.getExecutorServiceManager().shutdownNow(keepAlive);
            keepAlive = null;
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
