/* Written in the shape camel-spring-boot-generator-maven-plugin generates for a starter (see README, "Configuration"):
 * the generator reads a component jar, which an application's own component is not. WebexCatalogTest keeps it in step
 * with the generated catalog JSON. */
package io.github.webexcamel.gateway.webex.springboot;

import java.time.Duration;

import io.github.webexcamel.gateway.webex.Checkpoint;
import io.github.webexcamel.gateway.webex.WebexConfiguration;
import io.vertx.core.Vertx;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webex: {@code webex:events} receives activities over the Mercury WebSocket (or webhooks), {@code webex:messages}
 * posts, edits and reads through the REST API.
 */
@ConfigurationProperties(prefix = "camel.component.webex")
public class WebexComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the webex component. This is enabled by default.
     */
    private Boolean enabled;

    /**
     * Base URL of the Webex REST API. The option is a String type.
     */
    private String apiUrl = "https://webexapis.com/v1";

    /**
     * Shared configuration of all webex endpoints. The option is a
     * WebexConfiguration type.
     */
    private WebexConfiguration configuration;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if
     * possible) occurred while the Camel consumer is trying to pickup incoming messages, or the likes,
     * will now be processed as a message and handled by the routing Error Handler. Important: This is only
     * possible if the 3rd party component allows Camel to be alerted if an exception was thrown. Some
     * components handle this internally only, and therefore bridgeErrorHandler is not possible. In other
     * situations we may improve the Camel component to hook into the 3rd party component and make this
     * possible for future releases. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR
     * level and ignored.
     */
    private Boolean bridgeErrorHandler = false;

    /**
     * How far back (ms) messages sent while disconnected are read back and handled; 0 disables catch-up.
     * The option is a Duration type (15s, 2m, or milliseconds).
     */
    private Duration catchUpWindow = Duration.ofMillis(600000L);

    /**
     * File that remembers when Webex was last heard, so a restart catches up from there. The option is a
     * String type.
     */
    private String checkpointFile;

    /**
     * Delete the WDM device on graceful shutdown
     */
    private Boolean deleteDeviceOnStop = true;

    /**
     * Name of the WDM device; a device with this name is reused after a crash. The option is a
     * String type.
     */
    private String deviceName = "webex-camel-gateway";

    /**
     * An event not finished after this many ms releases its room (and is logged); 0 disables. The option
     * is a Duration type (15s, 2m, or milliseconds).
     */
    private Duration eventTimeout = Duration.ofMillis(300000L);

    /**
     * Where events come from: the Mercury socket, Webex webhooks (handed in by the webhook receiver; no
     * socket is opened), or both (an event that arrives both ways runs once). The option is a
     * String type.
     */
    private String ingress = "mercury";

    /**
     * Consecutive HTTP 404s on the socket upgrade that may each re-register the device
     */
    private Integer maxDeviceReregistrations = 3;

    /**
     * Largest accepted WebSocket message in bytes
     */
    private Integer maxFrameSize = 1048576;

    /**
     * Events accepted but not yet handled before the socket stops reading (backpressure)
     */
    private Integer maxInFlight = 1000;

    /**
     * Reconnect attempts before giving up; 0 retries forever
     */
    private Integer maxReconnectAttempts = 0;

    /**
     * Milliseconds between application pings on the socket. The option is a Duration type (15s,
     * 2m, or milliseconds).
     */
    private Duration pingInterval = Duration.ofMillis(15000L);

    /**
     * Milliseconds to wait for a pong before the socket is treated as dead and reconnected. The option is
     * a Duration type (15s, 2m, or milliseconds).
     */
    private Duration pongTimeout = Duration.ofMillis(14000L);

    /**
     * Delete other devices this gateway registered under other names (replicas that died without deleting
     * theirs): only for a leader among replicas, whose followers hold no device
     */
    private Boolean pruneOtherGatewayDevices = false;

    /**
     * Every so many ms, messages of the last two intervals are read back through REST and any that was
     * never handled is handled (a safety net under the socket); 0 disables. The option is a
     * Duration type (15s, 2m, or milliseconds).
     */
    private Duration reconcileInterval = Duration.ofMillis(60000L);

    /**
     * First reconnect delay in milliseconds. The option is a Duration type (15s, 2m, or
     * milliseconds).
     */
    private Duration reconnectInitialDelay = Duration.ofMillis(1000L);

    /**
     * Largest reconnect delay in milliseconds. The option is a Duration type (15s, 2m, or
     * milliseconds).
     */
    private Duration reconnectMaxDelay = Duration.ofMillis(32000L);

    /**
     * Milliseconds start-up waits for the first connection before continuing in the background. The option
     * is a Duration type (15s, 2m, or milliseconds).
     */
    private Duration startupTimeout = Duration.ofMillis(20000L);

    /**
     * Base URL of the U2C service catalog, where WDM is found. The option is a String type.
     */
    private String u2cUrl = "https://u2c.wbx2.com/u2c/api/v1";

    /**
     * Threads that run routes; events of one room run in order, rooms run in parallel
     */
    private Integer workerThreads = 16;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use
     * this to allow CamelContext and routes to startup in situations where a producer may otherwise fail
     * during starting and cause the route to fail being started. By deferring this startup to be lazy then
     * the startup failure can be handled during routing messages via Camel's routing error handlers.
     * Beware that when the first message is processed then creating and starting the producer may take a
     * little time and prolong the total processing time of the processing.
     */
    private Boolean lazyStartProducer = false;

    /**
     * The caller blocks until the answer (a ProducerTemplate in a bean): the answer is handed back on the
     * I/O thread instead of queued for a route worker, so blocked callers on route workers cannot starve
     * the workers their own answers need
     */
    private Boolean callerWaits = false;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be
     * marked as autowired) by looking up in the registry to find if there is a single instance of matching
     * type, which then gets configured on the component. This can be used for automatic configuring JDBC
     * data sources, JMS connection factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;

    /**
     * Where the checkpoint is kept instead of checkpointFile (the gateway's state store, shared by its
     * replicas). The option is a Checkpoint.Store type.
     */
    private Checkpoint.Store checkpointStore;

    /**
     * Pooled HTTP connections to the REST API
     */
    private Integer connectionPoolSize = 64;

    /**
     * The store of handled event ids, so reconciliation skips them. The option is a
     * IdempotentRepository type.
     */
    private IdempotentRepository eventRepository;

    /**
     * Attempts for a REST read answered 5xx or not at all (429 is retried for as long as Retry-After asks,
     * up to a minute)
     */
    private Integer maxRequestAttempts = 4;

    /**
     * A REST read (GET/HEAD) silent for this many ms is retried; writes use requestTimeout. The option is
     * a Duration type (15s, 2m, or milliseconds).
     */
    private Duration readTimeout = Duration.ofMillis(5000L);

    /**
     * A REST request with no answer for this many ms fails and is retried (Webex answers in well under 1
     * s). The option is a Duration type (15s, 2m, or milliseconds).
     */
    private Duration requestTimeout = Duration.ofMillis(10000L);

    /**
     * Vert.x instance to use; one is created when absent. The option is a Vertx type.
     */
    private Vertx vertx;

    /**
     * A REST write (a reply, an edit) answered 5xx or not at all is retried, with backoff and jitter, for
     * this many ms: Webex's own outage delays replies instead of dropping them. The option is a
     * Duration type (15s, 2m, or milliseconds).
     */
    private Duration writeRetryBudget = Duration.ofMillis(120000L);

    /**
     * HTTP proxy for REST and WebSocket, e.g. http://proxy:3128. The option is a String type.
     */
    private String proxyUrl;

    /**
     * Proxy password. The option is a String type.
     */
    private String proxyPassword;

    /**
     * Proxy user name. The option is a String type.
     */
    private String proxyUsername;

    /**
     * The bot's access token. The option is a String type.
     */
    private String token;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public WebexConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(WebexConfiguration configuration) {
        this.configuration = configuration;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Duration getCatchUpWindow() {
        return catchUpWindow;
    }

    public void setCatchUpWindow(Duration catchUpWindow) {
        this.catchUpWindow = catchUpWindow;
    }

    public String getCheckpointFile() {
        return checkpointFile;
    }

    public void setCheckpointFile(String checkpointFile) {
        this.checkpointFile = checkpointFile;
    }

    public Boolean getDeleteDeviceOnStop() {
        return deleteDeviceOnStop;
    }

    public void setDeleteDeviceOnStop(Boolean deleteDeviceOnStop) {
        this.deleteDeviceOnStop = deleteDeviceOnStop;
    }

    public String getDeviceName() {
        return deviceName;
    }

    public void setDeviceName(String deviceName) {
        this.deviceName = deviceName;
    }

    public Duration getEventTimeout() {
        return eventTimeout;
    }

    public void setEventTimeout(Duration eventTimeout) {
        this.eventTimeout = eventTimeout;
    }

    public String getIngress() {
        return ingress;
    }

    public void setIngress(String ingress) {
        this.ingress = ingress;
    }

    public Integer getMaxDeviceReregistrations() {
        return maxDeviceReregistrations;
    }

    public void setMaxDeviceReregistrations(Integer maxDeviceReregistrations) {
        this.maxDeviceReregistrations = maxDeviceReregistrations;
    }

    public Integer getMaxFrameSize() {
        return maxFrameSize;
    }

    public void setMaxFrameSize(Integer maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    public Integer getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(Integer maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public Integer getMaxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    public void setMaxReconnectAttempts(Integer maxReconnectAttempts) {
        this.maxReconnectAttempts = maxReconnectAttempts;
    }

    public Duration getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public Duration getPongTimeout() {
        return pongTimeout;
    }

    public void setPongTimeout(Duration pongTimeout) {
        this.pongTimeout = pongTimeout;
    }

    public Boolean getPruneOtherGatewayDevices() {
        return pruneOtherGatewayDevices;
    }

    public void setPruneOtherGatewayDevices(Boolean pruneOtherGatewayDevices) {
        this.pruneOtherGatewayDevices = pruneOtherGatewayDevices;
    }

    public Duration getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }

    public Duration getReconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public void setReconnectInitialDelay(Duration reconnectInitialDelay) {
        this.reconnectInitialDelay = reconnectInitialDelay;
    }

    public Duration getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public Duration getStartupTimeout() {
        return startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    public String getU2cUrl() {
        return u2cUrl;
    }

    public void setU2cUrl(String u2cUrl) {
        this.u2cUrl = u2cUrl;
    }

    public Integer getWorkerThreads() {
        return workerThreads;
    }

    public void setWorkerThreads(Integer workerThreads) {
        this.workerThreads = workerThreads;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getCallerWaits() {
        return callerWaits;
    }

    public void setCallerWaits(Boolean callerWaits) {
        this.callerWaits = callerWaits;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public Checkpoint.Store getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(Checkpoint.Store checkpointStore) {
        this.checkpointStore = checkpointStore;
    }

    public Integer getConnectionPoolSize() {
        return connectionPoolSize;
    }

    public void setConnectionPoolSize(Integer connectionPoolSize) {
        this.connectionPoolSize = connectionPoolSize;
    }

    public IdempotentRepository getEventRepository() {
        return eventRepository;
    }

    public void setEventRepository(IdempotentRepository eventRepository) {
        this.eventRepository = eventRepository;
    }

    public Integer getMaxRequestAttempts() {
        return maxRequestAttempts;
    }

    public void setMaxRequestAttempts(Integer maxRequestAttempts) {
        this.maxRequestAttempts = maxRequestAttempts;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Vertx getVertx() {
        return vertx;
    }

    public void setVertx(Vertx vertx) {
        this.vertx = vertx;
    }

    public Duration getWriteRetryBudget() {
        return writeRetryBudget;
    }

    public void setWriteRetryBudget(Duration writeRetryBudget) {
        this.writeRetryBudget = writeRetryBudget;
    }

    public String getProxyUrl() {
        return proxyUrl;
    }

    public void setProxyUrl(String proxyUrl) {
        this.proxyUrl = proxyUrl;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }
}
