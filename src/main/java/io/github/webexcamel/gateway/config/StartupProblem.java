package io.github.webexcamel.gateway.config;

/**
 * A configuration the gateway must not start with (an operator's mistake, not a bug): start-up stops with this
 * message as one log line, no stack trace, and a non-zero exit (see {@link StartupFailureReporter}).
 */
public class StartupProblem extends RuntimeException {

    public StartupProblem(String message) {
        super(message, null, false, false);
    }
}
