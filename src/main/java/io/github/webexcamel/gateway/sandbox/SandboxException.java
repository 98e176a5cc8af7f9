package io.github.webexcamel.gateway.sandbox;

/** A request the simulated cloud refuses; {@code status} is the HTTP status real Webex would send. */
public final class SandboxException extends RuntimeException {

    private final int status;

    public SandboxException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
