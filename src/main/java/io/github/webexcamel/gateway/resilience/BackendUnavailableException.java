package io.github.webexcamel.gateway.resilience;

import io.github.webexcamel.gateway.command.CommandException;

/**
 * The backend's circuit is open: the call was not made. The line is for the user; in the audit this is an
 * {@code error} (the gateway did not do what was asked, and it is neither the user's mistake nor an answer of
 * the backend).
 */
public class BackendUnavailableException extends CommandException {

    public BackendUnavailableException(String userMessage) {
        super(userMessage);
    }

    @Override
    public String getOutcome() {
        return "error";
    }
}
