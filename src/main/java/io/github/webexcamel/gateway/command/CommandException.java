package io.github.webexcamel.gateway.command;

/**
 * A failure whose message is meant for the chat user (bad arguments, a backend's clear refusal). Anything
 * else reaches the user only as a short apology with a reference; the details go to the log. A backend's
 * refusal carries its HTTP status for the audit log.
 */
public class CommandException extends RuntimeException {

    private final int backendStatus;

    public CommandException(String userMessage) {
        this(userMessage, 0);
    }

    public CommandException(String userMessage, Throwable cause) {
        super(userMessage, cause);
        this.backendStatus = 0;
    }

    /** A backend answered {@code backendStatus} (0: the backend did not answer at all, e.g. a timeout). */
    public CommandException(String userMessage, int backendStatus) {
        super(userMessage);
        this.backendStatus = backendStatus;
    }

    /** A backend's HTTP status, or 0 for a user's mistake. */
    public int getBackendStatus() {
        return backendStatus;
    }

    /** For the audit: user-error, or backend-error when a backend refused. */
    public String getOutcome() {
        return backendStatus > 0 ? "backend-error" : "user-error";
    }
}
