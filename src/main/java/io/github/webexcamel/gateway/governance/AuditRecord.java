package io.github.webexcamel.gateway.governance;

/**
 * One row of the audit log: a decision about a command, and for allowed commands how it ended.
 *
 * @param at             epoch millis
 * @param personEmail    who asked (or decided, for approvals)
 * @param roomId         the space
 * @param roomType       direct or group
 * @param keyword        the command keyword
 * @param subCommand     the sub-command, when the command has them
 * @param arguments      the arguments, secrets redacted
 * @param decision       allowed, denied, approval-requested, approved, rejected, expired, rate-limited
 * @param approver       who approved or rejected
 * @param outcome        ok, user-error, backend-error, error (allowed commands), or null
 * @param status         the backend's HTTP status for a backend error
 * @param detail         a short reason (the missing role, the scope) — never message content
 * @param durationMs     how long the command ran
 * @param replyMessageId the reply's Webex message id
 * @param eventId        the Webex event id
 * @param approvalId     the approval request
 */
public record AuditRecord(long at, String personEmail, String roomId, String roomType, String keyword, String subCommand,
                          String arguments, String decision, String approver, String outcome, Integer status,
                          String detail, Long durationMs, String replyMessageId, String eventId, String approvalId) {
}
