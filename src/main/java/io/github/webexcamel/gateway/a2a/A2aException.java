package io.github.webexcamel.gateway.a2a;

/** A failure talking to an agent, with a message fit for the person who asked (no secrets, no agent text). */
public class A2aException extends RuntimeException {

    private final int rpcCode;

    public A2aException(String message) {
        this(message, 0, null);
    }

    public A2aException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public A2aException(String message, int rpcCode, Throwable cause) {
        super(message, cause);
        this.rpcCode = rpcCode;
    }

    /** The JSON-RPC error code the agent answered, 0 when the failure was not a JSON-RPC error. */
    public int rpcCode() {
        return rpcCode;
    }
}
