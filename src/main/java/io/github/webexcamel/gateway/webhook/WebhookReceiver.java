package io.github.webexcamel.gateway.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexEventsConsumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of Webex webhooks (the {@code webex-webhook} route): refuses a body over the limit (413) and a
 * delivery whose {@code X-Spark-Signature} is not the lowercase hex HMAC-SHA1 of the raw body with our secret (401,
 * counted, nothing else happens), then hands the delivery to the {@code webex:events} consumer and answers 200 at
 * once: the message is fetched and the command runs afterwards, so Webex never waits on a backend.
 */
public class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    static final String SIGNATURE = "X-Spark-Signature";

    private final WebexComponent webex;
    private final WebexWebhooks webhooks;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final boolean mercuryToo;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    /**
     * @param mercuryToo the ingress is both: a delivery no consumer here takes (a follower replica, whose leader holds
     *                   the socket) is acknowledged, as Mercury brings the same event to the leader
     */
    public WebhookReceiver(WebexComponent webex, WebexWebhooks webhooks, ObjectMapper mapper, long maxBodyBytes,
                           boolean mercuryToo) {
        this.webex = webex;
        this.webhooks = webhooks;
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
        this.mercuryToo = mercuryToo;
    }

    public void receive(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        if (!webhooks.enabled()) {
            respond(in, 404, "Webex webhooks are not an ingress of this gateway (webex.ingress)");
            return;
        }
        String signature = in.getHeader(SIGNATURE, String.class);
        Long declared = contentLength(in.getHeader(Exchange.CONTENT_LENGTH));
        byte[] body = declared != null && declared > maxBodyBytes ? null : read(in);
        if (body == null) {
            tooLarge.incrementAndGet();
            LOG.warn("Refused a Webex webhook delivery larger than {} bytes", maxBodyBytes);
            respond(in, 413, "Payload too large");
            return;
        }
        if (!verified(body, signature)) {
            badSignatures.incrementAndGet();
            LOG.warn("Refused a Webex webhook delivery with a {} X-Spark-Signature", signature == null ? "missing" : "wrong");
            respond(in, 401, "Invalid signature");
            return;
        }
        JsonNode delivery;
        try {
            delivery = mapper.readTree(body);
        } catch (IOException e) {
            delivery = null;
        }
        if (delivery == null || !delivery.isObject()) {
            malformed.incrementAndGet();
            respond(in, 400, "Not a webhook delivery");
            return;
        }
        for (WebexEventsConsumer consumer : webex.consumers()) {
            if (consumer.onWebhook(delivery)) {
                accepted.incrementAndGet();
                respond(in, 200, "");
                return;
            }
        }
        if (mercuryToo) {
            // a follower (or a leader still starting): the leader's socket, or its catch-up, brings the event
            accepted.incrementAndGet();
            respond(in, 200, "");
            return;
        }
        // not started yet or stopping: Webex may try again, and a replica that is up may take it
        respond(in, 503, "Not ready");
    }

    private boolean verified(byte[] body, String signature) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(webhooks.secret(), body)).getBytes(StandardCharsets.US_ASCII);
        // constant time: how much of a guess matches must not show in how long the answer takes
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** The raw body, or null when it is larger than the limit (read no further than that). */
    private byte[] read(Message in) throws IOException {
        Object body = in.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes.length > maxBodyBytes ? null : bytes;
        }
        try (InputStream stream = in.getBody(InputStream.class)) {
            if (stream == null) {
                return new byte[0];
            }
            byte[] bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            return bytes.length > maxBodyBytes ? null : bytes;
        }
    }

    private static Long contentLength(Object header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Only the status and a short text go back: none of the request's headers is echoed. */
    private static void respond(Message in, int status, String text) {
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        in.setBody(text);
    }

    public long accepted() {
        return accepted.get();
    }

    public long badSignatures() {
        return badSignatures.get();
    }

    /** A delivery the body limit in front of the route refused (web.BodyLimits): counted with the others. */
    public void countTooLarge() {
        tooLarge.incrementAndGet();
    }

    public long tooLarge() {
        return tooLarge.get();
    }

    public long malformed() {
        return malformed.get();
    }
}
