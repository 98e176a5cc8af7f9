package io.github.webexcamel.gateway.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.camel.spi.IdempotentRepository;

/**
 * Requests a sender signed but whose replay the signature cannot tell (Assistant Skills challenges, GitHub bodies):
 * each is remembered by a hash in the handled-events store, which the replicas share and prune like events.
 */
public final class Replays {

    private Replays() {
    }

    /** True the first time this content is seen under this kind (remembered at once), false for every replay. */
    public static boolean first(IdempotentRepository seen, String kind, byte[] content) {
        String key = key(kind, content);
        if (!seen.add(key)) {
            return false;
        }
        seen.confirm(key);
        return true;
    }

    /**
     * The key of this content: {@code add} claims it (false: seen before, or being handled now), {@code confirm}
     * remembers it once handled, {@code remove} gives it back when it could not be (the sender may send it again).
     */
    public static String key(String kind, byte[] content) {
        return kind + ":" + sha256Hex(content);
    }

    private static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
