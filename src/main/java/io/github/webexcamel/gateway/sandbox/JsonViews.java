package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Action;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Device;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Message;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Person;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Room;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders entities in the exact JSON shapes of the Webex REST API and WDM. */
final class JsonViews {

    static final ObjectMapper MAPPER = new ObjectMapper();

    // Webex always sends milliseconds and a literal Z; webexpythonsdk parses with "%Y-%m-%dT%H:%M:%S.%fZ".
    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Formatting a timestamp is on the hot path; the text up to the second changes once a second. */
    private record SecondPrefix(long second, String text) {}

    private static volatile SecondPrefix lastSecond = new SecondPrefix(Long.MIN_VALUE, "");

    private final SandboxUrls urls;
    private final String cluster;
    private final String orgUuid;

    JsonViews(SandboxUrls urls, String cluster, String orgUuid) {
        this.urls = urls;
        this.cluster = cluster;
        this.orgUuid = orgUuid;
    }

    static String iso(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        SecondPrefix p = lastSecond;
        if (p.second() != second) {
            p = new SecondPrefix(second, ISO_SECONDS.format(Instant.ofEpochSecond(second)));
            lastSecond = p;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        StringBuilder b = new StringBuilder(24).append(p.text()).append('.');
        if (millis < 100) {
            b.append('0');
        }
        if (millis < 10) {
            b.append('0');
        }
        return b.append(millis).append('Z').toString();
    }

    String cluster() {
        return cluster;
    }

    String orgUuid() {
        return orgUuid;
    }

    String orgId() {
        return WebexIds.encode("us", WebexIds.ORGANIZATION, orgUuid);
    }

    String contentId(Message m, int index) {
        return WebexIds.encode(cluster, WebexIds.CONTENT, m.uuid + "/" + index);
    }

    String contentUrl(Message m, int index) {
        return urls.api() + "/contents/" + contentId(m, index);
    }

    ObjectNode person(Person p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", p.id);
        n.putArray("emails").add(p.email);
        n.putArray("phoneNumbers");
        n.put("displayName", p.displayName);
        n.put("nickName", p.displayName.split(" ")[0]);
        n.put("avatar", urls.base() + "/sandbox/avatars/" + p.uuid);
        n.put("orgId", orgId());
        n.put("created", iso(p.created));
        n.put("status", "unknown");
        n.put("type", p.bot ? "bot" : "person");
        return n;
    }

    ObjectNode room(Room r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", r.id);
        n.put("title", r.title);
        n.put("type", r.direct ? "direct" : "group");
        n.put("isLocked", false);
        n.put("lastActivity", iso(r.lastActivity));
        n.put("creatorId", WebexIds.encode("us", WebexIds.PEOPLE, r.creatorUuid));
        n.put("created", iso(r.created));
        n.put("ownerId", orgId());
        n.put("isPublic", false);
        n.put("isReadOnly", false);
        return n;
    }

    ObjectNode membership(Room r, Person p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", WebexIds.encode(cluster, WebexIds.MEMBERSHIP, p.uuid + ":" + r.uuid));
        n.put("roomId", r.id);
        n.put("roomType", r.direct ? "direct" : "group");
        n.put("personId", p.id);
        n.put("personEmail", p.email);
        n.put("personDisplayName", p.displayName);
        n.put("personOrgId", orgId());
        n.put("isModerator", false);
        n.put("isMonitor", false);
        n.put("isRoomHidden", false);
        Long joined = r.members.get(p.uuid);
        n.put("created", iso(joined == null ? r.created : joined));
        return n;
    }

    ObjectNode message(Message m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", m.id);
        if (m.parentUuid != null) {
            n.put("parentId", WebexIds.encode(cluster, WebexIds.MESSAGE, m.parentUuid));
        }
        n.put("roomId", m.room.id);
        n.put("roomType", m.room.direct ? "direct" : "group");
        if (m.text != null) {
            n.put("text", m.text);
        }
        if (m.markdown != null) {
            n.put("markdown", m.markdown);
        }
        if (m.html != null) {
            n.put("html", m.html);
        }
        if (!m.files.isEmpty()) {
            ArrayNode files = n.putArray("files");
            m.files.forEach(files::add);
        }
        n.put("personId", m.author.id);
        n.put("personEmail", m.author.email);
        if (!m.mentionedPeople.isEmpty()) {
            ArrayNode a = n.putArray("mentionedPeople");
            m.mentionedPeople.forEach(p -> a.add(p.id));
        }
        if (!m.mentionedGroups.isEmpty()) {
            ArrayNode a = n.putArray("mentionedGroups");
            m.mentionedGroups.forEach(a::add);
        }
        if (m.attachments != null) {
            n.set("attachments", m.attachments.deepCopy());
        }
        n.put("created", iso(m.created));
        if (m.updated != null) {
            n.put("updated", iso(m.updated));
        }
        return n;
    }

    ObjectNode action(Action a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", a.id);
        n.put("type", "submit");
        n.put("messageId", a.card.id);
        n.set("inputs", a.inputs.deepCopy());
        n.put("personId", a.person.id);
        n.put("roomId", a.card.room.id);
        n.put("created", iso(a.created));
        return n;
    }

    ObjectNode device(Device d, Person owner) {
        ObjectNode n = MAPPER.createObjectNode();
        n.setAll(d.registration.deepCopy());
        n.put("url", urls.deviceUrl(d.uuid));
        n.put("webSocketUrl", urls.webSocketUrl(d.uuid));
        n.put("userId", owner.uuid);
        n.put("deviceType", text(d.registration, "deviceType", "DESKTOP"));
        n.put("name", text(d.registration, "name", "sandbox-device"));
        n.put("creationTime", iso(d.created));
        n.put("modificationTime", iso(d.modified));
        n.put("intranetInactivityDuration", 1800);
        n.put("inNetworkInactivityDuration", 1800);
        n.put("webFileShareControl", "ALLOW");
        n.put("clientMessagingGiphy", "ALLOW");
        ObjectNode services = n.putObject("services");
        for (Map.Entry<String, String> s : serviceLinks().entrySet()) {
            services.put(s.getKey() + "ServiceUrl", s.getValue());
        }
        ObjectNode features = n.putObject("features");
        features.putArray("developer");
        features.putArray("entitlement");
        features.putArray("user");
        return n;
    }

    Map<String, String> serviceLinks() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("wdm", urls.wdm());
        links.put("hydra", urls.api());
        links.put("conversation", urls.conversation());
        links.put("u2c", urls.u2c());
        return links;
    }

    private static String text(ObjectNode n, String field, String fallback) {
        return n.hasNonNull(field) ? n.get(field).asText() : fallback;
    }
}
