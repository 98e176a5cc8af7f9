package io.github.webexcamel.kamelets.a2a;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One streamed (or returned) A2A object, in the kamelet's own terms so that the progress rendering does not
 * depend on a protocol version: a task snapshot, a status update, an artifact chunk or a bare message.
 *
 * @param state     the task state in 0.3 spelling ({@code working}, {@code input-required}, …), null for artifacts
 * @param message   the status message or the bare message (its {@code parts}), or null
 * @param artifact  the artifact of an artifact update, or null
 * @param last      true when the agent ends the stream with this event
 */
public record A2aEvent(Kind kind, String taskId, String contextId, String state, JsonNode message, JsonNode artifact,
                       boolean append, boolean last) {

    public enum Kind { TASK, STATUS, ARTIFACT, MESSAGE }

    public static boolean terminal(String state) {
        return state != null && switch (state) {
            case "completed", "canceled", "failed", "rejected" -> true;
            default -> false;
        };
    }

    /** A state that ends this exchange with the agent: terminal, or waiting for the person. */
    public static boolean stops(String state) {
        return terminal(state) || "input-required".equals(state) || "auth-required".equals(state);
    }
}
