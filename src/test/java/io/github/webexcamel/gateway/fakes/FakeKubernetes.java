package io.github.webexcamel.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The slice of a Kubernetes API server that camel-kubernetes' Lease-based leader election talks to
 * ({@code KubernetesLeadershipController} with {@code NativeLeaseResourceManager}, through the fabric8 client):
 * <ul>
 *   <li>{@code coordination.k8s.io/v1} Leases: get, list, create, update (PUT), merge patch, delete. Every write
 *       bumps one server-wide {@code resourceVersion}, like etcd's revision; a PUT or patch carrying a stale
 *       {@code metadata.resourceVersion} gets 409 Conflict, a PUT without one is unconditional (Leases allow it), a
 *       create of an existing name gets 409 AlreadyExists, a missing Lease 404 NotFound: all as {@code Status}
 *       objects with the real messages, reasons and details, so the client's own error mapping runs.</li>
 *   <li>core/v1 Pods: get and list with an equality-based {@code labelSelector}. The election counts a member only
 *       while its pod is Running and Ready, and a holder that is no longer a member loses the Lease: so each pod's
 *       status is worked out, when asked, from whether its container runs and from its readiness probe, which a
 *       kubelet thread of the fake runs periodically (the test says what the container and the probe are). A dead
 *       container shows as the API shows it before the kubelet restarts it: phase still Running, the container
 *       terminated with exit code 137, the Ready and ContainersReady conditions False.</li>
 * </ul>
 * Requests need {@code Authorization: Bearer <token>} (a service-account token), else 401 as a Status.
 * Not modelled: watches, RBAC, field selectors, set-based label selectors, JSON patch and server-side apply (415),
 * admission, managedFields.
 */
public final class FakeKubernetes extends FakeServer<FakeKubernetes> {

    public static final String DEFAULT_TOKEN = "fake-service-account-token-0b1c2d3e";
    public static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Set<String> namespaces = new LinkedHashSet<>(List.of("default", "kube-system"));
    private final Map<String, ObjectNode> leases = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final Map<Integer, AtomicInteger> statuses = new LinkedHashMap<>();
    private String token = DEFAULT_TOKEN;
    private long revision = 1000;
    private ScheduledExecutorService kubelet;

    public FakeKubernetes() {
        super("FakeKubernetes");
    }

    // ================================================================= configuration and inspection

    /** The API server URL a client takes as its master URL ({@code KUBERNETES_MASTER}). */
    @Override
    public String baseUrl() {
        return rootUrl();
    }

    public synchronized FakeKubernetes token(String token) {
        this.token = token;
        return this;
    }

    public synchronized FakeKubernetes namespace(String namespace) {
        namespaces.add(namespace);
        return this;
    }

    /**
     * A pod scheduled and started in {@code namespace} without a readiness probe: it is Ready whenever
     * {@code containerRunning} says its container runs.
     */
    public FakeKubernetes runPod(String namespace, String name, Map<String, String> labels,
                                 BooleanSupplier containerRunning) {
        return runPod(namespace, name, labels, containerRunning, null, Duration.ZERO, 0);
    }

