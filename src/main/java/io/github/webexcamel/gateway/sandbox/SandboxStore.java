package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Action;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Device;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Message;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Person;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Room;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * All state of the simulated cloud, indexed so that the hot path (post, fetch by id, list a room) never
 * scans every message. Confined to the sandbox's event loop, hence no locks.
 */
final class SandboxStore {

    private final String cluster;
    private final Person bot;
    private final Map<String, Person> peopleByUuid = new LinkedHashMap<>();
    private final Map<String, Person> peopleByEmail = new HashMap<>();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, Room> directRoomsByPerson = new HashMap<>();
    private final Map<String, Message> messages = new HashMap<>();
    /** Activity uuids other than the message's own (edits, scan updates) → message, for the conv resolver. */
    private final Map<String, Message> messagesByOtherActivity = new HashMap<>();
    private final Map<String, List<Message>> repliesByParent = new HashMap<>();
    private final Map<String, Action> actions = new HashMap<>();
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private long lastMillis;
    private int messageCount;

    SandboxStore(String cluster, String botEmail, String botDisplayName) {
        this.cluster = cluster;
        String uuid = WebexIds.randomUuid();
        this.bot = new Person(uuid, WebexIds.encode("us", WebexIds.PEOPLE, uuid), botEmail, botDisplayName, true, now());
        register(bot);
    }

    /** Non-decreasing wall clock, so "created" order equals insertion order and before= paging is exact. */
    long now() {
        long t = System.currentTimeMillis();
        if (t < lastMillis) {
            t = lastMillis;
        }
        lastMillis = t;
        return t;
    }

    String cluster() {
        return cluster;
    }

    Person bot() {
        return bot;
    }

    // ---- people

    Person person(String email, String displayName) {
        return person(email, displayName, false);
    }

    /** Another bot account (another app's bot in the same spaces); its activities say type BOT. */
    Person person(String email, String displayName, boolean bot) {
        if (email == null || email.isBlank() || !email.contains("@")) {
            throw new SandboxException(400, "Invalid email address: " + email);
        }
        Person existing = peopleByEmail.get(email.toLowerCase(Locale.ROOT));
        if (existing != null) {
            return existing;
        }
        String uuid = WebexIds.randomUuid();
        String name = displayName == null || displayName.isBlank() ? nameFromEmail(email) : displayName;
        Person p = new Person(uuid, WebexIds.encode("us", WebexIds.PEOPLE, uuid), email, name, bot, now());
        register(p);
        return p;
    }

    Person personByEmail(String email) {
        return email == null ? null : peopleByEmail.get(email.toLowerCase(Locale.ROOT));
    }

    Person personById(String publicId) {
        String uuid = WebexIds.uuidOf(publicId, WebexIds.PEOPLE);
        return uuid == null ? null : peopleByUuid.get(uuid);
    }

    Person personByUuid(String uuid) {
        return peopleByUuid.get(uuid);
    }

    Collection<Person> people() {
        return peopleByUuid.values();
    }

    private void register(Person p) {
        peopleByUuid.put(p.uuid, p);
        peopleByEmail.put(p.email.toLowerCase(Locale.ROOT), p);
    }

