package io.github.webexcamel.gateway.webhook;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.state.StateValues;
import io.github.webexcamel.gateway.webex.WebexConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Webex webhooks: one {@code messages}/{@code created} and one {@code attachmentActions}/{@code created}
 * webhook pointing at this gateway, signed with its secret. {@link #reconcile()} makes Webex's list match that (it
 * creates what is missing, repairs a webhook of ours with a stale target, secret or status, and deletes duplicates),
 * so running it at every start, or on every replica that becomes leader, never adds a second one.
 * {@link #cleanup()} deletes ours again.
 *
 * <p>Ours are the webhooks named {@value #NAME_PREFIX}... or targeting our URL, for the two resource/event pairs:
 * other webhooks of the same bot (a firehose someone registered by hand) are left alone.
 */
public class WebexWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(WebexWebhooks.class);
    static final String NAME_PREFIX = "webex-camel-gateway";
    /** Where a generated secret is kept, so every replica and every restart signs with the same one. */
    static final String SECRET_KEY = "webex.webhook.secret";
    private static final List<String> RESOURCES = List.of("messages", "attachmentActions");
    /** The caller blocks (a route thread): its answer must not wait for a route worker. */
    private static final String ENDPOINT = "webex:messages?callerWaits=true";

    private final ProducerTemplate producer;
    private final ObjectMapper mapper;
    private final StateValues values;
    private final String configuredSecret;
    private final Supplier<String> targetUrl;
    private final boolean enabled;
    private volatile String secret;
    private volatile boolean registered;

    /**
     * @param producer         calls Webex through {@code webex:messages}' webhook operations
     * @param configuredSecret WEBEX_WEBHOOK_SECRET, or empty to generate one
     * @param targetUrl        the full receiving URL, read when first needed (the local port is known late)
     * @param enabled          webhooks are an ingress (webex.ingress webhook or both)
     */
    public WebexWebhooks(ProducerTemplate producer, ObjectMapper mapper, StateValues values, String configuredSecret,
                         Supplier<String> targetUrl, boolean enabled) {
        this.producer = producer;
        this.mapper = mapper;
        this.values = values;
        this.configuredSecret = configuredSecret;
        this.targetUrl = targetUrl;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The secret deliveries are signed with: the configured one, else the one generated once into the state store. */
    public String secret() {
        String s = secret;
        if (s == null) {
            synchronized (this) {
                s = secret;
                if (s == null) {
                    s = configuredSecret != null && !configuredSecret.isBlank() ? configuredSecret
                            : values.get(SECRET_KEY).orElseGet(() -> values.putIfAbsent(SECRET_KEY, generate()));
                    secret = s;
                }
            }
        }
        return s;
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String targetUrl() {
        return targetUrl.get();
    }

    /** Brings Webex's webhooks in line with ours; blocking (runs on a route thread). */
    public synchronized void reconcile() {
        if (!enabled) {
            return;
        }
        String target = targetUrl();
        String key = secret();
        List<JsonNode> all = list();
        for (String resource : RESOURCES) {
            List<JsonNode> ours = new ArrayList<>();
            for (JsonNode hook : all) {
                if (resource.equals(hook.path("resource").asText()) && "created".equals(hook.path("event").asText())
                        && (hook.path("name").asText("").startsWith(NAME_PREFIX) || target.equals(hook.path("targetUrl").asText()))) {
                    ours.add(hook);
                }
            }
            JsonNode keep = ours.stream().filter(h -> current(h, target, key)).findFirst().orElse(null);
            if (keep == null && !ours.isEmpty()) {
                keep = ours.get(0);
                call("updateWebhook", keep.path("id").asText(), body(resource, target, key, false));
                LOG.info("Updated the {} webhook {}: its target, secret or status was not this gateway's",
                        resource, keep.path("id").asText());
            } else if (keep == null) {
                JsonNode created = call("createWebhook", null, body(resource, target, key, true));
                keep = created;
                LOG.info("Registered the {} webhook {} for {}", resource, created.path("id").asText(), target);
            }
            for (JsonNode extra : ours) {
                if (extra != keep && !Objects.equals(extra.path("id").asText(), keep.path("id").asText())) {
                    call("deleteWebhook", extra.path("id").asText(), null);
                    LOG.info("Deleted the duplicate {} webhook {}", resource, extra.path("id").asText());
                }
            }
        }
        registered = true;
    }

    /** Deletes the webhooks this gateway registered (a clean shutdown with webex.webhook.cleanup=true). */
    public synchronized void cleanup() {
        if (!enabled || !registered) {
            return;
        }
        String target = targetUrl();
        int deleted = 0;
        for (JsonNode hook : list()) {
            if (RESOURCES.contains(hook.path("resource").asText()) && "created".equals(hook.path("event").asText())
                    && hook.path("name").asText("").startsWith(NAME_PREFIX) && target.equals(hook.path("targetUrl").asText())) {
                call("deleteWebhook", hook.path("id").asText(), null);
                deleted++;
            }
        }
        registered = false;
        LOG.info("Deleted {} webhook(s) of this gateway on shutdown", deleted);
    }

    /** Whether a webhook is exactly what we want: our target, active, unfiltered, with our secret. */
    private static boolean current(JsonNode hook, String target, String key) {
        // Webex shows the secret to the webhook's owner; one it does not show cannot be trusted to be ours
        return target.equals(hook.path("targetUrl").asText()) && "active".equals(hook.path("status").asText("active"))
                && hook.path("filter").asText("").isEmpty() && key.equals(hook.path("secret").asText(null));
    }

    private static Map<String, Object> body(String resource, String target, String key, boolean create) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", NAME_PREFIX + " " + resource);
        body.put("targetUrl", target);
        if (create) {
            body.put("resource", resource);
            body.put("event", "created");
        } else {
            body.put("status", "active");
        }
        body.put("secret", key);
        return body;
    }

    private List<JsonNode> list() {
        List<JsonNode> hooks = new ArrayList<>();
        call("listWebhooks", null, null).forEach(hooks::add);
        return hooks;
    }

    /** One webhooks operation of {@code webex:messages}; its answer (a webhook or the list of them) as JSON. */
    private JsonNode call(String operation, String targetId, Map<String, Object> body) {
        Exchange exchange = producer.request(ENDPOINT, e -> {
            e.getIn().setHeader(WebexConstants.OPERATION, operation);
            if (targetId != null) {
                e.getIn().setHeader(WebexConstants.TARGET_ID, targetId);
            }
            e.getIn().setBody(body);
        });
        if (exchange.getException() != null) {
            // the producer's messages name the method, path and status, never the body (which holds the secret)
            Throwable cause = exchange.getException().getCause() != null ? exchange.getException().getCause()
                    : exchange.getException();
            throw new IllegalStateException("Webex webhooks: " + cause.getMessage(), cause);
        }
        return mapper.valueToTree(exchange.getMessage().getBody());
    }
}