    /**
     * A pod with a readiness probe, run as the kubelet runs it: every {@code period}, while the container runs; Ready
     * after one success, not Ready after {@code failureThreshold} failures in a row. A container that stops makes
     * the pod not Ready at once (the kubelet learns that from the runtime, not from the probe), and one that runs
     * again starts not Ready.
     */
    public synchronized FakeKubernetes runPod(String namespace, String name, Map<String, String> labels,
                                              BooleanSupplier containerRunning, BooleanSupplier readinessProbe,
                                              Duration period, int failureThreshold) {
        namespaces.add(namespace);
        Pod pod = new Pod(namespace, name, new LinkedHashMap<>(labels), containerRunning, readinessProbe,
                failureThreshold, UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS), ++revision);
        pods.put(key(namespace, name), pod);
        if (readinessProbe != null) {
            if (kubelet == null) {
                kubelet = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "fake-kubelet");
                    t.setDaemon(true);
                    return t;
                });
            }
            kubelet.scheduleWithFixedDelay(pod::probeReadiness, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (kubelet != null) {
                kubelet.shutdownNow();
                kubelet = null;
            }
        }
        super.close();
    }

    /** The pod is gone (a scale-down, or the node lost): it is no longer listed. */
    public synchronized FakeKubernetes deletePod(String namespace, String name) {
        pods.remove(key(namespace, name));
        revision++;
        return this;
    }

    /** A copy of the stored Lease as a GET returns it, or null. */
    public synchronized JsonNode lease(String namespace, String name) {
        ObjectNode lease = leases.get(key(namespace, name));
        return lease == null ? null : lease.deepCopy();
    }

    /** Names of the Leases in the namespace. */
    public synchronized List<String> leaseNames(String namespace) {
        List<String> names = new ArrayList<>();
        for (ObjectNode lease : leases.values()) {
            if (namespace.equals(lease.path("metadata").path("namespace").asText())) {
                names.add(lease.path("metadata").path("name").asText());
            }
        }
        return names;
    }

    /** How many responses had this status code (409s show the optimistic locking at work). */
    public synchronized int responses(int status) {
        AtomicInteger count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    // ================================================================= server

    @Override
    protected void registerRoutes() {
        String pods = "/api/v1/namespaces/{ns:[a-z0-9-]+}/pods";
        String leases = "/apis/coordination.k8s.io/v1/namespaces/{ns:[a-z0-9-]+}/leases";
        on(HttpMethod.GET, pods, (ctx, p) -> listPods(ctx, p.get("ns")));
        on(HttpMethod.GET, pods + "/{name}", (ctx, p) -> getPod(ctx, p.get("ns"), p.get("name")));
        on(HttpMethod.GET, leases, (ctx, p) -> listLeases(ctx, p.get("ns")));
        on(HttpMethod.POST, leases, (ctx, p) -> createLease(ctx, p.get("ns")));
        on(HttpMethod.GET, leases + "/{name}", (ctx, p) -> getLease(ctx, p.get("ns"), p.get("name")));
        on(HttpMethod.PUT, leases + "/{name}", (ctx, p) -> replaceLease(ctx, p.get("ns"), p.get("name")));
        on(HttpMethod.PATCH, leases + "/{name}", (ctx, p) -> patchLease(ctx, p.get("ns"), p.get("name")));
        on(HttpMethod.DELETE, leases + "/{name}", (ctx, p) -> deleteLease(ctx, p.get("ns"), p.get("name")));
    }

    @Override
    protected String identify(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        synchronized (this) {
            if (header != null && header.startsWith("Bearer ") && header.substring(7).strip().equals(token)) {
                return "system:serviceaccount:default:webex-camel-gateway";
            }
        }
        return null;
    }

    @Override
    protected boolean authorize(RoutingContext ctx, String principal) {
        if (principal == null) {
            status(ctx, 401, "Unauthorized", "Unauthorized", null);
            return false;
        }
        return true;
    }

    @Override
    protected void notFound(RoutingContext ctx) {
        status(ctx, 404, "NotFound", "the server could not find the requested resource", null);
    }

    @Override
    protected void methodNotAllowed(RoutingContext ctx, Set<HttpMethod> allowed) {
        status(ctx, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null);
    }

    @Override
    protected void internalError(RoutingContext ctx, Throwable error) {
        status(ctx, 500, "InternalError", "Internal error occurred: " + (error == null ? "unknown" : error.getMessage()), null);
    }

    // ================================================================= pods

    private synchronized void listPods(RoutingContext ctx, String ns) {
        List<String[]> selector;
        try {
            selector = labelSelector(query(ctx, "labelSelector"));
        } catch (IllegalArgumentException e) {
            status(ctx, 400, "BadRequest", "unable to parse requirement: " + e.getMessage(), null);
            return;
        }
        ArrayNode items = NODES.arrayNode();
        for (Pod pod : pods.values()) {
            if (pod.namespace.equals(ns) && matches(selector, pod.labels)) {
                ObjectNode json = pod.json();
                // list items carry no kind/apiVersion on the wire, the list does
                json.remove("kind");
                json.remove("apiVersion");
                items.add(json);
            }
        }
        send(ctx, 200, list("PodList", "v1", items));
    }

    private synchronized void getPod(RoutingContext ctx, String ns, String name) {
        Pod pod = pods.get(key(ns, name));
        if (pod == null) {
            notFound(ctx, "", "pods", name);
            return;
        }
        send(ctx, 200, pod.json());
    }

    /** Equality-based requirements only ({@code k=v}, {@code k==v}, {@code k!=v}, {@code k}, {@code !k}). */
    static List<String[]> labelSelector(String selector) {
        List<String[]> requirements = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return requirements;
        }
        for (String part : selector.split(",")) {
            String p = part.strip();
            if (p.contains(" in ") || p.contains(" notin ") || p.contains("(")) {
                throw new IllegalArgumentException("set-based selectors are not modelled: " + p);
            }
            if (p.contains("!=")) {
                String[] kv = p.split("!=", 2);
                requirements.add(new String[] {kv[0].strip(), "!=", kv[1].strip()});
            } else if (p.contains("==")) {
                String[] kv = p.split("==", 2);
                requirements.add(new String[] {kv[0].strip(), "=", kv[1].strip()});
            } else if (p.contains("=")) {
                String[] kv = p.split("=", 2);
                requirements.add(new String[] {kv[0].strip(), "=", kv[1].strip()});
            } else if (p.startsWith("!")) {
                requirements.add(new String[] {p.substring(1).strip(), "!exists", null});
            } else if (!p.isEmpty()) {
                requirements.add(new String[] {p, "exists", null});
            }
        }
        return requirements;
    }

    private static boolean matches(List<String[]> requirements, Map<String, String> labels) {
        for (String[] r : requirements) {
            String value = labels.get(r[0]);
            boolean ok = switch (r[1]) {
                case "=" -> r[2].equals(value);
                case "!=" -> !r[2].equals(value);
                case "exists" -> value != null;
                default -> value == null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private final class Pod {
        final String namespace;
        final String name;
        final Map<String, String> labels;
        final BooleanSupplier containerRunning;
        final BooleanSupplier readinessProbe;
        final int failureThreshold;
        final String uid;
        final Instant created;
        long resourceVersion;
        String lastSeen;
        Instant runningSince;
        Instant readySince;
        volatile boolean probedReady;
        int probeFailures;

        Pod(String namespace, String name, Map<String, String> labels, BooleanSupplier containerRunning,
            BooleanSupplier readinessProbe, int failureThreshold, String uid, Instant created, long resourceVersion) {
            this.namespace = namespace;
            this.name = name;
            this.labels = labels;
            this.containerRunning = containerRunning;
            this.readinessProbe = readinessProbe;
            this.failureThreshold = Math.max(1, failureThreshold);
            this.uid = uid;
            this.created = created;
            this.resourceVersion = resourceVersion;
            this.runningSince = created;
            this.readySince = created;
        }

        /** On the kubelet's thread, outside the server's lock: a probe may take its time. */
        void probeReadiness() {
            if (!running()) {
                probedReady = false;
                probeFailures = 0;
                return;
            }
            boolean ok;
            try {
                ok = readinessProbe.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (ok) {
                probeFailures = 0;
                probedReady = true;
            } else if (++probeFailures >= failureThreshold) {
                probedReady = false;
            }
        }

        boolean running() {
            try {
                return containerRunning.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        }

        ObjectNode json() {
            boolean running = running();
            boolean ready = running && (readinessProbe == null || probedReady);
            String seen = running + "/" + ready;
            if (!seen.equals(lastSeen)) {
                // the kubelet's status update is a write like any other
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                if (lastSeen != null) {
                    resourceVersion = ++revision;
                    if (!lastSeen.startsWith(running + "/")) {
                        runningSince = now;
                    }
                    readySince = now;
                }
                lastSeen = seen;
            }
            ObjectNode pod = NODES.objectNode();
            pod.put("kind", "Pod").put("apiVersion", "v1");
            ObjectNode meta = pod.putObject("metadata");
            meta.put("name", name).put("namespace", namespace).put("uid", uid)
                    .put("resourceVersion", String.valueOf(resourceVersion))
                    .put("creationTimestamp", TIME.format(created));
            ObjectNode labelNode = meta.putObject("labels");
            labels.forEach(labelNode::put);
            ObjectNode spec = pod.putObject("spec");
            ObjectNode containerSpec = spec.putArray("containers").addObject()
                    .put("name", "gateway").put("image", "webex-camel-gateway:test");
            if (readinessProbe != null) {
                containerSpec.putObject("readinessProbe").put("failureThreshold", failureThreshold)
                        .putObject("httpGet").put("path", "/actuator/health/readiness").put("port", "management");
            }
            spec.put("restartPolicy", "Always").put("serviceAccountName", "webex-camel-gateway").put("nodeName", "node-1");
            ObjectNode status = pod.putObject("status");
            // a container that died is restarted by the kubelet in place: the pod stays in phase Running
            status.put("phase", "Running").put("hostIP", "10.0.0.10")
                    .put("podIP", "10.244.0." + (Math.abs(uid.hashCode()) % 250 + 2))
                    .put("startTime", TIME.format(created)).put("qosClass", "BestEffort");
            ArrayNode conditions = status.putArray("conditions");
            condition(conditions, "PodReadyToStartContainers", true, TIME.format(created), null);
            condition(conditions, "Initialized", true, TIME.format(created), null);
            condition(conditions, "Ready", ready, TIME.format(readySince), ready ? null : "ContainersNotReady");
            condition(conditions, "ContainersReady", ready, TIME.format(readySince), ready ? null : "ContainersNotReady");
            condition(conditions, "PodScheduled", true, TIME.format(created), null);
            ObjectNode container = status.putArray("containerStatuses").addObject();
            container.put("name", "gateway").put("image", "webex-camel-gateway:test").put("imageID", "")
                    .put("containerID", "containerd://" + uid.replace("-", "")).put("ready", ready)
                    .put("started", running).put("restartCount", 0);
            ObjectNode state = container.putObject("state");
            if (running) {
                state.putObject("running").put("startedAt", TIME.format(runningSince));
            } else {
                state.putObject("terminated").put("exitCode", 137).put("reason", "Error")
                        .put("startedAt", TIME.format(created)).put("finishedAt", TIME.format(runningSince));
            }
            return pod;
        }
    }

    private static void condition(ArrayNode conditions, String type, boolean value, String since, String reason) {
        ObjectNode c = conditions.addObject();
        c.put("type", type).put("status", value ? "True" : "False").putNull("lastProbeTime").put("lastTransitionTime", since);
        if (reason != null) {
            c.put("reason", reason).put("message", "containers with unready status: [gateway]");
        }
    }

    // ================================================================= leases

    private synchronized void listLeases(RoutingContext ctx, String ns) {
        ArrayNode items = NODES.arrayNode();
        for (ObjectNode lease : leases.values()) {
            if (ns.equals(lease.path("metadata").path("namespace").asText())) {
                ObjectNode item = lease.deepCopy();
                item.remove("kind");
                item.remove("apiVersion");
                items.add(item);
            }
        }
        send(ctx, 200, list("LeaseList", "coordination.k8s.io/v1", items));
    }

    private synchronized void getLease(RoutingContext ctx, String ns, String name) {
        ObjectNode lease = leases.get(key(ns, name));
        if (lease == null) {
            notFound(ctx, "coordination.k8s.io", "leases", name);
            return;
        }
        send(ctx, 200, lease);
    }

    private synchronized void createLease(RoutingContext ctx, String ns) {
        ObjectNode body = leaseBody(ctx, ns, null);
        if (body == null) {
            return;
        }
        String name = body.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            invalid(ctx, "", "metadata.name: Required value: name or generateName is required");
            return;
        }
        if (!namespaces.contains(ns)) {
            notFound(ctx, "", "namespaces", ns);
            return;
        }
        if (leases.containsKey(key(ns, name))) {
            status(ctx, 409, "AlreadyExists", "leases.coordination.k8s.io \"" + name + "\" already exists",
                    details(name, "coordination.k8s.io", "leases"));
            return;
        }
        if (!validSpec(ctx, name, body)) {
            return;
        }
        ObjectNode meta = (ObjectNode) body.get("metadata");
        // the server owns these: whatever the client sent is replaced
        meta.put("namespace", ns).put("uid", UUID.randomUUID().toString())
                .put("resourceVersion", String.valueOf(++revision))
                .put("creationTimestamp", TIME.format(Instant.now()));
        leases.put(key(ns, name), body);
        send(ctx, 201, body);
    }

    private synchronized void replaceLease(RoutingContext ctx, String ns, String name) {
        ObjectNode body = leaseBody(ctx, ns, name);
        if (body == null) {
            return;
        }
        ObjectNode current = leases.get(key(ns, name));
        if (current == null) {
            // Leases do not allow create-on-update
            notFound(ctx, "coordination.k8s.io", "leases", name);
            return;
        }
        String precondition = body.path("metadata").path("resourceVersion").asText("");
        if (!precondition.isEmpty() && !precondition.equals(current.path("metadata").path("resourceVersion").asText())) {
            conflict(ctx, name);
            return;
        }
        if (!validSpec(ctx, name, body)) {
            return;
        }
        store(ctx, ns, name, current, body);
    }

    private synchronized void patchLease(RoutingContext ctx, String ns, String name) {
        String type = String.valueOf(ctx.request().getHeader("Content-Type"));
        if (!type.startsWith("application/merge-patch+json") && !type.startsWith("application/strategic-merge-patch+json")) {
            status(ctx, 415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types"
                    + " include: application/merge-patch+json, application/strategic-merge-patch+json", null);
            return;
        }
        JsonBody patch = readJson(ctx);
        if (!patch.isObject()) {
            status(ctx, 400, "BadRequest", "error decoding patch: invalid JSON", null);
            return;
        }
        ObjectNode current = leases.get(key(ns, name));
        if (current == null) {
            notFound(ctx, "coordination.k8s.io", "leases", name);
            return;
        }
        String precondition = patch.node().path("metadata").path("resourceVersion").asText("");
        if (!precondition.isEmpty() && !precondition.equals(current.path("metadata").path("resourceVersion").asText())) {
            conflict(ctx, name);
            return;
        }
        ObjectNode merged = current.deepCopy();
        // a Lease has no list fields, so strategic merge and JSON merge patch (RFC 7386) agree on it
        mergePatch(merged, (ObjectNode) patch.node());
        if (!name.equals(merged.path("metadata").path("name").asText()) || !validSpec(ctx, name, merged)) {
            if (!ctx.response().ended()) {
                status(ctx, 400, "BadRequest", "the name of the object must not change", null);
            }
            return;
        }
        store(ctx, ns, name, current, merged);
    }

    private synchronized void deleteLease(RoutingContext ctx, String ns, String name) {
        ObjectNode current = leases.get(key(ns, name));
        if (current == null) {
            notFound(ctx, "coordination.k8s.io", "leases", name);
            return;
        }
        JsonBody options = readJson(ctx);
        String precondition = options.isObject()
                ? options.node().path("preconditions").path("resourceVersion").asText("") : "";
        if (!precondition.isEmpty() && !precondition.equals(current.path("metadata").path("resourceVersion").asText())) {
            conflict(ctx, name);
            return;
        }
        leases.remove(key(ns, name));
        revision++;
        send(ctx, 200, current);
    }

    /** The body of a create or replace, checked as the API server decodes it; null when a rejection was sent. */
    private ObjectNode leaseBody(RoutingContext ctx, String ns, String urlName) {
        JsonBody body = readJson(ctx);
        if (!body.isObject()) {
            status(ctx, 400, "BadRequest", body.missing() ? "the body of the request was empty"
                    : "the object provided is unrecognized (must be of type Lease): couldn't get version/kind; json parse error", null);
            return null;
        }
        ObjectNode lease = ((ObjectNode) body.node()).deepCopy();
        String kind = lease.path("kind").asText("Lease");
        String apiVersion = lease.path("apiVersion").asText("coordination.k8s.io/v1");
        if (!"Lease".equals(kind) || !"coordination.k8s.io/v1".equals(apiVersion)) {
            status(ctx, 400, "BadRequest", "the API version in the data (" + apiVersion + ") does not match the expected"
                    + " API version (coordination.k8s.io/v1)", null);
            return null;
        }
        lease.put("kind", "Lease").put("apiVersion", "coordination.k8s.io/v1");
        if (!lease.path("metadata").isObject()) {
            lease.putObject("metadata");
        }
        String bodyNs = lease.path("metadata").path("namespace").asText("");
        if (!bodyNs.isEmpty() && !bodyNs.equals(ns)) {
            status(ctx, 400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request", null);
            return null;
        }
        String bodyName = lease.path("metadata").path("name").asText("");
        if (urlName != null && !urlName.equals(bodyName)) {
            status(ctx, 400, "BadRequest", "the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + urlName + ")", null);
            return null;
        }
        return lease;
    }

    /** Validation of LeaseSpec as the API server does it, and MicroTime normalised to microseconds in UTC. */
    private boolean validSpec(RoutingContext ctx, String name, ObjectNode lease) {
        JsonNode spec = lease.path("spec");
        if (spec.isMissingNode() || spec.isNull()) {
            lease.putObject("spec");
            return true;
        }
        if (!spec.isObject()) {
            status(ctx, 400, "BadRequest", "json: cannot unmarshal into Go struct field Lease.spec of type v1.LeaseSpec", null);
            return false;
        }
        ObjectNode s = (ObjectNode) spec;
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            if (it.next().getValue().isNull()) {
                // omitempty: a null field is simply absent once stored
                it.remove();
            }
        }
        if (s.has("leaseDurationSeconds") && (!s.get("leaseDurationSeconds").canConvertToInt() || s.get("leaseDurationSeconds").asInt() <= 0)) {
            invalid(ctx, name, "spec.leaseDurationSeconds: Invalid value: " + s.get("leaseDurationSeconds")
                    + ": must be greater than 0");
            return false;
        }
        if (s.has("leaseTransitions") && s.get("leaseTransitions").asInt(-1) < 0) {
            invalid(ctx, name, "spec.leaseTransitions: Invalid value: " + s.get("leaseTransitions") + ": must be greater than or equal to 0");
            return false;
        }
        for (String field : List.of("acquireTime", "renewTime")) {
            if (s.has(field)) {
                try {
                    s.put(field, MICRO_TIME.format(Instant.parse(s.get(field).asText())));
                } catch (DateTimeParseException e) {
                    status(ctx, 400, "BadRequest", "parsing time \"" + s.get(field).asText() + "\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse", null);
                    return false;
                }
            }
        }
        return true;
    }

    private void store(RoutingContext ctx, String ns, String name, ObjectNode current, ObjectNode next) {
        ObjectNode meta = (ObjectNode) next.get("metadata");
        ObjectNode was = (ObjectNode) current.get("metadata");
        meta.put("namespace", ns).put("name", name).set("uid", was.get("uid"));
        meta.set("creationTimestamp", was.get("creationTimestamp"));
        meta.set("resourceVersion", was.get("resourceVersion"));
        if (next.equals(current)) {
            // a no-op update writes nothing to etcd and keeps the resourceVersion
            send(ctx, 200, current);
            return;
        }
        meta.put("resourceVersion", String.valueOf(++revision));
        leases.put(key(ns, name), next);
        send(ctx, 200, next);
    }

    private static void mergePatch(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                target.remove(e.getKey());
            } else if (e.getValue().isObject() && target.path(e.getKey()).isObject()) {
                mergePatch((ObjectNode) target.get(e.getKey()), (ObjectNode) e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    // ================================================================= responses

    private ObjectNode list(String kind, String apiVersion, ArrayNode items) {
        ObjectNode list = NODES.objectNode();
        list.put("kind", kind).put("apiVersion", apiVersion);
        list.putObject("metadata").put("resourceVersion", String.valueOf(revision));
        list.set("items", items);
        return list;
    }

    private void conflict(RoutingContext ctx, String name) {
        status(ctx, 409, "Conflict", "Operation cannot be fulfilled on leases.coordination.k8s.io \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again",
                details(name, "coordination.k8s.io", "leases"));
    }

    private void invalid(RoutingContext ctx, String name, String cause) {
        status(ctx, 422, "Invalid", "Lease.coordination.k8s.io \"" + name + "\" is invalid: " + cause,
                details(name, "coordination.k8s.io", "Lease"));
    }

    private void notFound(RoutingContext ctx, String group, String kind, String name) {
        String resource = group.isEmpty() ? kind : kind + "." + group;
        status(ctx, 404, "NotFound", resource + " \"" + name + "\" not found", details(name, group, kind));
    }

    private static ObjectNode details(String name, String group, String kind) {
        ObjectNode details = NODES.objectNode().put("name", name);
        if (!group.isEmpty()) {
            details.put("group", group);
        }
        return details.put("kind", kind);
    }

    /** A {@code meta/v1 Status}, the body of every API server error. */
    private void status(RoutingContext ctx, int code, String reason, String message, ObjectNode details) {
        ObjectNode status = NODES.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason);
        status.set("details", details == null ? NODES.objectNode() : details);
        status.put("code", code);
        send(ctx, code, status);
    }

    private void send(RoutingContext ctx, int code, JsonNode body) {
        synchronized (this) {
            statuses.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        }
        ctx.response().putHeader("Audit-Id", UUID.randomUUID().toString())
                .putHeader("Cache-Control", "no-cache, private");
        sendText(ctx, code, "application/json", body.toString());
    }

    private static String key(String namespace, String name) {
        return Objects.requireNonNull(namespace) + "/" + Objects.requireNonNull(name);
    }
}
