package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Observes the sandbox. Callbacks run on the sandbox's event loop, so they must not block; the nodes
 * passed in are fresh copies the listener may keep.
 */
public interface SandboxListener {

    /** {@code event} is "created", "updated" or "deleted"; user and bot messages alike, REST shape. */
    default void onMessage(String event, ObjectNode message) {}

    /** Once per activity pushed to the bot's devices (envelope without a per-socket sequenceNumber). */
    default void onActivity(ObjectNode envelope) {}

    /** Every HTTP call the bot made to U2C, WDM, the conversation service or Hydra. */
    default void onBotRequest(String method, String path, int status) {}
}
