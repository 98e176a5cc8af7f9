package io.github.webexcamel.kamelets.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A2A 0.3 over JSON-RPC (a2a-sdk 0.3, the CAIPE supervisor): slash methods, camelCase objects, {@code kind}. */
final class A2aV03 implements A2aProtocol {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public String version() {
        return "0.3";
    }

    @Override
    public ObjectNode sendParams(String messageId, String text, JsonNode data, String contextId, String taskId) {
        ObjectNode message = JSON.objectNode();
        message.put("role", "user");
        var parts = message.putArray("parts");
        parts.addObject().put("kind", "text").put("text", text);
        if (data != null) {
            parts.addObject().put("kind", "data").set("data", data);
        }
        message.put("messageId", messageId);
        if (contextId != null) {
            message.put("contextId", contextId);
        }
        if (taskId != null) {
            message.put("taskId", taskId);
        }
        message.put("kind", "message");
        ObjectNode params = JSON.objectNode();
        params.set("message", message);
        params.putObject("configuration").putArray("acceptedOutputModes").add("text").add("text/plain")
                .add("text/markdown").add("application/json");
        return params;
    }

    @Override
    public String streamMethod() {
        return "message/stream";
    }

    @Override
    public String sendMethod() {
        return "message/send";
    }

    @Override
    public String cancelMethod() {
        return "tasks/cancel";
    }

    @Override
    public String resubscribeMethod() {
        return "tasks/resubscribe";
    }

    @Override
    public ObjectNode taskIdParams(String taskId) {
        return JSON.objectNode().put("id", taskId);
    }

    @Override
    public A2aEvent event(JsonNode r) {
        String kind = r.path("kind").asText("");
        return switch (kind) {
            case "task" -> new A2aEvent(A2aEvent.Kind.TASK, r.path("id").asText(null), r.path("contextId").asText(null),
                    r.path("status").path("state").asText(null), r.path("status").path("message"), r.path("artifacts"),
                    false, A2aEvent.stops(r.path("status").path("state").asText(null)));
            case "status-update" -> new A2aEvent(A2aEvent.Kind.STATUS, r.path("taskId").asText(null),
                    r.path("contextId").asText(null), r.path("status").path("state").asText(null),
                    r.path("status").path("message"), null, false, r.path("final").asBoolean(false));
            case "artifact-update" -> new A2aEvent(A2aEvent.Kind.ARTIFACT, r.path("taskId").asText(null),
                    r.path("contextId").asText(null), null, null, r.path("artifact"), r.path("append").asBoolean(false),
                    false);
            case "message" -> new A2aEvent(A2aEvent.Kind.MESSAGE, r.path("taskId").asText(null),
                    r.path("contextId").asText(null), null, r, null, false, true);
            default -> null;
        };
    }
}
