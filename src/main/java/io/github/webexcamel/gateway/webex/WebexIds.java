package io.github.webexcamel.gateway.webex;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Webex public ("Hydra") ids: unpadded base64 of {@code ciscospark://<cluster>/<TYPE>/<uuid>}. Mercury
 * activities only carry raw uuids, so every REST lookup starts here.
 */
public final class WebexIds {

    private static final String SCHEME = "ciscospark://";

    private WebexIds() {
    }

    public static String encode(String cluster, String type, String uuid) {
        String raw = SCHEME + cluster + "/" + type + "/" + uuid;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The uuid inside a public id, or the input itself when it is not a public id (e.g. already a uuid). */
    public static String uuidOf(String id) {
        return decode(id).map(s -> s.substring(s.lastIndexOf('/') + 1)).orElse(id);
    }

    /** Decodes leniently: padding optional, either base64 alphabet. */
    public static Optional<String> decode(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        try {
            String normalized = id.replace('+', '-').replace('/', '_');
            while (normalized.endsWith("=")) {
                normalized = normalized.substring(0, normalized.length() - 1);
            }
            String raw = new String(Base64.getUrlDecoder().decode(normalized), StandardCharsets.UTF_8);
            return raw.startsWith(SCHEME) ? Optional.of(raw) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The cluster part for ids of conversation objects, from the catalog's cluster id of the activity's
     * host, as the JS SDK computes it: the us-east-2_a and int13 clusters map to "us".
     */
    public static String clusterFromCatalogId(String catalogId) {
        if (catalogId == null || catalogId.isEmpty()) {
            return "us";
        }
        if (catalogId.startsWith("urn:TEAM:us-east-2_a") || catalogId.startsWith("urn:TEAM:us-east-1_int13")) {
            return "us";
        }
        String[] parts = catalogId.split(":");
        return parts.length >= 3 ? parts[0] + ":" + parts[1] + ":" + parts[2] : catalogId;
    }
}
