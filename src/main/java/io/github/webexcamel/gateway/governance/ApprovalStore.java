package io.github.webexcamel.gateway.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** The approvals table: pending requests survive restarts, and each decision is one atomic status change. */
class ApprovalStore {

    private static final String COLUMNS = "id, status, requester_email, requester_id, room_id, room_type, parent_id,"
            + " message_id, command_line, verb, inputs, keyword, sub_command, approvers_role, card_room_id, card_message_id,"
            + " decided_by, reason, created_at, expires_at, decided_at";

    private final JdbcTemplate jdbc;

    ApprovalStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void create(Approval a) {
        jdbc.update("INSERT INTO approvals (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(), a.status(), a.requesterEmail(), a.requesterId(), a.roomId(), a.roomType(), a.parentId(),
                a.messageId(), a.commandLine(), a.verb(), a.inputs(), a.keyword(), a.subCommand(), a.approversRole(),
                a.cardRoomId(), a.cardMessageId(), a.decidedBy(), a.reason(), a.createdAt().toEpochMilli(),
                a.expiresAt().toEpochMilli(), null);
    }

    void card(String id, String roomId, String messageId) {
        jdbc.update("UPDATE approvals SET card_room_id = ?, card_message_id = ? WHERE id = ?", roomId, messageId, id);
    }

    Optional<Approval> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM approvals WHERE id = ?", ApprovalStore::row, id).stream().findFirst();
    }

    /**
     * Moves a pending, unexpired request to {@code status}: true for exactly one caller however many decide at once
     * (double clicks, two approvers, a redelivered submit).
     */
    boolean decide(String id, String status, String by, String reason, Instant at) {
        return jdbc.update("UPDATE approvals SET status = ?, decided_by = ?, reason = ?, decided_at = ? WHERE id = ?"
                        + " AND status = 'pending' AND expires_at >= ?", status, by, reason, at.toEpochMilli(), id,
                at.toEpochMilli()) == 1;
    }

    /** Pending requests past their expiry (the caller expires each with {@link #decide}-like semantics). */
    List<Approval> overdue(Instant now) {
        return jdbc.query("SELECT " + COLUMNS + " FROM approvals WHERE status = 'pending' AND expires_at < ?",
                ApprovalStore::row, now.toEpochMilli());
    }

    boolean expire(String id, Instant now) {
        return jdbc.update("UPDATE approvals SET status = 'expired', decided_at = ? WHERE id = ? AND status = 'pending'",
                now.toEpochMilli(), id) == 1;
    }

    List<Approval> recent(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM approvals ORDER BY created_at DESC LIMIT " + limit, ApprovalStore::row);
    }

    int prune(Instant before) {
        return jdbc.update("DELETE FROM approvals WHERE status <> 'pending' AND created_at < ?", before.toEpochMilli());
    }

    private static Approval row(ResultSet rs, int n) throws SQLException {
        Long decided = rs.getObject("decided_at", Long.class);
        return new Approval(rs.getString("id"), rs.getString("status"), rs.getString("requester_email"),
                rs.getString("requester_id"), rs.getString("room_id"), rs.getString("room_type"), rs.getString("parent_id"),
                rs.getString("message_id"), rs.getString("command_line"), rs.getString("verb"), rs.getString("inputs"),
                rs.getString("keyword"), rs.getString("sub_command"), rs.getString("approvers_role"),
                rs.getString("card_room_id"), rs.getString("card_message_id"), rs.getString("decided_by"),
                rs.getString("reason"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")), decided == null ? null : Instant.ofEpochMilli(decided));
    }
}
