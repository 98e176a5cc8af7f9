package io.github.webexcamel.gateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local simulator of the Webex cloud for one bot: U2C, WDM, Mercury, the conversation-service
 * resolvers and Hydra REST on one HTTP server, plus an operator API that plays the human users.
 *
 * <p>All state lives on one Vert.x event loop (the context of an internal verticle), so nothing is
 * locked; the Java methods below hop onto that loop and wait, up to {@link SandboxOptions#getCallTimeout()}.
 * {@link #start()} and {@link #close()} block and must not be called from an event-loop thread.
 */
public final class WebexSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebexSandbox.class);
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final Vertx vertx;
    private final SandboxOptions options;
    private final SandboxFaults faults = new SandboxFaults();
    private final List<SandboxListener> listeners = new CopyOnWriteArrayList<>();
    private final String token;
    private final String orgUuid;

    private volatile String deploymentId;
    private volatile Context loopContext;
    private volatile Thread loopThread;
    private volatile SandboxUrls urls;
    private volatile SandboxStore store;
    private volatile SandboxEvents events;
    private volatile MercuryHub mercury;
    private volatile OperatorApi operator;
    private volatile SseHub sse;
    private volatile WebhookHub webhooks;

    public WebexSandbox(Vertx vertx, SandboxOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        String[] parts = options.getBotToken() == null ? null : options.getBotToken().split("_");
        this.orgUuid = parts != null && parts.length == 3 && WebexIds.isUuid(parts[2]) ? parts[2] : WebexIds.randomUuid();
        this.token = options.getBotToken() != null ? options.getBotToken() : mintToken(orgUuid);
    }

    /** {@code <random>_PF84_<orgUuid>}: the JS SDK reads the org id from the third part. */
    private static String mintToken(String orgUuid) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom rnd = new SecureRandom();
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b + "_PF84_" + orgUuid;
    }

    public synchronized void start() {
        if (deploymentId != null) {
            throw new IllegalStateException("The sandbox is already started");
        }
        refuseEventLoop("start");
        deploymentId = await(vertx.deployVerticle(new SandboxVerticle()).toCompletionStage().toCompletableFuture(),
                "start the Webex sandbox");
        LOG.info("Webex sandbox listening on {} (bot {})", urls.base(), options.getBotEmail());
    }

    @Override
    public synchronized void close() {
        String id = deploymentId;
        if (id == null) {
            return;
        }
        refuseEventLoop("close");
        deploymentId = null;
        await(vertx.undeploy(id).toCompletionStage().toCompletableFuture(), "stop the Webex sandbox");
    }

    private final class SandboxVerticle extends AbstractVerticle {

        private volatile Router router;

        @Override
        public void start(Promise<Void> startPromise) {
            loopContext = context;
            loopThread = Thread.currentThread();
            HttpServerOptions serverOptions = new HttpServerOptions()
                    .setHost(options.getHost())
                    .setPort(options.getPort())
                    .setMaxWebSocketMessageSize(1024 * 1024);
            if (options.getTlsKeyStore() != null) {
                serverOptions.setSsl(true).setKeyCertOptions(new PfxOptions()
                        .setPath(options.getTlsKeyStore().toString()).setPassword(options.getTlsKeyStorePassword()));
            }
            HttpServer server = vertx.createHttpServer(serverOptions);
            // The router needs the bound port (all advertised URLs carry it), so it is built after
            // listen; a request racing that gets a 503.
            server.requestHandler(req -> {
                Router r = router;
                if (r == null) {
                    req.response().setStatusCode(503).end();
                } else {
                    r.handle(req);
                }
            });
            server.listen().onSuccess(s -> {
                try {
                    router = build(s.actualPort());
                    startPromise.complete();
                } catch (RuntimeException e) {
                    s.close();
                    startPromise.fail(e);
                }
            }).onFailure(startPromise::fail);
        }

        @Override
        public void stop() {
            if (mercury != null) {
                mercury.closeAll(1001, "sandbox stopping");
            }
            if (sse != null) {
                sse.close();
            }
            if (webhooks != null) {
                webhooks.close();
            }
        }
    }

    private Router build(int port) {
        String host = "0.0.0.0".equals(options.getHost()) || "::".equals(options.getHost()) ? "127.0.0.1" : options.getHost();
        SandboxUrls u = new SandboxUrls(host, port, options.getTlsKeyStore() != null);
        SandboxStore st = new SandboxStore(options.getCluster(), options.getBotEmail(), options.getBotDisplayName());
        JsonViews views = new JsonViews(u, options.getCluster(), orgUuid);
        MercuryHub hub = new MercuryHub(vertx, st, faults, token, options.getAuthTimeout().toMillis());
        SseHub sseHub = new SseHub(vertx);
        SandboxEvents ev = new SandboxEvents(listeners, hub, sseHub);
        SandboxCloud cloud = new SandboxCloud(st, views, new Activities(u, orgUuid), ev, options.getMaxMessageBytes());
        HydraApi hydra = new HydraApi(cloud, faults, u);
        WebhookHub hooks = new WebhookHub(vertx, st, views, faults);
        cloud.webhooks(hooks);
        DiscoveryApi discovery = new DiscoveryApi(st, views, hub, u, options.getMaxDevices(), options.getCatalogCluster());
        OperatorApi op = new OperatorApi(cloud, hub, ev, sseHub, faults);

        Router r = Router.router(vertx);
        // Before any body handling: the upgrade must see an unread request.
        r.get("/mercury/registrations/:deviceUuid/messages").handler(hub::handleUpgrade);
        var body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        // One gate per bot-facing prefix keeps the per-request handler chain short. The body is read
        // first: a gate that delays (fault injection) would otherwise lose it.
        r.route("/v1/*").handler(body);
        r.route("/v1/*").handler(botGate(ev, true, hydra));
        r.route("/wdm/*").handler(body);
        r.route("/wdm/*").handler(botGate(ev, true, null));
        r.route("/conversation/*").handler(botGate(ev, true, null));
        r.route("/u2c/api/v1/limited/catalog").handler(botGate(ev, false, null));
        r.route("/u2c/api/v1/catalog").handler(botGate(ev, true, null));
        // Most frequent first: vertx-web tries routes in order.
        hydra.mount(r);
        hooks.mount(r);
        discovery.mount(r);
        op.mount(r, body);
        r.route().last().handler(ctx -> Http.error(ctx, 404, "The requested resource could not be found."));
        r.route().failureHandler(Http::failure);

        urls = u;
        store = st;
        mercury = hub;
        sse = sseHub;
        events = ev;
        operator = op;
        webhooks = hooks;
        return r;
    }

    /**
     * Reports the call to listeners, checks the bearer token and, for Hydra, applies injected faults.
     * The limited U2C catalog is fetched before login, so it is the one bot call without a token.
     */
    private Handler<RoutingContext> botGate(SandboxEvents ev, boolean auth, HydraApi hydra) {
        String expected = "Bearer " + token;
        return ctx -> {
            String method = ctx.request().method().name();
            String path = ctx.request().path();
            LOG.debug("Bot request {} {}", method, path);
            ctx.addBodyEndHandler(v -> ev.botRequest(method, path, ctx.response().getStatusCode()));
            Http.trackingId(ctx);
            if (auth && !Http.bearerMatches(ctx.request().getHeader("Authorization"), expected)) {
                Http.error(ctx, 401, "The request requires a valid access token set in the Authorization request header.");
            } else if (hydra != null) {
                hydra.faults(ctx);
            } else {
                ctx.next();
            }
        };
    }

    // ---- addresses and identity

    public int port() {
        return started().port();
    }

    public String baseUrl() {
        return started().base();
    }

    public String u2cUrl() {
        return started().u2c();
    }

    public String apiUrl() {
        return started().api();
    }

    public String botToken() {
        return token;
    }

    public String botPersonId() {
        started();
        return store.bot().id;
    }

    public String botEmail() {
        return options.getBotEmail();
    }

    public SandboxOptions options() {
        return options;
    }

    /** Fault injection for tests; takes effect on the next request or frame. */
    public SandboxFaults faults() {
        return faults;
    }

    // ---- operator API

    public ObjectNode createPerson(String email, String displayName) {
        return call(() -> operator.createPerson(email, displayName));
    }

    /** Another app's bot, which can then post in spaces like a person (its activities say type BOT). */
    public ObjectNode createBot(String email, String displayName) {
        return call(() -> operator.createBot(email, displayName));
    }

    public ObjectNode createGroupRoom(String title, List<String> memberEmails) {
        return call(() -> operator.createGroupRoom(title, memberEmails));
    }

    /** A group room with the id {@code WebexIds.encode("us", "ROOM", uuid)}, e.g. one configuration names. */
    public ObjectNode createGroupRoom(String uuid, String title, List<String> memberEmails) {
        return call(() -> operator.createGroupRoom(uuid, title, memberEmails));
    }

    public ObjectNode directRoom(String personEmail) {
        return call(() -> operator.directRoom(personEmail));
    }

    public ObjectNode userPost(String personEmail, String roomId, String text, String parentId, boolean mentionBot) {
        return call(() -> operator.userPost(personEmail, roomId, text, null, parentId, mentionBot));
    }

    /** Like {@link #userPost} with markdown (the plain {@code text} is rendered from it). */
    public ObjectNode userPostMarkdown(String personEmail, String roomId, String markdown, String parentId,
            boolean mentionBot) {
        return call(() -> operator.userPost(personEmail, roomId, null, markdown, parentId, mentionBot));
    }

    public ObjectNode userSubmit(String personEmail, String cardMessageId, Map<String, Object> inputs) {
        JsonNode in = inputs == null ? null : JsonViews.MAPPER.valueToTree(inputs);
        return call(() -> operator.userSubmit(personEmail, cardMessageId, in));
    }

    /** A read receipt: an {@code acknowledge} activity for the message (pushed if the bot can see it). */
    public ObjectNode userAcknowledge(String personEmail, String messageId) {
        return call(() -> operator.userAcknowledge(personEmail, messageId));
    }

    public ObjectNode userShare(String personEmail, String roomId, String text, List<SandboxFile> files) {
        return call(() -> operator.userShare(personEmail, roomId, text, files));
    }

    public void pushRawFrame(String text) {
        call(() -> {
            mercury.pushRaw(text);
            return null;
        });
    }

    /** Sends raw bytes as one text (or binary) frame to the bot's sockets, even bytes that are not UTF-8. */
    public void pushRawFrame(byte[] data, boolean text) {
        call(() -> {
            mercury.pushRawBytes(data, text);
            return null;
        });
    }

    /** Mercury's planned drain: a "shutdown" envelope on every socket, closed with 4001 after {@code grace}. */
    public void announceShutdown(Duration grace) {
        call(() -> {
            mercury.announceShutdown(grace.toMillis());
            return null;
        });
    }

    public void pushActivity(ObjectNode activity) {
        ObjectNode copy = activity.deepCopy();
        call(() -> {
            operator.pushActivity(copy);
            return null;
        });
    }

    /**
     * Closes every Mercury socket with this close code (fault injection: 1000 "idle", 1011, 4000
     * "replaced"...). 1006 and the other codes that cannot be sent drop the TCP connection instead.
     */
    public void closeAllSockets(int code, String reason) {
        call(() -> {
            mercury.closeAll(code, reason);
            return null;
        });
    }

    public List<ObjectNode> messages(String roomId) {
        return call(() -> operator.messages(roomId));
    }

    public List<ObjectNode> rooms() {
        return call(() -> operator.rooms());
    }

    public List<ObjectNode> people() {
        return call(() -> operator.people());
    }

    public List<ObjectNode> devices() {
        return call(() -> operator.devices());
    }

    /** Authorized Mercury sockets, i.e. sockets that would receive an activity now. */
    public int connectedSockets() {
        return call(() -> mercury.authorizedSockets());
    }

    public ObjectNode status() {
        return call(() -> operator.status());
    }

    /** The bot's webhooks as {@code GET /v1/webhooks} lists them (secrets included, as Webex shows them to their owner). */
    public List<ObjectNode> webhooks() {
        return call(() -> webhooks.all());
    }

    public void addListener(SandboxListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    // ---- plumbing

    private SandboxUrls started() {
        SandboxUrls u = urls;
        if (u == null || deploymentId == null) {
            throw new IllegalStateException("The Webex sandbox is not started");
        }
        return u;
    }

    private <T> T call(Supplier<T> action) {
        started();
        if (Thread.currentThread() == loopThread) {
            return action.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        loopContext.runOnContext(v -> {
            try {
                f.complete(action.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return await(f, "run a sandbox operation");
    }

    private <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(options.getCallTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Failed to " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out trying to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted trying to " + what, e);
        }
    }

    private static void refuseEventLoop(String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Cannot " + what + " the Webex sandbox from an event-loop thread");
        }
    }
}
