package io.github.webexcamel.kamelets.a2a;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one agent run has shown so far, as Markdown for the reply message: the execution plan as a checklist, the
 * tool calls started and finished, the latest status line, and the answer — streamed tokens while it runs, the
 * {@code final_result} (else {@code partial_result}, else the streamed text, else any other artifact or message)
 * once it ends. Artifact names follow the CAIPE supervisor's vocabulary; an agent without them still shows its
 * status messages and artifacts. The text is the agent's, so it is hostile: the reply goes through
 * {@code webex:messages}, which neutralises mentions and HTML.
 */
final class AgentProgress {

    private static final int MAX_TOOL_LINES = 10;
    // what one run keeps of what its agent sends, however much that is (each event is bounded by A2aClient)
    static final int MAX_ARTIFACTS = 20;
    static final int MAX_ARTIFACT_CHARS = 1 << 20;
    static final int MAX_PLAN_STEPS = 50;
    private static final int MAX_DATA_CHARS = 3000;

    private final ObjectMapper mapper;
    private final List<String[]> plan = new ArrayList<>(); // {title, status}
    private final Map<String, String> tools = new LinkedHashMap<>();
    private final Map<String, StringBuilder> artifacts = new LinkedHashMap<>();
    private final Map<String, String> artifactNames = new LinkedHashMap<>();
    private String status = "";
    private String finalResult;
    private String partialResult;
    private String messageText;
    private String statusMessage;
    private JsonNode inputRequest;
    private boolean dirty;
    String taskId;
    String contextId;
    String state;

