package io.github.webexcamel.kamelets.a2a;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.kamelets.BoundedHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client credentials (RFC 6749 4.4) for the agent: one token, fetched when first needed and kept until
 * {@code refreshBefore} ahead of its {@code expires_in}, so every request does not cost a round trip to the
 * identity provider. The secret and the token are never logged.
 */
public class OAuth2Tokens {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Tokens.class);

    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final String audience;
    private final Duration refreshBefore;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private String token;
    private long validUntilNanos;

    public OAuth2Tokens(String tokenUrl, String clientId, String clientSecret, String scope, String audience,
                        Duration refreshBefore, HttpClient http, ObjectMapper mapper) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.audience = audience;
        this.refreshBefore = refreshBefore;
        this.http = http;
        this.mapper = mapper;
    }

    public boolean enabled() {
        return tokenUrl != null && !tokenUrl.isBlank();
    }

    /** A valid bearer token, or null when no token URL is configured. */
    public synchronized String token() {
        if (!enabled()) {
            return null;
        }
        if (token != null && System.nanoTime() < validUntilNanos) {
            return token;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        if (scope != null && !scope.isBlank()) {
            form.put("scope", scope);
        }
        if (audience != null && !audience.isBlank()) {
            form.put("audience", audience);
        }
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("&"));
        try {
            // bounded in time and size: every run waits on this (synchronized) while a token is fetched
            HttpResponse<String> response = BoundedHttp.send(http, HttpRequest.newBuilder(URI.create(tokenUrl))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 64 * 1024, Duration.ofSeconds(15));
            JsonNode json = response.statusCode() == 200 ? mapper.readTree(response.body()) : null;
            if (json == null || !json.path("access_token").isTextual()) {
                String error = json == null ? "" : json.path("error").asText("");
                try {
                    error = mapper.readTree(response.body()).path("error").asText("");
                } catch (Exception notJson) {
                    // keep what we have
                }
                // the endpoint's words, in the log and the reply, as a short code and nothing else
                error = error.replaceAll("[^A-Za-z0-9_.-]", "");
                error = error.length() > 64 ? error.substring(0, 64) : error;
                LOG.warn("The OAuth2 token endpoint answered HTTP {} {}", response.statusCode(), error);
                throw new A2aException("The agent's OAuth2 token endpoint refused the gateway (HTTP "
                        + response.statusCode() + (error.isBlank() ? "" : ", " + error)
                        + "): check the OAuth2 client ID and secret, scope and audience.");
            }
            token = json.path("access_token").asText();
            long lifetime = json.path("expires_in").asLong(300);
            long keep = Math.max(0, lifetime - refreshBefore.toSeconds());
            validUntilNanos = System.nanoTime() + Duration.ofSeconds(keep).toNanos();
            return token;
        } catch (A2aException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new A2aException("Interrupted while fetching the agent's OAuth2 token.", e);
        } catch (Exception e) {
            LOG.warn("The OAuth2 token endpoint is not reachable: {}", e.toString());
            throw new A2aException("The agent's OAuth2 token endpoint is not reachable: check its URL.", e);
        }
    }

    /** Forgets the token, after the agent refused it. */
    public synchronized void invalidate() {
        token = null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
