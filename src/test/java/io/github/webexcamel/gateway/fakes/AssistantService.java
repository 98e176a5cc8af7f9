package io.github.webexcamel.gateway.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.skill.Fernet;

/**
 * The Webex Assistant Skills service as a skill sees it (its SDK's {@code crypto/messages.py}, {@code signatures.py}
 * and {@code cli/skill.py}): a one-time Fernet key wrapped with the skill's RSA public key by OAEP (SHA-256, MGF1
 * SHA-256, no label), the request as a Fernet token, {@code base64(wrapped key) "." base64(token)}, signed with
 * HMAC-SHA256 of the shared secret, posted as {@code {"signature", "message"}} (a health check: GET with both as query
 * parameters, the message being the challenge alone). Holds the skill's key pair and writes its private key as the
 * PKCS#8 PEM file the gateway reads.
 */
public final class AssistantService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final String secret;
    private final Path privateKeyFile;
    private final HttpClient http = HttpClient.newHttpClient();

    public AssistantService() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048); // the SDK makes 4096-bit keys; 2048 keeps the tests quick and is the same scheme
            keys = generator.generateKeyPair();
            byte[] secretBytes = new byte[16];
            RANDOM.nextBytes(secretBytes);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes); // secrets.token_urlsafe(16)
            privateKeyFile = Files.createTempFile("skill-key", ".pem");
            privateKeyFile.toFile().deleteOnExit();
            Files.writeString(privateKeyFile, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String secret() {
        return secret;
    }

    public Path privateKeyFile() {
        return privateKeyFile;
    }

    public static String newChallenge() {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        return HexFormat.of().formatHex(challenge); // os.urandom(32).hex()
    }

    /** The encrypted message for a skill whose public key is {@code publicKey}. */
    public static String encrypt(String plaintext, PublicKey publicKey) {
        try {
            String fernetKey = Fernet.generateKey();
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, publicKey, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    PSource.PSpecified.DEFAULT));
            byte[] wrapped = rsa.doFinal(fernetKey.getBytes(StandardCharsets.US_ASCII));
            String token = new Fernet(fernetKey).encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(wrapped) + "."
                    + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(String message, String secret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(hmac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String encrypt(String plaintext) {
        return encrypt(plaintext, keys.getPublic());
    }

    /** POSTs the request (a JSON object) encrypted and signed as the service does. */
    public HttpResponse<String> invoke(String url, Map<String, Object> request) {
        try {
            String message = encrypt(JSON.writeValueAsString(request));
            return post(url, sign(message, secret), message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs a body with the given signature and message as they are. */
    public HttpResponse<String> post(String url, String signature, String message) {
        try {
            String body = JSON.writeValueAsString(Map.of("signature", signature, "message", message));
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The health check: GET with the signed, encrypted challenge as query parameters. */
    public HttpResponse<String> check(String url, String challenge) {
        String message = encrypt(challenge);
        return get(url, sign(message, secret), message);
    }

    public HttpResponse<String> get(String url, String signature, String message) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "?signature=" + URLEncoder.encode(signature,
                    StandardCharsets.UTF_8) + "&message=" + URLEncoder.encode(message, StandardCharsets.UTF_8))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
