package io.github.webexcamel.gateway.command;

/**
 * A failure whose message is meant for the chat user (bad arguments, a backend's clear refusal). Anything
 * else reaches the user only as a short apology with a reference; the details go to the log.
 */
public class CommandException extends RuntimeException {

    public CommandException(String userMessage) {
        super(userMessage);
    }

    public CommandException(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
