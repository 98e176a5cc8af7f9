package io.github.webexcamel.gateway.skill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import io.github.webexcamel.gateway.config.StartupProblem;

/**
 * What the Webex Assistant Skills service does to a request, undone (its SDK's {@code crypto/messages.py} and
 * {@code signatures.py}): the signature is base64 of HMAC-SHA256 over the message with the skill secret; the message
 * is {@code base64(RSA-OAEP(SHA-256, MGF1-SHA-256) of a one-time Fernet key) "." base64(Fernet token)}.
 */
public class SkillCrypto {

    static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    private final byte[] secret;
    private final PrivateKey privateKey;
    private final Duration maxAge;

    public SkillCrypto(String secret, PrivateKey privateKey, Duration maxAge) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.privateKey = privateKey;
        this.maxAge = maxAge;
    }

    /** True when the signature is the message's; compared in constant time. */
    public boolean verify(String message, String signature) {
        if (message == null || signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, message), given);
    }

    static byte[] sign(byte[] secret, String message) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return hmac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /**
     * The plaintext of a signed message (verify it first).
     *
     * @throws Fernet.InvalidToken when it cannot be decrypted; the reason never carries message content
     */
    public String decrypt(String message) {
        int dot = message == null ? -1 : message.indexOf('.');
        if (dot <= 0 || dot != message.lastIndexOf('.')) {
            throw new Fernet.InvalidToken("the message is not <wrapped key>.<token>");
        }
        byte[] key;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, privateKey, OAEP);
            key = rsa.doFinal(Base64.getDecoder().decode(message.substring(0, dot)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new Fernet.InvalidToken("the wrapped key does not open with the skill's private key");
        }
        String token;
        try {
            token = new String(Base64.getDecoder().decode(message.substring(dot + 1)), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new Fernet.InvalidToken("the token is not base64");
        }
        return new Fernet(new String(key, StandardCharsets.US_ASCII)).decryptToString(token, maxAge, Instant.now());
    }

    /** A PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}, what the Skills SDK generates). */
    public static PrivateKey readPrivateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StartupProblem("Cannot read the skill's private key " + pem + " (WEBEX_SKILL_PRIVATE_KEY)");
        }
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("ENCRYPTED")) {
            throw new StartupProblem("The skill's private key " + pem + " must be an unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new StartupProblem("The skill's private key " + pem + " is not an RSA private key in PKCS#8 PEM");
        }
    }
}
