package io.github.webexcamel.gateway.webex;

import com.fasterxml.jackson.databind.JsonNode;

/** The bot itself, from {@code GET /v1/people/me}: used to ignore its own messages and strip its mention. */
public record WebexIdentity(String personId, String uuid, String email, String displayName) {

    public static WebexIdentity of(JsonNode me) {
        String id = me.path("id").asText();
        return new WebexIdentity(id, WebexIds.uuidOf(id), me.path("emails").path(0).asText(""),
                me.path("displayName").asText(""));
    }

    public boolean isSelf(String personIdOrUuid, String email) {
        return (personIdOrUuid != null && (personIdOrUuid.equals(personId) || personIdOrUuid.equals(uuid)))
                || (email != null && !email.isEmpty() && email.equalsIgnoreCase(this.email));
    }
}
