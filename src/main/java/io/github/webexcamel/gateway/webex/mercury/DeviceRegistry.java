package io.github.webexcamel.gateway.webex.mercury;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.webex.WebexIds;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * U2C discovery and the WDM device of this gateway. One device per gateway, found again by name after a
 * crash, so restarts do not pile up registrations ("excessive device registrations", webex-js-sdk#1565).
 */
public class DeviceRegistry {

    /** The model every device of this gateway registers with, which tells them from other apps' devices. */
    static final String MODEL = "webex-camel-gateway";


    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

    private final WebexRestClient rest;
    private final String u2cUrl;
    private final String deviceName;
    private final Map<String, String> hostClusters = new HashMap<>();
    private final Map<String, String> learntClusters = new ConcurrentHashMap<>();
    private volatile String wdmUrl;
    private volatile String deviceUrl;
    private volatile String webSocketUrl;

    private boolean pruneOthers;

    public DeviceRegistry(WebexRestClient rest, String u2cUrl, String deviceName) {
        this.rest = rest;
        // ".../u2c/api/v1", or the catalog URL itself as webex_bot spells it (".../u2c/api/v1/catalog")
        this.u2cUrl = u2cUrl.replaceAll("/+$", "").replaceAll("/catalog$", "");
        this.deviceName = deviceName;
    }

    /** U2C catalog: where WDM lives, and which cluster each conversation host belongs to. */
    /** Also delete devices this gateway registered under other names (see the consumer option). */
    public DeviceRegistry pruneOthers(boolean prune) {
        this.pruneOthers = prune;
        return this;
    }

    public Future<Void> discover() {
        return rest.get(u2cUrl + "/catalog?format=hostmap").map(catalog -> {
            JsonNode wdm = catalog.path("serviceLinks").path("wdm");
            if (!wdm.isTextual()) {
                throw new IllegalStateException("U2C catalog has no serviceLinks.wdm entry");
            }
            wdmUrl = wdm.asText().replaceAll("/+$", "");
            synchronized (hostClusters) {
                catalog.path("hostCatalog").fields().forEachRemaining(entry -> {
                    JsonNode first = entry.getValue().path(0);
                    hostClusters.put(entry.getKey(), first.path("id").asText(""));
                });
            }
            LOG.debug("U2C catalog read: WDM at {}", wdmUrl);
            return null;
        });
    }

    /** Reuses the device registered under our name, else registers one. */
    public Future<Void> ensureDevice(boolean reuse) {
        Future<JsonNode> existing = reuse ? findOwnDevice() : Future.succeededFuture(null);
        return existing.compose(device -> device != null ? Future.succeededFuture(device) : register())
                .map(device -> {
                    deviceUrl = device.path("url").asText(null);
                    webSocketUrl = device.path("webSocketUrl").asText(null);
                    if (deviceUrl == null || webSocketUrl == null) {
                        throw new IllegalStateException("WDM device answer lacks url or webSocketUrl");
                    }
                    return null;
                });
    }

    private Future<JsonNode> findOwnDevice() {
        return rest.get(wdmUrl + "/devices").recover(e -> {
            // a WDM without a device listing can still register one; any other failure (5xx, no answer) is
            // retried by the connection rather than papered over with a second device next to our old one
            if (e instanceof WebexApiException api && (api.status() == 404 || api.status() == 405 || api.status() == 501)) {
                LOG.info("This WDM does not list devices ({}); registering a new one", e.getMessage());
                return Future.succeededFuture(JsonNodeFactory.instance.objectNode());
            }
            return Future.failedFuture(e);
        }).map(list -> {
            JsonNode newest = null;
            for (JsonNode device : list.path("devices")) {
                if (pruneOthers && MODEL.equals(device.path("model").asText()) && !deviceName.equals(device.path("name").asText())
                        && device.path("url").isTextual()) {
                    // a replica killed before it could delete its device: its socket is gone, the device lingers
                    String name = device.path("name").asText();
                    rest.delete(device.path("url").asText())
                            .onSuccess(v -> LOG.info("Deleted the stale WDM device '{}' of another replica", name))
                            .onFailure(e -> LOG.debug("Could not delete the stale device '{}': {}", name, e.getMessage()));
                }
                if (deviceName.equals(device.path("name").asText())
                        && (newest == null || device.path("modificationTime").asText("")
                                .compareTo(newest.path("modificationTime").asText("")) > 0)) {
                    newest = device;
                }
            }
            if (newest != null) {
                LOG.info("Reusing WDM device '{}'", deviceName);
            }
            return newest;
        });
    }

    private Future<JsonNode> register() {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("deviceName", deviceName)
                .put("name", deviceName)
                .put("deviceType", "DESKTOP")
                .put("localizedModel", MODEL)
                .put("model", MODEL)
                .put("systemName", "webex-camel-gateway")
                .put("systemVersion", "1.0");
        return rest.post(wdmUrl + "/devices", body).onSuccess(d -> LOG.info("Registered WDM device '{}'", deviceName));
    }

    public Future<Void> deleteDevice() {
        return delete(rest::delete);
    }

    /**
     * The delete of a stopping gateway: one attempt, bounded by {@code limit}. With Webex out of reach the retries
     * would hold the stop (a SIGTERM, a handover) for its whole bound; a device left behind expires on Webex's side,
     * and a replica that starts under the same name reuses it.
     */
    public Future<Void> deleteDeviceOnStop(Duration limit) {
        return delete(url -> rest.deleteOnce(url, limit))
                .onFailure(e -> LOG.warn("Could not delete WDM device '{}' while stopping ({}); Webex lets it expire",
                        deviceName, e.getMessage()));
    }

    private Future<Void> delete(Function<String, Future<Void>> delete) {
        String url = deviceUrl;
        if (url == null) {
            return Future.succeededFuture();
        }
        deviceUrl = null;
        return delete.apply(url).onSuccess(v -> LOG.info("Deleted WDM device '{}'", deviceName));
    }

    public String webSocketUrl() {
        return webSocketUrl;
    }

    /** The cluster part of public ids for objects of the conversation at {@code conversationUrl}. */
    public String clusterOf(String conversationUrl) {
        String host = hostOf(conversationUrl);
        String learnt = host == null ? null : learntClusters.get(host);
        if (learnt != null) {
            return learnt;
        }
        String catalogId;
        synchronized (hostClusters) {
            catalogId = host == null ? null : hostClusters.get(host);
            if (catalogId == null && host != null && host.contains(":")) {
                catalogId = hostClusters.get(host.substring(0, host.lastIndexOf(':')));
            }
        }
        return WebexIds.clusterFromCatalogId(catalogId);
    }

    /**
     * Remembers the cluster of an id Webex itself returned for an object of this conversation host, when the
     * catalog placed the host wrongly or not at all: later ids of that host are then right the first time.
     */
    public void learnCluster(String conversationUrl, String publicId) {
        String host = hostOf(conversationUrl);
        if (host == null) {
            return;
        }
        WebexIds.decode(publicId).ifPresent(raw -> {
            // ciscospark://<cluster>/<TYPE>/<uuid>; the cluster may itself contain ':' but never '/'
            String path = raw.substring("ciscospark://".length());
            int slash = path.indexOf('/');
            String cluster = slash > 0 ? path.substring(0, slash) : null;
            if (cluster != null && !cluster.equals(learntClusters.put(host, cluster))) {
                LOG.info("Ids of conversations on {} use cluster '{}'", host, cluster);
            }
        });
    }

    private static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        int start = url.indexOf("://");
        if (start < 0) {
            return null;
        }
        int end = url.indexOf('/', start + 3);
        return end < 0 ? url.substring(start + 3) : url.substring(start + 3, end);
    }
}
