package io.github.webexcamel.gateway.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Webex public ("Hydra") ids: {@code base64url-nopad("ciscospark://<cluster>/<TYPE>/<uuid>")}.
 * Decoding is lenient (padding optional, either alphabet) because real clients differ: the JS and
 * Android SDKs emit unpadded url-safe ids while err-backend and ciscospark-websocket pad them.
 */
public final class WebexIds {

    public static final String MESSAGE = "MESSAGE";
    public static final String ROOM = "ROOM";
    public static final String PEOPLE = "PEOPLE";
    public static final String ORGANIZATION = "ORGANIZATION";
    public static final String ATTACHMENT_ACTION = "ATTACHMENT_ACTION";
    public static final String CONTENT = "CONTENT";
    public static final String MEMBERSHIP = "MEMBERSHIP";

    private static final String SCHEME = "ciscospark://";
    private static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** A decoded public id. {@code local} is the uuid, or {@code uuid/index}, {@code person:room}. */
    public record Decoded(String cluster, String type, String local) {}

    private WebexIds() {}

    public static String encode(String cluster, String type, String local) {
        // PEOPLE and ORGANIZATION are always "us" on real Webex, whatever the room's cluster.
        String c = PEOPLE.equals(type) || ORGANIZATION.equals(type) ? "us" : cluster;
        byte[] raw = (SCHEME + c + "/" + type + "/" + local).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Returns null when the text is not a public id (a raw uuid, garbage, or another scheme). */
    public static Decoded decode(String publicId) {
        if (publicId == null || publicId.isEmpty() || isUuid(publicId)) {
            return null;
        }
        String s = publicId.trim().replace('+', '-').replace('/', '_');
        int eq = s.indexOf('=');
        if (eq >= 0) {
            s = s.substring(0, eq);
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!text.startsWith(SCHEME)) {
            return null;
        }
        String[] parts = text.substring(SCHEME.length()).split("/", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return new Decoded(parts[0], parts[1], parts[2]);
    }

    /** The uuid of a public id of the given type, or null if it is not one. */
    public static String uuidOf(String publicId, String expectedType) {
        Decoded d = decode(publicId);
        return d != null && d.type().equals(expectedType) ? d.local().toLowerCase(Locale.ROOT) : null;
    }

    /** Accepts a raw uuid as well as a public id of the given type (parentId in POST /v1/messages). */
    public static String uuidOfRawOrPublic(String id, String expectedType) {
        if (id != null && isUuid(id)) {
            return id.toLowerCase(Locale.ROOT);
        }
        return uuidOf(id, expectedType);
    }

    public static boolean isUuid(String s) {
        return s != null && UUID_SHAPE.matcher(s).matches();
    }

    /** Version-4 uuid from a non-blocking source; ids here need uniqueness, not unpredictability. */
    public static String randomUuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
