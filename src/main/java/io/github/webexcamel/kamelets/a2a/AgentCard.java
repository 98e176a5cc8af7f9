package io.github.webexcamel.kamelets.a2a;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the kamelet uses of an agent card: where to send JSON-RPC, whether the agent streams, and the protocol
 * version it speaks. 0.3 cards say {@code protocolVersion} at the top; 1.0 cards say it per interface
 * ({@code supportedInterfaces[].protocolVersion}); a card that says neither is taken as 0.3 (the a2a-sdk 0.2/0.3
 * cards CAIPE served).
 */
public record AgentCard(String name, String description, String url, String protocolVersion, boolean streaming,
                        List<String> skills) {

    static AgentCard parse(JsonNode card, String fallbackUrl) {
        String version = card.path("protocolVersion").asText("");
        String url = card.path("url").asText("");
        for (JsonNode iface : card.path("supportedInterfaces")) {
            if (version.isEmpty()) {
                version = iface.path("protocolVersion").asText("");
            }
            if (url.isEmpty() && "JSONRPC".equalsIgnoreCase(iface.path("protocolBinding").asText())) {
                url = iface.path("url").asText("");
            }
        }
        List<String> skills = new ArrayList<>();
        for (JsonNode skill : card.path("skills")) {
            skills.add(skill.path("name").asText(skill.path("id").asText("")));
        }
        return new AgentCard(card.path("name").asText("agent"), card.path("description").asText(""),
                url.isEmpty() ? fallbackUrl : url, version.isEmpty() ? "0.3.0" : version,
                card.path("capabilities").path("streaming").asBoolean(false), List.copyOf(skills));
    }

    /** "0.3", "1.0": the major.minor the agent speaks. */
    public String majorMinor() {
        String[] parts = protocolVersion.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : protocolVersion;
    }
}
