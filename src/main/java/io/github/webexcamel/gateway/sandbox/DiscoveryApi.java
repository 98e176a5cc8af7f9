package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Action;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Device;
import io.github.webexcamel.gateway.sandbox.SandboxModel.Message;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The internal services a bot meets before and around Hydra: the U2C service catalog, WDM device
 * registration and the two conversation-service resolvers webex_bot uses to turn an activity uuid into
 * a public id.
 */
final class DiscoveryApi {

    /** Fields WDM computes itself; a client echoing them back on refresh must not override them. */
    private static final Set<String> SERVER_FIELDS = Set.of("url", "webSocketUrl", "userId", "creationTime",
            "modificationTime", "services", "serviceHostMap", "features", "etag", "ttl");

    private final SandboxStore store;
    private final JsonViews views;
    private final MercuryHub mercury;
    private final SandboxUrls urls;
    private final int maxDevices;
    private final String catalogCluster;

    DiscoveryApi(SandboxStore store, JsonViews views, MercuryHub mercury, SandboxUrls urls, int maxDevices,
                 String catalogCluster) {
        this.catalogCluster = catalogCluster;
        this.store = store;
        this.views = views;
        this.mercury = mercury;
        this.urls = urls;
        this.maxDevices = maxDevices;
    }

    void mount(Router r) {
        r.get("/u2c/api/v1/catalog").handler(Http.guarded(this::catalog));
        r.get("/u2c/api/v1/limited/catalog").handler(Http.guarded(this::catalog));

        r.get("/wdm/api/v1/devices").handler(Http.guarded(this::listDevices));
        r.post("/wdm/api/v1/devices").handler(Http.guarded(this::createDevice));
        r.delete("/wdm/api/v1/devices").handler(Http.guarded(this::deleteAllDevices));
        r.get("/wdm/api/v1/devices/:uuid").handler(Http.guarded(this::getDevice));
        r.put("/wdm/api/v1/devices/:uuid").handler(Http.guarded(this::refreshDevice));
        r.delete("/wdm/api/v1/devices/:uuid").handler(Http.guarded(this::deleteDevice));

        r.get("/conversation/api/v1/messages/:uuid").handler(Http.guarded(this::resolveMessage));
        r.get("/conversation/api/v1/attachment/actions/:uuid").handler(Http.guarded(this::resolveAction));
    }

    /**
     * Hostmap format. All services live on this one host; its catalog ids start with the catalog cluster,
     * "urn:TEAM:us-east-2_a" by default, so that the JS SDK derives cluster "us" for the ids it builds itself.
     */
    ObjectNode hostmap() {
        ObjectNode body = JsonViews.MAPPER.createObjectNode();
        ObjectNode links = body.putObject("serviceLinks");
        Map<String, String> serviceLinks = views.serviceLinks();
        serviceLinks.forEach(links::put);
        ArrayNode hosts = body.putObject("hostCatalog").putArray(urls.authority());
        int priority = 5;
        for (String service : serviceLinks.keySet()) {
            ObjectNode h = hosts.addObject();
            h.put("host", urls.authority());
            h.put("ttl", -1);
            h.put("priority", priority++);
            h.put("id", catalogCluster + ":" + service);
        }
        body.put("format", "hostmap");
        return body;
    }

    private void catalog(RoutingContext ctx) {
        Http.json(ctx, 200, hostmap());
    }

    private void listDevices(RoutingContext ctx) {
        ObjectNode body = JsonViews.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("devices");
        for (Device d : store.devices()) {
            list.add(views.device(d, store.bot()));
        }
        Http.json(ctx, 200, body);
    }

    private void createDevice(RoutingContext ctx) {
        if (store.devices().size() >= maxDevices) {
            throw new SandboxException(403, "User has excessive device registrations");
        }
        Device d = store.addDevice(registration(Http.body(ctx)));
        ctx.response().putHeader("ETag", etag(d));
        Http.json(ctx, 200, views.device(d, store.bot()));
    }

    private void getDevice(RoutingContext ctx) {
        Device d = device(ctx);
        ctx.response().putHeader("ETag", etag(d));
        Http.json(ctx, 200, views.device(d, store.bot()));
    }

    private void refreshDevice(RoutingContext ctx) {
        Device d = device(ctx);
        ObjectNode update = registration(Http.body(ctx));
        if (!update.isEmpty()) {
            d.registration.setAll(update);
        }
        d.modified = store.now();
        ctx.response().putHeader("ETag", etag(d));
        Http.json(ctx, 200, views.device(d, store.bot()));
    }

    private void deleteDevice(RoutingContext ctx) {
        Device d = store.removeDevice(ctx.pathParam("uuid"));
        if (d == null) {
            throw new SandboxException(404, "Device not found.");
        }
        mercury.closeDevice(d.uuid, 1000, "registration deleted");
        Http.noContent(ctx);
    }

    private void deleteAllDevices(RoutingContext ctx) {
        List<Device> removed = store.removeAllDevices();
        for (Device d : removed) {
            mercury.closeDevice(d.uuid, 1000, "registration deleted");
        }
        Http.noContent(ctx);
    }

    private void resolveMessage(RoutingContext ctx) {
        Message m = store.messageByActivity(ctx.pathParam("uuid"));
        if (m == null || !m.visibleToBot) {
            throw new SandboxException(404, "Activity not found.");
        }
        ObjectNode body = JsonViews.MAPPER.createObjectNode();
        body.put("id", m.id);
        Http.json(ctx, 200, body);
    }

    private void resolveAction(RoutingContext ctx) {
        Action a = store.action(ctx.pathParam("uuid"));
        if (a == null || !(a.card.author == store.bot() || a.person == store.bot())) {
            throw new SandboxException(404, "Activity not found.");
        }
        ObjectNode body = JsonViews.MAPPER.createObjectNode();
        body.put("id", a.id);
        Http.json(ctx, 200, body);
    }

    private Device device(RoutingContext ctx) {
        Device d = store.device(ctx.pathParam("uuid"));
        if (d == null) {
            // JS SDK: a 404 on refresh means "register a new device".
            throw new SandboxException(404, "Device not found.");
        }
        return d;
    }

    private static ObjectNode registration(ObjectNode body) {
        ObjectNode reg = body.deepCopy();
        SERVER_FIELDS.forEach(reg::remove);
        return reg;
    }

    private static String etag(Device d) {
        return "\"" + d.uuid.substring(0, 8) + "-" + d.modified + "\"";
    }
}
