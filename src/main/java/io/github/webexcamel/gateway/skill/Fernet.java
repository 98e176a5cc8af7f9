package io.github.webexcamel.gateway.skill;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet tokens (github.com/fernet/spec, version 0x80) on the JDK's own AES-128-CBC and HMAC-SHA256: no library for
 * it resolves from the Maven Central reachable here. A token is url-safe base64 of version, 8-byte big-endian
 * seconds, 16-byte IV, ciphertext and an HMAC over all of that; the key is url-safe base64 of 32 bytes, the signing
 * half first.
 */
public final class Fernet {

    private static final byte VERSION = (byte) 0x80;
    private static final int HEADER = 1 + 8 + 16;
    private static final int MAC = 32;
    /** As the spec and Python's cryptography: a token may come from a clock at most this far ahead. */
    private static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] signingKey;
    private final byte[] encryptionKey;

    /** @param key url-safe base64 of 32 bytes (what Python's {@code Fernet.generate_key()} returns) */
    public Fernet(String key) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(key.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("the Fernet key is not url-safe base64");
        }
        if (raw.length != 32) {
            throw new InvalidToken("a Fernet key has 32 bytes, not " + raw.length);
        }
        signingKey = Arrays.copyOfRange(raw, 0, 16);
        encryptionKey = Arrays.copyOfRange(raw, 16, 32);
    }

    public static String generateKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }

    public String encrypt(byte[] plaintext) {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        return encrypt(plaintext, iv, Instant.now());
    }

    /** With a given IV and time: what the spec's generate vectors check. */
    public String encrypt(byte[] plaintext, byte[] iv, Instant now) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
            byte[] ciphertext = aes.doFinal(plaintext);
            ByteBuffer token = ByteBuffer.allocate(HEADER + ciphertext.length + MAC);
            token.put(VERSION).putLong(now.getEpochSecond()).put(iv).put(ciphertext);
            token.put(mac(token.array(), HEADER + ciphertext.length));
            return Base64.getUrlEncoder().encodeToString(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES or HMAC is missing from this JVM", e);
        }
    }

    /**
     * The plaintext of the token; {@code ttl} null accepts any age (as Python's {@code decrypt} without a ttl).
     *
     * @throws InvalidToken for anything but a well-formed, authentic (and, with a ttl, fresh) token
     */
    public byte[] decrypt(String token, Duration ttl, Instant now) {
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("not url-safe base64");
        }
        if (data.length < HEADER + 16 + MAC || (data.length - HEADER - MAC) % 16 != 0 || data[0] != VERSION) {
            throw new InvalidToken("not a version 0x80 Fernet token");
        }
        // the MAC first, in constant time: nothing of an unauthenticated token is looked at further
        byte[] expected = mac(data, data.length - MAC);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, data.length - MAC, data.length))) {
            throw new InvalidToken("the HMAC does not match");
        }
        long issued = ByteBuffer.wrap(data, 1, 8).getLong();
        if (ttl != null) {
            if (issued > now.plus(MAX_CLOCK_SKEW).getEpochSecond()) {
                throw new InvalidToken("issued in the future");
            }
            if (issued + ttl.toSeconds() < now.getEpochSecond()) {
                throw new InvalidToken("expired");
            }
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(data, 9, 16));
            return aes.doFinal(data, HEADER, data.length - HEADER - MAC);
        } catch (GeneralSecurityException e) {
            throw new InvalidToken("bad padding");
        }
    }

    public String decryptToString(String token, Duration ttl, Instant now) {
        return new String(decrypt(token, ttl, now), StandardCharsets.UTF_8);
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            hmac.update(data, 0, length);
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /** The token (or key) is not one this key made, is malformed or is too old. Never carries token content. */
    public static class InvalidToken extends RuntimeException {
        public InvalidToken(String reason) {
            super("Invalid Fernet token: " + reason);
        }
    }
}
