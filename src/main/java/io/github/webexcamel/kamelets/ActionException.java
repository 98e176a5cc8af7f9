package io.github.webexcamel.kamelets;

/**
 * A kamelet's failure whose message is one line meant for whoever asked (a person in a chat, a Pipe's log): a
 * backend's refusal, a timeout, an open circuit, bad input. It never holds a credential, a request header or a
 * backend's body beyond a shortened error text. The gateway answers it as it answers its own CommandException.
 */
public class ActionException extends RuntimeException {

    private final int backendStatus;
    private final String outcome;

    /** Bad input: the caller's mistake. */
    public ActionException(String message) {
        this(message, 0, "user-error");
    }

    /** A backend answered {@code backendStatus}. */
    public ActionException(String message, int backendStatus) {
        this(message, backendStatus, "backend-error");
    }

    /**
     * @param backendStatus the backend's HTTP status, 0 when it did not answer
     * @param outcome       user-error, backend-error, or error (the call was not made or not completed)
     */
    public ActionException(String message, int backendStatus, String outcome) {
        super(message, null, false, false);
        this.backendStatus = backendStatus;
        this.outcome = outcome;
    }

    public int getBackendStatus() {
        return backendStatus;
    }

    public String getOutcome() {
        return outcome;
    }
}
