package io.github.webexcamel.kamelets.a2a;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the kamelet uses of an agent card: where to send JSON-RPC, whether the agent streams, and the protocol
 * version it speaks. 0.3 cards say {@code protocolVersion} at the top; 1.0 cards say it per interface
 * ({@code supportedInterfaces[].protocolVersion}); a card that says neither is taken as 0.3 (the a2a-sdk 0.2/0.3
 * cards CAIPE served).
 *
 * <p>The card's endpoint is used only on the host of the configured agent URL (same scheme, host and port): the
 * gateway sends its bearer token there, and a card is the agent's word, not the operator's. A card naming another
 * host (often an address only the agent's own network knows, such as {@code http://localhost:8000/}) is called at
 * the configured URL instead.
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
                url.isEmpty() || !sameOrigin(url, fallbackUrl) ? fallbackUrl : url, version.isEmpty() ? "0.3.0" : version,
                card.path("capabilities").path("streaming").asBoolean(false), List.copyOf(skills));
    }

    static boolean sameOrigin(String a, String b) {
        try {
            URI x = URI.create(a.strip());
            URI y = URI.create(b.strip());
            return x.getScheme() != null && x.getHost() != null && x.getScheme().equalsIgnoreCase(y.getScheme())
                    && x.getHost().equalsIgnoreCase(y.getHost()) && port(x) == port(y);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** "0.3", "1.0": the major.minor the agent speaks. */
    public String majorMinor() {
        String[] parts = protocolVersion.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : protocolVersion;
    }
}
