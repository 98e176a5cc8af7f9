package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Action;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Message;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Person;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Room;

/**
 * Builds conversation activities as Mercury carries them. No {@code encryptionKeyUrl} anywhere: its
 * absence is what makes the JS SDK skip KMS decryption, and the cleartext then sits in
 * {@code object.displayName}.
 */
final class Activities {

    private final SandboxUrls urls;
    private final String orgUuid;

    Activities(SandboxUrls urls, String orgUuid) {
        this.urls = urls;
        this.orgUuid = orgUuid;
    }

    ObjectNode post(Message m) {
        ObjectNode a = base(m.uuid, "post", m.author, m.room, m.created);
        a.set("object", comment(m));
        if (m.parentUuid != null) {
            parent(a, "reply", m.parentUuid);
        }
        return a;
    }

    /** An edit is a new post activity pointing at the edited one. */
    ObjectNode edit(String activityUuid, Message m, long when) {
        ObjectNode a = base(activityUuid, "post", m.author, m.room, when);
        a.set("object", comment(m));
        parent(a, "edit", m.uuid);
        return a;
    }

    ObjectNode share(Message m) {
        ObjectNode a = base(m.uuid, "share", m.author, m.room, m.created);
        a.set("object", content(m, false));
        if (m.parentUuid != null) {
            parent(a, "reply", m.parentUuid);
        }
        return a;
    }

    /** After the malware scan the same content comes again as an update marked safe. */
    ObjectNode shareScanned(String activityUuid, Message m, long when) {
        ObjectNode a = base(activityUuid, "update", m.author, m.room, when);
        ObjectNode object = content(m, true);
        object.put("id", m.uuid);
        a.set("object", object);
        return a;
    }

    ObjectNode cardAction(Action action) {
        ObjectNode a = base(action.uuid, "cardAction", action.person, action.card.room, action.created);
        ObjectNode object = a.putObject("object");
        object.put("objectType", "submit");
        object.set("inputs", action.inputs.deepCopy());
        parent(a, "cardAction", action.card.uuid);
        return a;
    }

    ObjectNode acknowledge(String activityUuid, Message m, Person actor, long when) {
        return pointingAt(base(activityUuid, "acknowledge", actor, m.room, when), m);
    }

    ObjectNode delete(String activityUuid, Message m, Person actor, long when) {
        return pointingAt(base(activityUuid, "delete", actor, m.room, when), m);
    }

    private ObjectNode pointingAt(ObjectNode a, Message m) {
        ObjectNode object = a.putObject("object");
        object.put("objectType", "activity");
        object.put("id", m.uuid);
        object.put("url", activityUrl(m.uuid));
        return a;
    }

    private ObjectNode base(String uuid, String verb, Person actor, Room room, long when) {
        ObjectNode a = JsonViews.MAPPER.createObjectNode();
        a.put("id", uuid);
        a.put("objectType", "activity");
        a.put("url", activityUrl(uuid));
        a.put("published", JsonViews.iso(when));
        a.put("verb", verb);
        ObjectNode act = a.putObject("actor");
        act.put("id", actor.uuid);
        act.put("objectType", "person");
        act.put("displayName", actor.displayName);
        act.put("orgId", orgUuid);
        act.put("emailAddress", actor.email);
        act.put("entryUUID", actor.uuid);
        act.put("entryEmail", actor.email);
        act.put("type", actor.bot ? "BOT" : "PERSON");
        ObjectNode target = a.putObject("target");
        target.put("id", room.uuid);
        target.put("objectType", "conversation");
        target.put("url", urls.conversation() + "/conversations/" + room.uuid);
        // webex_bot indexes target.tags unconditionally, so group rooms get an empty list, not none.
        ArrayNode tags = target.putArray("tags");
        if (room.direct) {
            tags.add("ONE_ON_ONE");
        }
        return a;
    }

    private ObjectNode comment(Message m) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("objectType", "comment");
        o.put("displayName", m.text == null ? "" : m.text);
        if (m.html != null) {
            o.put("content", m.html);
        }
        if (m.markdown != null) {
            o.put("markdown", m.markdown);
        }
        if (!m.mentionedPeople.isEmpty()) {
            ArrayNode items = o.putObject("mentions").putArray("items");
            for (Person p : m.mentionedPeople) {
                items.addObject().put("id", p.uuid).put("objectType", "person");
            }
        }
        if (!m.mentionedGroups.isEmpty()) {
            ArrayNode items = o.putObject("groupMentions").putArray("items");
            for (String g : m.mentionedGroups) {
                items.addObject().put("groupType", g).put("objectType", "groupMention");
            }
        }
        if (m.attachments != null) {
            // The conversation service carries cards as serialized JSON strings.
            ArrayNode cards = o.putArray("cards");
            m.attachments.forEach(att -> cards.add(att.path("content").toString()));
        }
        return o;
    }

    private ObjectNode content(Message m, boolean scanned) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("objectType", "content");
        if (m.text != null) {
            o.put("displayName", m.text);
        }
        o.put("contentCategory", "documents");
        ArrayNode items = o.putObject("files").putArray("items");
        for (int i = 0; i < m.contents.size(); i++) {
            SandboxFile f = m.contents.get(i);
            ObjectNode item = items.addObject();
            item.put("objectType", "file");
            item.put("displayName", f.name());
            item.put("mimeType", f.contentType());
            item.put("fileSize", f.content().length);
            item.put("url", m.files.get(i));
            if (scanned) {
                item.put("malwareQuarantineState", "safe");
            }
        }
        return o;
    }

    private void parent(ObjectNode a, String type, String id) {
        a.putObject("parent").put("id", id).put("type", type);
    }

    private String activityUrl(String uuid) {
        return urls.conversation() + "/activities/" + uuid;
    }
}
