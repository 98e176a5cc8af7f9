package io.github.webexcamel.kamelets.a2a;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The wire format of one A2A protocol version over JSON-RPC: method names, request shapes, headers and how
 * results read. The transport (HTTP, SSE, tokens) is {@link A2aClient}'s and the same for every version, so
 * A2A 1.0 ({@code SendStreamingMessage}, PascalCase methods, {@code A2A-Version} header, wrapped results,
 * {@code TASK_STATE_*} enums) is one more implementation of this interface.
 */
public interface A2aProtocol {

    /** The version this implementation speaks, e.g. "0.3". */
    String version();

    /** Version headers every request carries. */
    default void headers(HttpRequest.Builder request) {
    }

    /**
     * The params of a send: a user message with {@code text} (and {@code data} as a data part when not null),
     * continuing {@code contextId} and {@code taskId} when they are not null.
     */
    ObjectNode sendParams(String messageId, String text, JsonNode data, String contextId, String taskId);

    String streamMethod();

    String sendMethod();

    String cancelMethod();

    String resubscribeMethod();

    ObjectNode taskIdParams(String taskId);

    /** A JSON-RPC result (or one streamed result) as an event; null when it is not one this version defines. */
    A2aEvent event(JsonNode result);

    /** The protocol for a card, or an explanation the person can read when the gateway does not speak it. */
    static A2aProtocol forCard(AgentCard card) {
        return switch (card.majorMinor()) {
            case "0.3", "0.2" -> new A2aV03();
            default -> throw new A2aException("The agent " + card.name() + " speaks A2A " + card.protocolVersion()
                    + "; this gateway speaks A2A 0.3 (A2A 1.0 is not supported yet).");
        };
    }
}
