package io.github.webexcamel.gateway.state;

import java.time.Instant;

import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.governance.Approvals;
import io.github.webexcamel.gateway.governance.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the scheduled pruning route removes: rows past their retention, and the state of long-idle spaces. */
public class StatePruning {

    private static final Logger LOG = LoggerFactory.getLogger(StatePruning.class);

    private final EventClaims events;
    private final AuditLog audit;
    private final Approvals approvals;
    private final JdbcTemplate jdbc;
    private final GatewayProperties properties;
    private final int maxSpaces;

    public StatePruning(EventClaims events, AuditLog audit, Approvals approvals, JdbcTemplate jdbc,
                        GatewayProperties properties, int maxSpaces) {
        this.events = events;
        this.audit = audit;
        this.approvals = approvals;
        this.jdbc = jdbc;
        this.properties = properties;
        this.maxSpaces = maxSpaces;
    }

    public void prune() {
        Instant auditBefore = Instant.now().minus(properties.audit().retention());
        int auditRows = audit.prune(auditBefore);
        int approvalRows = approvals.prune(auditBefore);
        int eventRows = events.prune(properties.state().eventRetention().toMillis());
        int spaces = keepNewest("llm_memory") + keepNewest("chat_settings");
        if (auditRows + approvalRows + eventRows + spaces > 0) {
            LOG.info("Pruned {} audit row(s), {} decided approval(s), {} handled event id(s), {} idle space state(s)",
                    auditRows, approvalRows, eventRows, spaces);
        }
    }

    /** Per-space state is bounded by the number of spaces: the least recently used beyond maxSpaces go. */
    private int keepNewest(String table) {
        Long cutoff = jdbc.query("SELECT updated_at FROM " + table + " ORDER BY updated_at DESC LIMIT 1 OFFSET " + maxSpaces,
                rs -> rs.next() ? rs.getLong(1) : null);
        return cutoff == null ? 0 : jdbc.update("DELETE FROM " + table + " WHERE updated_at <= ?", cutoff);
    }
}