    private static String nameFromEmail(String email) {
        String local = email.substring(0, email.indexOf('@'));
        StringBuilder b = new StringBuilder();
        for (String part : local.split("[._-]+")) {
            if (!part.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ").append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.length() == 0 ? local : b.toString();
    }

    // ---- rooms

    Room groupRoom(String title, Person creator, List<Person> members) {
        return groupRoom(WebexIds.randomUuid(), title, creator, members);
    }

    /** A group room whose id is known before it exists (a space an operator names in configuration). */
    Room groupRoom(String uuid, String title, Person creator, List<Person> members) {
        long t = now();
        Room r = new Room(uuid, WebexIds.encode(cluster, WebexIds.ROOM, uuid), title, false, creator.uuid, t);
        r.members.put(bot.uuid, t);
        for (Person p : members) {
            r.members.putIfAbsent(p.uuid, t);
        }
        rooms.put(uuid, r);
        return r;
    }

    /** The 1:1 room of a person with the bot; real Webex creates it on the first message. */
    Room directRoom(Person p) {
        if (p == bot) {
            throw new SandboxException(400, "Cannot create a direct room with yourself");
        }
        Room r = directRoomsByPerson.get(p.uuid);
        if (r == null) {
            String uuid = WebexIds.randomUuid();
            long t = now();
            r = new Room(uuid, WebexIds.encode(cluster, WebexIds.ROOM, uuid), p.displayName, true, p.uuid, t);
            r.members.put(p.uuid, t);
            r.members.put(bot.uuid, t);
            rooms.put(uuid, r);
            directRoomsByPerson.put(p.uuid, r);
        }
        return r;
    }

    Room existingDirectRoom(Person p) {
        return directRoomsByPerson.get(p.uuid);
    }

    Room roomById(String publicId) {
        String uuid = WebexIds.uuidOf(publicId, WebexIds.ROOM);
        return uuid == null ? null : rooms.get(uuid);
    }

    Collection<Room> rooms() {
        return rooms.values();
    }

    // ---- messages

    void addMessage(Message m, String parentUuid) {
        messages.put(m.uuid, m);
        m.room.all.add(m);
        if (m.visibleToBot) {
            m.visibleIndex = m.room.botVisible.size();
            m.room.botVisible.add(m);
        }
        if (parentUuid != null) {
            repliesByParent.computeIfAbsent(parentUuid, k -> new ArrayList<>()).add(m);
        }
        m.room.lastActivity = m.created;
        messageCount++;
    }

    void markDeleted(Message m) {
        m.deleted = true;
        messageCount--;
    }

    Message message(String uuid) {
        Message m = uuid == null ? null : messages.get(uuid);
        return m == null || m.deleted ? null : m;
    }

    /** An id of another cluster names another object: Webex routes by the cluster part, so it is not found. */
    Message messageById(String publicId) {
        return message(ownCluster(publicId) ? WebexIds.uuidOf(publicId, WebexIds.MESSAGE) : null);
    }

    void linkActivity(String activityUuid, Message m) {
        messagesByOtherActivity.put(activityUuid, m);
    }

    /** The message an activity uuid refers to: its own post/share activity, or a later edit/update. */
    Message messageByActivity(String activityUuid) {
        Message m = message(activityUuid);
        if (m == null) {
            m = messagesByOtherActivity.get(activityUuid);
        }
        return m == null || m.deleted ? null : m;
    }

    List<Message> replies(String parentUuid) {
        return repliesByParent.getOrDefault(parentUuid, List.of());
    }

    int messageCount() {
        return messageCount;
    }

    // ---- attachment actions

    void addAction(Action a) {
        actions.put(a.uuid, a);
    }

    Action action(String uuid) {
        return uuid == null ? null : actions.get(uuid);
    }

    Action actionById(String publicId) {
        return action(ownCluster(publicId) ? WebexIds.uuidOf(publicId, WebexIds.ATTACHMENT_ACTION) : null);
    }

    private boolean ownCluster(String publicId) {
        WebexIds.Decoded d = WebexIds.decode(publicId);
        return d != null && d.cluster().equals(cluster);
    }

    int actionCount() {
        return actions.size();
    }

    // ---- devices

    Device addDevice(ObjectNode registration) {
        String uuid = WebexIds.randomUuid();
        Device d = new Device(uuid, registration, now());
        devices.put(uuid, d);
        return d;
    }

    Device device(String uuid) {
        return uuid == null ? null : devices.get(uuid);
    }

    Device removeDevice(String uuid) {
        return devices.remove(uuid);
    }

    List<Device> removeAllDevices() {
        List<Device> all = new ArrayList<>(devices.values());
        devices.clear();
        return all;
    }

    Collection<Device> devices() {
        return devices.values();
    }
}
