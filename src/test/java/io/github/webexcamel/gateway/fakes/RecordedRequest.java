package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as a fake received it. Header names are lower-cased (HTTP header names are case-insensitive);
 * credential-bearing headers keep only their scheme so journals can be printed and asserted on safely.
 *
 * @param principal who the fake authenticated the request as (user, e-mail, "api-key"...), {@code null} when
 *                  the credentials were missing or wrong
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              String body, String principal, Instant receivedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordedRequest {
        query = query == null ? "" : query;
        body = body == null ? "" : body;
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** First value of a header (any case), or {@code null}. Authorization comes back as e.g. {@code "Basic [redacted]"}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> queryParams() {
        return decodeForm(query);
    }

    public String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? null : values.get(0);
    }

    /** The body read as {@code application/x-www-form-urlencoded}. */
    public Map<String, List<String>> formParams() {
        return decodeForm(body);
    }

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request body is not JSON: " + method + " " + path, e);
        }
    }

    public boolean isAuthenticated() {
        return principal != null;
    }

    public String pathAndQuery() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    @Override
    public String toString() {
        return method + " " + pathAndQuery() + (principal == null ? " (unauthenticated)" : " (as " + principal + ")");
    }

    static Map<String, List<String>> decodeForm(String encoded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
