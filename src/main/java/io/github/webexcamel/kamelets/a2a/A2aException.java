package io.github.webexcamel.kamelets.a2a;

import io.github.webexcamel.kamelets.ActionException;

/**
 * A failure talking to an agent, with a message fit for the person who asked (no secrets, no agent text). The cause
 * is logged where it happens and not kept, as no {@link ActionException} keeps one.
 */
public class A2aException extends ActionException {

    private final int rpcCode;

    public A2aException(String message) {
        this(message, 0, null);
    }

    public A2aException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public A2aException(String message, int rpcCode, Throwable cause) {
        super(message, 0, rpcCode == 0 ? "error" : "backend-error");
        this.rpcCode = rpcCode;
    }

    /** The JSON-RPC error code the agent answered, 0 when the failure was not a JSON-RPC error. */
    public int rpcCode() {
        return rpcCode;
    }
}
