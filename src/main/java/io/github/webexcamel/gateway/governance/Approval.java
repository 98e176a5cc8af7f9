package io.github.webexcamel.gateway.governance;

import java.time.Instant;

/**
 * A command waiting for, or past, a second person's decision.
 *
 * @param status pending, approved, rejected or expired
 */
public record Approval(String id, String status, String requesterEmail, String requesterId, String roomId, String roomType,
                       String parentId, String messageId, String commandLine, String verb, String inputs, String keyword,
                       String subCommand, String approversRole, String cardRoomId, String cardMessageId, String decidedBy,
                       String reason, Instant createdAt, Instant expiresAt, Instant decidedAt) {
}
