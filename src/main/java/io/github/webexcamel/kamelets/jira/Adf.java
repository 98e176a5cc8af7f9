package io.github.webexcamel.kamelets.jira;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Atlassian Document Format (Jira Cloud v3) to and from plain text: paragraphs of text, nothing richer. */
public final class Adf {

    private Adf() {
    }

    /** One ADF paragraph per line of text. */
    public static Map<String, Object> of(String text) {
        List<Object> paragraphs = new ArrayList<>();
        for (String line : text.split("\\R")) {
            paragraphs.add(line.isEmpty() ? Map.of("type", "paragraph")
                    : Map.of("type", "paragraph", "content", List.of(Map.of("type", "text", "text", line))));
        }
        return Map.of("type", "doc", "version", 1, "content", paragraphs);
    }

    /** The text of an ADF node (or a plain string as is). */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        StringBuilder text = new StringBuilder();
        collect(node, text);
        return text.toString().strip();
    }

    private static void collect(JsonNode node, StringBuilder text) {
        if (node.path("type").asText().equals("text")) {
            text.append(node.path("text").asText());
        }
        for (JsonNode child : node.path("content")) {
            collect(child, text);
        }
        if (node.path("type").asText().equals("paragraph")) {
            text.append('\n');
        }
    }
}
