package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Action;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Message;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Person;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Room;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Messaging behaviour of the simulated cloud: validation as Webex does it, state changes, and the
 * events (listener callbacks, Mercury activities) each change causes. Runs on the event loop only.
 */
final class SandboxCloud {

    static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final int MAX_EDITS = 10;

    private final SandboxStore store;
    private final JsonViews views;
    private final Activities activities;
    private final SandboxEvents events;
    private final int maxMessageBytes;
    private WebhookHub webhooks;

    /** What a new message consists of, before validation. */
    static final class Draft {
        String text;
        String markdown;
        String html;
        List<String> files = List.of();
        List<SandboxFile> contents = List.of();
        ArrayNode attachments;
        String parentId;
        boolean mentionBot;
    }

    SandboxCloud(SandboxStore store, JsonViews views, Activities activities, SandboxEvents events, int maxMessageBytes) {
        this.store = store;
        this.views = views;
        this.activities = activities;
        this.events = events;
        this.maxMessageBytes = maxMessageBytes;
    }

    void webhooks(WebhookHub hub) {
        this.webhooks = hub;
    }

    SandboxStore store() {
        return store;
    }

    JsonViews views() {
        return views;
    }

    Message post(Person author, Room room, Draft d) {
        if (!room.members.containsKey(author.uuid)) {
            throw new SandboxException(author == store.bot() ? 404 : 400, author == store.bot()
                    ? "Could not find a room with provided ID." : author.email + " is not a member of the room");
        }
        checkSize("text", d.text);
        checkSize("markdown", d.markdown);
        checkSize("html", d.html);
        if (d.attachments != null) {
            if (d.attachments.size() > 1) {
                throw new SandboxException(400, "Only one attachment per message is supported.");
            }
            for (JsonNode att : d.attachments) {
                if (!CARD_CONTENT_TYPE.equals(att.path("contentType").asText())) {
                    throw new SandboxException(400, "Unsupported attachment contentType, expected " + CARD_CONTENT_TYPE);
                }
                if (!att.path("content").isObject()) {
                    throw new SandboxException(400, "Attachment content must be an Adaptive Card object.");
                }
            }
            if (d.attachments.isEmpty()) {
                d.attachments = null;
            }
        }
        boolean hasBody = notEmpty(d.text) || notEmpty(d.markdown) || notEmpty(d.html);
        if (!hasBody && d.files.isEmpty() && d.attachments == null) {
            throw new SandboxException(400, "Message must contain text, markdown, html, files or attachments.");
        }
        String parentUuid = resolveParent(room, d.parentId);

        String uuid = WebexIds.randomUuid();
        Message m = new Message(uuid, WebexIds.encode(store.cluster(), WebexIds.MESSAGE, uuid), room, author,
                parentUuid, store.now());
        m.markdown = d.markdown;
        m.html = d.html;
        m.text = d.text;
        if (m.text == null && d.markdown != null) {
            // Webex returns a plain rendering in "text" for markdown messages, and bots read "text".
            m.text = Markdown.toText(d.markdown);
        }
        m.attachments = d.attachments;
        m.contents = d.contents;
        m.files = d.files;
        applyMentions(m, d);
        m.visibleToBot = room.direct || author == store.bot() || m.mentions(store.bot());
        if (!d.contents.isEmpty()) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < d.contents.size(); i++) {
                urls.add(views.contentUrl(m, i));
            }
            m.files = urls;
        }
        store.addMessage(m, parentUuid);
        events.message("created", () -> views.message(m));
        if (webhooks != null) {
            webhooks.messageCreated(m);
        }
        if (m.visibleToBot) {
            if (m.contents.isEmpty()) {
                events.activity(activities.post(m));
            } else {
                events.activity(activities.share(m));
                String scanUuid = WebexIds.randomUuid();
                store.linkActivity(scanUuid, m);
                events.activity(activities.shareScanned(scanUuid, m, store.now()));
            }
        }
        return m;
    }

    Message edit(Person editor, Message m, String roomId, String text, String markdown, String html) {
        if (m.author != editor) {
            throw new SandboxException(403, "Only the author of a message can edit it.");
        }
        if (roomId == null || !roomId.equals(m.room.id) && store.roomById(roomId) != m.room) {
            throw new SandboxException(400, "roomId is required and must be the room of the message.");
        }
        if (!notEmpty(text) && !notEmpty(markdown) && !notEmpty(html)) {
            throw new SandboxException(400, "text, markdown or html is required.");
        }
        if (html != null && markdown != null) {
            throw new SandboxException(400, "Send either markdown or html, not both.");
        }
        if (m.attachments != null || !m.files.isEmpty()) {
            throw new SandboxException(400, "Messages with files or attachments cannot be edited.");
        }
        if (m.edits >= MAX_EDITS) {
            throw new SandboxException(400, "A message can be edited at most " + MAX_EDITS + " times.");
        }
        checkSize("text", text);
        checkSize("markdown", markdown);
        checkSize("html", html);
        m.markdown = markdown;
        m.html = html;
        m.text = text != null ? text : markdown != null ? Markdown.toText(markdown) : m.text;
        m.edits++;
        long t = store.now();
        m.updated = t;
        m.room.lastActivity = t;
        events.message("updated", () -> views.message(m));
        if (m.visibleToBot) {
            String editUuid = WebexIds.randomUuid();
            store.linkActivity(editUuid, m);
            events.activity(activities.edit(editUuid, m, t));
        }
        return m;
    }

    void delete(Person actor, Message m) {
        if (m.author != actor) {
            throw new SandboxException(403, "Only the author of a message can delete it.");
        }
        store.markDeleted(m);
        events.message("deleted", () -> views.message(m));
        if (m.visibleToBot) {
            events.activity(activities.delete(WebexIds.randomUuid(), m, actor, store.now()));
        }
    }

    Action submit(Person person, Message card, ObjectNode inputs) {
        if (card.attachments == null) {
            throw new SandboxException(400, "The message has no card to submit.");
        }
        if (!card.room.members.containsKey(person.uuid)) {
            throw new SandboxException(person == store.bot() ? 404 : 400, person.email + " is not a member of the room");
        }
        String uuid = WebexIds.randomUuid();
        Action a = new Action(uuid, WebexIds.encode(store.cluster(), WebexIds.ATTACHMENT_ACTION, uuid), card, person,
                inputs == null ? JsonViews.MAPPER.createObjectNode() : inputs, store.now());
        store.addAction(a);
        card.room.lastActivity = a.created;
        if (webhooks != null) {
            webhooks.actionCreated(a);
        }
        // Card submissions go to the app that posted the card, mention or not.
        if (card.author == store.bot()) {
            events.activity(activities.cardAction(a));
        }
        return a;
    }

    /** Returns the activity; it is pushed only if the bot may see the message. */
    ObjectNode acknowledge(Person person, Message m) {
        if (!m.room.members.containsKey(person.uuid)) {
            throw new SandboxException(400, person.email + " is not a member of the room");
        }
        ObjectNode activity = activities.acknowledge(WebexIds.randomUuid(), m, person, store.now());
        if (m.visibleToBot) {
            events.activity(activity.deepCopy());
        }
        return activity;
    }

    private String resolveParent(Room room, String parentId) {
        if (parentId == null || parentId.isEmpty()) {
            return null;
        }
        // webex_bot threads with the raw activity uuid, so a raw uuid must work as well as a public id.
        String parentUuid = WebexIds.uuidOfRawOrPublic(parentId, WebexIds.MESSAGE);
        Message parent = store.message(parentUuid);
        if (parent == null) {
            throw new SandboxException(400, "Invalid parentId: the parent message does not exist.");
        }
        if (parent.room != room) {
            throw new SandboxException(400, "Invalid parentId: the parent message is in another room.");
        }
        if (parent.parentUuid != null) {
            throw new SandboxException(400, "Invalid parentId: cannot reply to a reply.");
        }
        return parentUuid;
    }

    private void applyMentions(Message m, Draft d) {
        List<Person> people = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (Markdown.Mention mention : Markdown.mentions(d.markdown)) {
            Person p = switch (mention.kind()) {
                case "personEmail" -> store.personByEmail(mention.value());
                case "personId" -> store.personById(mention.value());
                default -> null;
            };
            if ("all".equals(mention.kind()) && !groups.contains("all")) {
                groups.add("all");
            } else if (p != null && !people.contains(p)) {
                people.add(p);
            }
        }
        if (d.mentionBot) {
            Person bot = store.bot();
            if (!people.contains(bot)) {
                people.add(0, bot);
            }
            String name = bot.displayName;
            String text = m.text == null ? "" : m.text;
            int at = text.indexOf(name);
            if (at < 0) {
                // A human @mention puts the display name into the text, as real clients do.
                text = text.isEmpty() ? name : name + " " + text;
                m.text = text;
                at = 0;
            }
            if (m.html == null) {
                m.html = "<p>" + Markdown.escapeHtml(text.substring(0, at))
                        + "<spark-mention data-object-type=\"person\" data-object-id=\"" + bot.id + "\">"
                        + Markdown.escapeHtml(name) + "</spark-mention>"
                        + Markdown.escapeHtml(text.substring(at + name.length())) + "</p>";
            }
        }
        m.mentionedPeople = people.isEmpty() ? List.of() : people;
        m.mentionedGroups = groups.isEmpty() ? List.of() : groups;
    }

    private void checkSize(String field, String value) {
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > maxMessageBytes) {
            throw new SandboxException(400, "The " + field + " of a message cannot exceed " + maxMessageBytes + " bytes.");
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