    AgentProgress(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    synchronized void apply(A2aEvent event) {
        if (event.taskId() != null) {
            taskId = event.taskId();
        }
        if (event.contextId() != null) {
            contextId = event.contextId();
        }
        switch (event.kind()) {
            case TASK -> {
                state = event.state();
                statusMessage(event.message());
                for (JsonNode artifact : event.artifact()) { // message/send: the artifacts of the whole task
                    artifact(artifact, false);
                }
            }
            case STATUS -> {
                state = event.state();
                statusMessage(event.message());
            }
            case ARTIFACT -> artifact(event.artifact(), event.append());
            case MESSAGE -> {
                messageText = parts(event.message().path("parts"));
                state = state == null || !A2aEvent.stops(state) ? "completed" : state;
            }
        }
        dirty = true;
    }

    private void statusMessage(JsonNode message) {
        if (message == null || !message.isObject()) {
            return;
        }
        String text = parts(message.path("parts"));
        if (!text.isBlank()) {
            statusMessage = text;
            status = oneLine(text, 200);
        }
        if ("input-required".equals(state)) {
            inputRequest = message;
        }
    }

    private void artifact(JsonNode artifact, boolean append) {
        String name = artifact.path("name").asText("");
        String id = artifact.path("artifactId").asText(name);
        String text = parts(artifact.path("parts"));
        switch (name) {
            case "execution_plan_streaming" -> { } // token chunks of the plan; the whole plan follows
            case "execution_plan_update" -> {
                if (plan.isEmpty()) {
                    for (String line : text.replace("⟦", "").replace("⟧", "").split("\n")) {
                        String title = line.replaceFirst("^\\s*(?:[-*]|\\d+[.)])\\s*", "").strip();
                        if (!title.isEmpty() && plan.size() < MAX_PLAN_STEPS) {
                            plan.add(new String[] { oneLine(title, 150), "pending" });
                        }
                    }
                }
            }
            case "execution_plan_status_update" -> planSteps(artifact.path("parts"));
            case "tool_notification_start", "tool_notification_end" -> {
                String tool = artifact.path("metadata").path("tool_name").asText(artifact.path("description").asText(id));
                tools.remove(tool);
                tools.put(tool, oneLine(text, 150));
                while (tools.size() > MAX_TOOL_LINES) {
                    tools.remove(tools.keySet().iterator().next());
                }
            }
            case "final_result" -> finalResult = text;
            case "partial_result" -> partialResult = text;
            default -> {
                if (name.contains("UserInputMetaData")) {
                    inputRequest = artifact;
                    return;
                }
                if (!artifacts.containsKey(id) && artifacts.size() >= MAX_ARTIFACTS) {
                    return; // an agent that names artifacts without end: the first ones are shown
                }
                StringBuilder sb = append ? artifacts.computeIfAbsent(id, k -> new StringBuilder())
                        : new StringBuilder();
                sb.append(text, 0, Math.min(text.length(), Math.max(0, MAX_ARTIFACT_CHARS - sb.length())));
                artifacts.put(id, sb);
                artifactNames.put(id, name);
            }
        }
    }

    private void planSteps(JsonNode parts) {
        for (JsonNode part : parts) {
            JsonNode steps = part.path("data").path("steps");
            if (steps.isArray() && !steps.isEmpty()) {
                plan.clear();
                List<JsonNode> sorted = new ArrayList<>();
                steps.forEach(step -> {
                    if (sorted.size() < MAX_PLAN_STEPS) {
                        sorted.add(step);
                    }
                });
                sorted.sort((a, b) -> Integer.compare(a.path("order").asInt(), b.path("order").asInt()));
                for (JsonNode step : sorted) {
                    plan.add(new String[] { oneLine(step.path("title").asText(""), 150), step.path("status").asText("") });
                }
            }
        }
    }

    /** Text of parts: text as it is, data as a JSON block, files as links. */
    String parts(JsonNode parts) {
        StringBuilder out = new StringBuilder();
        for (JsonNode part : parts) {
            String kind = part.path("kind").asText(part.has("text") ? "text" : "");
            String piece = switch (kind) {
                case "text" -> part.path("text").asText("");
                case "data" -> {
                    String json;
                    try {
                        json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(part.path("data"));
                    } catch (Exception e) {
                        json = part.path("data").toString();
                    }
                    yield "```json\n" + (json.length() > MAX_DATA_CHARS ? json.substring(0, MAX_DATA_CHARS) + "\n…" : json)
                            + "\n```";
                }
                case "file" -> {
                    JsonNode file = part.path("file");
                    String name = file.path("name").asText("file");
                    String uri = file.path("uri").asText("");
                    yield uri.startsWith("https://") || uri.startsWith("http://") ? "[" + name.replaceAll("[\\[\\]]", "") + "](" + uri
                            .replaceAll("[()\\s]", "") + ")" : "_(file " + name + ")_";
                }
                default -> "";
            };
            if (!piece.isEmpty()) {
                if (!out.isEmpty() && !"text".equals(kind)) {
                    out.append("\n\n");
                }
                out.append(piece);
            }
        }
        return out.toString();
    }

    /** True once since the last call when something new arrived. */
    synchronized boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    synchronized JsonNode inputRequest() {
        return inputRequest;
    }

    synchronized String statusMessage() {
        return statusMessage;
    }

    /** The answer as it stands: final, partial, streamed, other artifacts, a bare message. */
    synchronized String answer() {
        if (finalResult != null && !finalResult.isBlank()) {
            return finalResult;
        }
        if (partialResult != null && !partialResult.isBlank()) {
            return partialResult;
        }
        StringBuilder streamed = new StringBuilder();
        StringBuilder other = new StringBuilder();
        artifacts.forEach((id, text) -> {
            String name = artifactNames.getOrDefault(id, "");
            if (name.equals("streaming_result")) {
                streamed.append(text);
            } else if (!name.contains("tool_notification") && !text.isEmpty()) {
                if (!other.isEmpty()) {
                    other.append("\n\n");
                }
                if (!name.isBlank() && !name.equals("current_result") && !name.equals("result")) {
                    other.append("**").append(oneLine(name, 80).replace("*", "")).append("**\n\n");
                }
                other.append(text);
            }
        });
        if (!streamed.isEmpty()) {
            return streamed.toString();
        }
        if (!other.isEmpty()) {
            return other.toString();
        }
        return messageText == null ? "" : messageText;
    }

    /** Plan and tool lines, then {@code tail}. */
    synchronized String render(String tail) {
        StringBuilder out = new StringBuilder();
        if (!plan.isEmpty()) {
            out.append("**Plan**\n");
            for (String[] step : plan) {
                String mark = switch (step[1]) {
                    case "completed" -> "✅";
                    case "in_progress" -> "⏳";
                    case "failed" -> "❌";
                    default -> "⬜";
                };
                out.append("- ").append(mark).append(' ').append(step[0]).append('\n');
            }
            out.append('\n');
        }
        for (String line : tools.values()) {
            out.append("- ").append(line).append('\n');
        }
        if (!tools.isEmpty()) {
            out.append('\n');
        }
        out.append(tail);
        return out.toString().strip();
    }

    /** The message while the agent works: plan, tools, status, the answer so far. */
    synchronized String renderProgress(String heading) {
        String answer = answer();
        String tail = answer.isBlank() ? "_" + (status.isBlank() ? heading : oneLine(status, 200).replace("_", " ")) + " …_"
                : answer + " …";
        return render(tail);
    }

    private static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > max ? line.substring(0, max) + "…" : line;
    }
}
