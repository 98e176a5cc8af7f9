package io.github.webexcamel.gateway.webex;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.webexcamel.gateway.webex.rest.WebexApiException;
import io.github.webexcamel.gateway.webex.rest.WebexRestClient;
import io.vertx.core.Vertx;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.ObjectHelper;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webex messaging: {@code webex:events} receives activities over the Mercury WebSocket,
 * {@code webex:messages} posts (or edits) messages through the REST API.
 */
@Component("webex")
public class WebexComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(WebexComponent.class);
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    @Metadata(description = "Shared configuration of all webex endpoints")
    private WebexConfiguration configuration = new WebexConfiguration();
    @Metadata(label = "advanced", autowired = true, description = "Vert.x instance to use; one is created when absent")
    private Vertx vertx;

    private boolean ownVertx;
    private ObjectMapper mapper;
    private volatile ObjectReader mapReader;
    // Shared by the endpoints whose options agree, one each where they differ: a second endpoint with its own
    // token, timeouts, pool size or checkpoint gets its own, not the first endpoint's.
    private final Map<RestKey, WebexRestClient> restClients = new HashMap<>();
    private final Map<Integer, ExecutorService> workerPools = new HashMap<>();
    private final Map<RestKey, WebexIdentity> identities = new HashMap<>();
    private final Map<Object, Checkpoint> checkpoints = new HashMap<>();
    private final List<WebexEventsConsumer> consumers = new CopyOnWriteArrayList<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!"events".equals(remaining) && !"messages".equals(remaining)) {
            throw new IllegalArgumentException("Unknown webex endpoint '" + remaining + "': use webex:events or webex:messages");
        }
        // each endpoint starts from a copy of the component's options and overrides its own, through the generated
        // WebexEndpointConfigurer (durations such as readTimeout=2s included)
        WebexEndpoint endpoint = new WebexEndpoint(uri, this, remaining, configuration.copy());
        setProperties(endpoint, parameters);
        endpoint.getConfiguration().validate();
        return endpoint;
    }

    synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            ownVertx = true;
        }
        return vertx;
    }

    synchronized ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        return mapper;
    }

    /**
     * Reads a JSON tree as a {@code Map<String, Object>}, as {@code convertValue} would, but straight off the tree:
     * {@code convertValue} resolved the map type and wrote the whole tree into a token buffer first, for every event.
     */
    ObjectReader mapReader() {
        ObjectReader reader = mapReader;
        if (reader == null) {
            reader = mapper().readerFor(MAP_TYPE);
            mapReader = reader; // two threads may both build one: the same reader either way
        }
        return reader;
    }

    /** The REST client of these options: endpoints that agree on them share one. */
    synchronized WebexRestClient restClient(WebexConfiguration config) {
        ObjectHelper.notNull(config.getToken(), "token");
        return restClients.computeIfAbsent(RestKey.of(config), key -> new WebexRestClient(vertx(), mapper(),
                config.getApiUrl(), config.getToken(), proxyOptions(config), Duration.ofMillis(config.getRequestTimeout()),
                config.getMaxRequestAttempts(), Duration.ofSeconds(60), config.getConnectionPoolSize())
                .readTimeout(Duration.ofMillis(config.getReadTimeout()))
                .writeRetryBudget(Duration.ofMillis(config.getWriteRetryBudget())));
    }

    /** The component configuration's REST client if one has been made, else null: for metrics, which must not create one. */
    public synchronized WebexRestClient currentRestClient() {
        return restClients.get(RestKey.of(configuration));
    }

    /** What makes two REST clients different. */
    private record RestKey(String apiUrl, String token, String proxyUrl, String proxyUsername, String proxyPassword,
                           long requestTimeout, long readTimeout, int maxRequestAttempts, long writeRetryBudget,
                           int connectionPoolSize) {
        static RestKey of(WebexConfiguration c) {
            return new RestKey(c.getApiUrl(), c.getToken(), c.getProxyUrl(), c.getProxyUsername(), c.getProxyPassword(),
                    c.getRequestTimeout(), c.getReadTimeout(), c.getMaxRequestAttempts(), c.getWriteRetryBudget(),
                    c.getConnectionPoolSize());
        }
    }

    /** Route work never runs on a Vert.x event loop: user routes may block (camel-http, databases). */
    synchronized ExecutorService workers(WebexConfiguration config) {
        ExecutorService workers = workerPools.get(config.getWorkerThreads());
        if (workers == null) {
            // A real, unbounded queue (what is queued is already bounded by maxInFlight). A bounded one with
            // Camel's default caller-runs policy would run route work on a Vert.x event loop whenever all
            // workers are busy: that blocked the event loops (and every REST answer with them) under load.
            ThreadPoolProfile profile = new ThreadPoolProfileBuilder("WebexWorker").poolSize(config.getWorkerThreads())
                    .maxPoolSize(config.getWorkerThreads()).maxQueueSize(Integer.MAX_VALUE)
                    .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build();
            workers = getCamelContext().getExecutorServiceManager().newThreadPool(this, "WebexWorker", profile);
            workerPools.put(config.getWorkerThreads(), workers);
        }
        return workers;
    }

    static ProxyOptions proxyOptions(WebexConfiguration config) {
        if (config.getProxyUrl() == null || config.getProxyUrl().isBlank()) {
            return null;
        }
        URI uri = URI.create(config.getProxyUrl());
        ProxyOptions proxy = new ProxyOptions().setType(ProxyType.HTTP).setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : 3128);
        String user = config.getProxyUsername();
        String password = config.getProxyPassword();
        if (user == null && uri.getRawUserInfo() != null) {
            // http://user:password@proxy:3128, the form HTTPS_PROXY takes
            String[] info = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(info[0], StandardCharsets.UTF_8);
            password = info.length > 1 ? URLDecoder.decode(info[1], StandardCharsets.UTF_8) : "";
        }
        if (user != null) {
            proxy.setUsername(user).setPassword(password);
        }
        return proxy;
    }

    /**
     * The bot's own identity ({@code GET /v1/people/me}), read once. A rejected token fails here with one
     * clear line; other failures propagate so the caller can retry later.
     */
    public WebexIdentity identity() {
        return identity(configuration);
    }

    /** The identity of the bot whose token these options carry. */
    synchronized WebexIdentity identity(WebexConfiguration config) {
        WebexIdentity identity = identities.get(RestKey.of(config));
        if (identity == null) {
            try {
                JsonNode json = restClient(config).get("/people/me").toCompletionStage().toCompletableFuture()
                        .get(config.getRequestTimeout() * 2, TimeUnit.MILLISECONDS);
                identity = WebexIdentity.of(json);
                identities.put(RestKey.of(config), identity);
                LOG.info("Webex bot is {} <{}>", identity.displayName(), identity.email());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebexApiException api && api.isUnauthorized()) {
                    throw new WebexAuthenticationException(
                            "Webex rejected the bot token (HTTP 401 from GET /v1/people/me): check WEBEX_API_TOKEN");
                }
                throw new IllegalStateException("Cannot read the bot's identity from " + config.getApiUrl() + ": "
                        + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reading the bot's identity");
            } catch (TimeoutException e) {
                throw new IllegalStateException("Webex did not answer GET /v1/people/me in time");
            }
        }
        return identity;
    }

    synchronized Checkpoint checkpoint(WebexConfiguration config) {
        String file = config.getCheckpointFile();
        Object key = config.getCheckpointStore() != null ? config.getCheckpointStore()
                : file == null || file.isBlank() ? "" : Path.of(file).toAbsolutePath();
        return checkpoints.computeIfAbsent(key, k -> new Checkpoint(config.getCheckpointStore() != null
                ? config.getCheckpointStore() : k instanceof Path path ? Checkpoint.file(path) : null));
    }

    void register(WebexEventsConsumer consumer) {
        consumers.add(consumer);
    }

    void unregister(WebexEventsConsumer consumer) {
        consumers.remove(consumer);
    }

    /** The running event consumers, for health and metrics. */
    public List<WebexEventsConsumer> consumers() {
        return List.copyOf(consumers);
    }

    @Override
    protected void doStart() throws Exception {
        // at start, not init: Spring Boot's camel.component.webex.* is applied after the component is initialised
        configuration.validate();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            restClients.values().forEach(WebexRestClient::close);
            restClients.clear();
            workerPools.values().forEach(getCamelContext().getExecutorServiceManager()::shutdownGraceful);
            workerPools.clear();
        }
        if (ownVertx && vertx != null) {
            vertx.close();
            vertx = null;
        }
        super.doStop();
    }

    public WebexConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(WebexConfiguration configuration) {
        this.configuration = configuration;
    }

    public Vertx getVertx() {
        return vertx;
    }

    public void setVertx(Vertx vertx) {
        this.vertx = vertx;
    }
}
