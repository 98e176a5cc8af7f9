package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulated cloud's entities. Mutable and unsynchronized: only the sandbox's event loop touches them. */
final class SandboxModel {

    private SandboxModel() {}

    static final class Person {
        final String uuid;
        final String id;
        final String email;
        final String displayName;
        final boolean bot;
        final long created;

        Person(String uuid, String id, String email, String displayName, boolean bot, long created) {
            this.uuid = uuid;
            this.id = id;
            this.email = email;
            this.displayName = displayName;
            this.bot = bot;
            this.created = created;
        }
    }

    static final class Room {
        final String uuid;
        final String id;
        final String title;
        final boolean direct;
        final String creatorUuid;
        final long created;
        long lastActivity;
        /** member person uuid → time the membership was created. */
        final Map<String, Long> members = new LinkedHashMap<>();
        /** Every message, oldest first; deleted ones stay as tombstones so indexes remain valid. */
        final List<Message> all = new ArrayList<>();
        /** Messages the bot may see (all of a direct room; own or mentioning ones of a group room). */
        final List<Message> botVisible = new ArrayList<>();

        Room(String uuid, String id, String title, boolean direct, String creatorUuid, long created) {
            this.uuid = uuid;
            this.id = id;
            this.title = title;
            this.direct = direct;
            this.creatorUuid = creatorUuid;
            this.created = created;
            this.lastActivity = created;
        }
    }

    static final class Message {
        final String uuid;
        final String id;
        final Room room;
        final Person author;
        final String parentUuid;
        final long created;
        String text;
        String markdown;
        String html;
        List<String> files = List.of();
        /** Bytes behind {@code files} for user shares, served by GET /v1/contents/{id}. */
        List<SandboxFile> contents = List.of();
        ArrayNode attachments;
        List<Person> mentionedPeople = List.of();
        List<String> mentionedGroups = List.of();
        Long updated;
        int edits;
        boolean deleted;
        boolean visibleToBot;
        /** Position in {@code room.botVisible}, for beforeMessage paging; -1 when not visible. */
        int visibleIndex = -1;

        Message(String uuid, String id, Room room, Person author, String parentUuid, long created) {
            this.uuid = uuid;
            this.id = id;
            this.room = room;
            this.author = author;
            this.parentUuid = parentUuid;
            this.created = created;
        }

        boolean mentions(Person p) {
            return mentionedPeople.contains(p);
        }
    }

    static final class Action {
        final String uuid;
        final String id;
        final Message card;
        final Person person;
        final ObjectNode inputs;
        final long created;

        Action(String uuid, String id, Message card, Person person, ObjectNode inputs, long created) {
            this.uuid = uuid;
            this.id = id;
            this.card = card;
            this.person = person;
            this.inputs = inputs;
            this.created = created;
        }
    }

    static final class Device {
        final String uuid;
        /** What the client registered (name, deviceType, model...), echoed back like WDM does. */
        ObjectNode registration;
        final long created;
        long modified;

        Device(String uuid, ObjectNode registration, long created) {
            this.uuid = uuid;
            this.registration = registration;
            this.created = created;
            this.modified = created;
        }
    }
}
