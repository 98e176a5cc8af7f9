package io.github.webexcamel.gateway.governance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.webexcamel.gateway.state.Batches;
import io.github.webexcamel.gateway.state.WriteBehind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every decision and outcome, in the state store's {@code audit_log}, plus one structured INFO line per record on
 * the {@code io.github.webexcamel.gateway.audit} logger (keyword and sub-command, never message content).
 *
 * <p>The line is written at once; the rows within a tenth of a second, in batches ({@link WriteBehind}). A crash can
 * lose the rows of that last moment from the store, not from the log; a clean stop and every read write them first.
 */
public class AuditLog implements AutoCloseable {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.github.webexcamel.gateway.audit");
    private static final String COLUMNS = "at, person_email, room_id, room_type, keyword, sub_command, arguments, decision,"
            + " approver, outcome, status, detail, duration_ms, reply_message_id, event_id, approval_id";

    private static final String INSERT = "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private final JdbcTemplate jdbc;
    private final WriteBehind<AuditRecord> rows;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.rows = new WriteBehind<>("audit", this::write);
    }

    public void record(AuditRecord r) {
        if (AUDIT.isInfoEnabled()) {
            AUDIT.info("audit decision={} command={}{} person={} room={} roomType={}{}{}{}{}", r.decision(), r.keyword(),
                    r.subCommand() == null ? "" : " sub=" + r.subCommand(), r.personEmail(), r.roomId(), r.roomType(),
                    r.approver() == null ? "" : " approver=" + r.approver(),
                    r.outcome() == null ? "" : " outcome=" + r.outcome(), r.status() == null ? "" : " status=" + r.status(),
                    r.durationMs() == null ? "" : " durationMs=" + r.durationMs());
        }
        rows.add(r);
    }

    private void write(List<AuditRecord> batch) {
        Batches.insert(jdbc.getDataSource(), INSERT, batch, AuditLog::bind);
    }

    private static void bind(PreparedStatement s, AuditRecord r) throws SQLException {
        s.setLong(1, r.at());
        Batches.setString(s, 2, r.personEmail());
        Batches.setString(s, 3, r.roomId());
        Batches.setString(s, 4, r.roomType());
        Batches.setString(s, 5, r.keyword());
        Batches.setString(s, 6, r.subCommand());
        Batches.setString(s, 7, cut(r.arguments(), 2000));
        Batches.setString(s, 8, r.decision());
        Batches.setString(s, 9, r.approver());
        Batches.setString(s, 10, r.outcome());
        Batches.setInt(s, 11, r.status());
        Batches.setString(s, 12, cut(r.detail(), 500));
        Batches.setLong(s, 13, r.durationMs());
        Batches.setString(s, 14, r.replyMessageId());
        Batches.setString(s, 15, r.eventId());
        Batches.setString(s, 16, r.approvalId());
    }

    /** Writes the rows still waiting (a read sees everything recorded before it). */
    public void flush() {
        rows.flush();
    }

    @Override
    public void close() {
        rows.close();
    }

    /** Newest first. Any filter may be null. */
    public List<AuditRecord> find(Instant since, String person, String keyword, int limit) {
        flush();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (since != null) {
            sql.append(" AND at >= ?");
            args.add(since.toEpochMilli());
        }
        if (person != null && !person.isBlank()) {
            sql.append(" AND LOWER(person_email) = ?");
            args.add(person.strip().toLowerCase());
        }
        if (keyword != null && !keyword.isBlank()) {
            sql.append(" AND keyword = ?");
            args.add(keyword.strip().replaceFirst("^/", "").toLowerCase());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(Math.max(1, Math.min(limit, 10_000)));
        return jdbc.query(sql.toString(), AuditLog::row, args.toArray());
    }

    public int prune(Instant before) {
        flush();
        return jdbc.update("DELETE FROM audit_log WHERE at < ?", before.toEpochMilli());
    }

    private static AuditRecord row(ResultSet rs, int n) throws SQLException {
        return new AuditRecord(rs.getLong("at"), rs.getString("person_email"), rs.getString("room_id"),
                rs.getString("room_type"), rs.getString("keyword"), rs.getString("sub_command"), rs.getString("arguments"),
                rs.getString("decision"), rs.getString("approver"), rs.getString("outcome"),
                (Integer) rs.getObject("status", Integer.class), rs.getString("detail"),
                (Long) rs.getObject("duration_ms", Long.class), rs.getString("reply_message_id"), rs.getString("event_id"),
                rs.getString("approval_id"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
