package io.github.webexcamel.gateway.webex;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Options of the webex component, settable on the component (shared) or per endpoint. */
@UriParams
public class WebexConfiguration implements Cloneable {

    @UriParam(label = "security", secret = true, description = "The bot's access token")
    @Metadata(required = true)
    private String token;
    @UriParam(defaultValue = "https://webexapis.com/v1", description = "Base URL of the Webex REST API")
    private String apiUrl = "https://webexapis.com/v1";
    @UriParam(label = "consumer", defaultValue = "https://u2c.wbx2.com/u2c/api/v1",
              description = "Base URL of the U2C service catalog, where WDM is found")
    private String u2cUrl = "https://u2c.wbx2.com/u2c/api/v1";
    @UriParam(label = "consumer", defaultValue = "webex-camel-gateway",
              description = "Name of the WDM device; a device with this name is reused after a crash")
    private String deviceName = "webex-camel-gateway";
    @UriParam(label = "consumer", defaultValue = "true", description = "Delete the WDM device on graceful shutdown")
    private boolean deleteDeviceOnStop = true;
    @UriParam(label = "consumer", defaultValue = "false",
              description = "Delete other devices this gateway registered under other names (replicas that died without"
                      + " deleting theirs): only for a leader among replicas, whose followers hold no device")
    private boolean pruneOtherGatewayDevices;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "15000", description = "Milliseconds between application pings on the socket")
    private long pingInterval = 15000;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "14000",
              description = "Milliseconds to wait for a pong before the socket is treated as dead and reconnected")
    private long pongTimeout = 14000;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "1000", description = "First reconnect delay in milliseconds")
    private long reconnectInitialDelay = 1000;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "32000", description = "Largest reconnect delay in milliseconds")
    private long reconnectMaxDelay = 32000;
    @UriParam(label = "consumer", defaultValue = "0", description = "Reconnect attempts before giving up; 0 retries forever")
    private int maxReconnectAttempts;
    @UriParam(label = "consumer", defaultValue = "3",
              description = "Consecutive HTTP 404s on the socket upgrade that may each re-register the device")
    private int maxDeviceReregistrations = 3;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "20000",
              description = "Milliseconds start-up waits for the first connection before continuing in the background")
    private long startupTimeout = 20000;
    @UriParam(label = "consumer", defaultValue = "1048576", description = "Largest accepted WebSocket message in bytes")
    private int maxFrameSize = 1048576;
    @UriParam(label = "consumer", defaultValue = "1000",
              description = "Events accepted but not yet handled before the socket stops reading (backpressure)")
    private int maxInFlight = 1000;
    @UriParam(label = "consumer", defaultValue = "16",
              description = "Threads that run routes; events of one room run in order, rooms run in parallel")
    private int workerThreads = 16;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "600000",
              description = "How far back (ms) messages sent while disconnected are read back and handled; 0 disables catch-up")
    private long catchUpWindow = 600000;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "60000",
              description = "Every so many ms, messages of the last two intervals are read back through REST and any"
                      + " that was never handled is handled (a safety net under the socket); 0 disables")
    private long reconcileInterval = 60000;
    @UriParam(label = "advanced", description = "The store of handled event ids, so reconciliation skips them")
    private IdempotentRepository eventRepository;
    @UriParam(label = "consumer",
              description = "File that remembers when Webex was last heard, so a restart catches up from there")
    private String checkpointFile;
    @UriParam(label = "advanced", description = "Where the checkpoint is kept instead of checkpointFile (the gateway's"
            + " state store, shared by its replicas)")
    private CheckpointStore checkpointStore;
    @UriParam(javaType = "java.time.Duration", label = "consumer", defaultValue = "300000",
              description = "An event not finished after this many ms releases its room (and is logged); 0 disables")
    private long eventTimeout = 300000;
    @UriParam(javaType = "java.time.Duration", label = "advanced", defaultValue = "10000",
              description = "A REST request with no answer for this many ms fails and is retried (Webex answers in well under 1 s)")
    private long requestTimeout = 10000;
    @UriParam(javaType = "java.time.Duration", label = "advanced", defaultValue = "5000",
              description = "A REST read (GET/HEAD) silent for this many ms is retried; writes use requestTimeout")
    private long readTimeout = 5000;
    @UriParam(label = "advanced", defaultValue = "4", description = "Attempts for a REST read answered 5xx or not at all"
            + " (429 is retried for as long as Retry-After asks, up to a minute)")
    private int maxRequestAttempts = 4;
    @UriParam(javaType = "java.time.Duration", label = "advanced", defaultValue = "120000", description = "A REST write (a reply, an edit) answered 5xx or"
            + " not at all is retried, with backoff and jitter, for this many ms: Webex's own outage delays replies"
            + " instead of dropping them")
    private long writeRetryBudget = 120000;
    @UriParam(label = "advanced", defaultValue = "64", description = "Pooled HTTP connections to the REST API")
    private int connectionPoolSize = 64;
    @UriParam(label = "producer,advanced", defaultValue = "false",
              description = "The caller blocks until the answer (a ProducerTemplate in a bean): the answer is handed"
                      + " back on the I/O thread instead of queued for a route worker, so blocked callers on route"
                      + " workers cannot starve the workers their own answers need")
    private boolean callerWaits;
    @UriParam(label = "consumer", defaultValue = "mercury", enums = "mercury,webhook,both",
              description = "Where events come from: the Mercury socket, Webex webhooks (handed in by the webhook"
                      + " receiver; no socket is opened), or both (an event that arrives both ways runs once)")
    private String ingress = "mercury";
    @UriParam(label = "proxy", description = "HTTP proxy for REST and WebSocket, e.g. http://proxy:3128")
    private String proxyUrl;
    @UriParam(label = "proxy,security", secret = true, description = "Proxy user name")
    private String proxyUsername;
    @UriParam(label = "proxy,security", secret = true, description = "Proxy password")
    private String proxyPassword;

    public WebexConfiguration copy() {
        try {
            return (WebexConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getU2cUrl() {
        return u2cUrl;
    }

    public void setU2cUrl(String u2cUrl) {
        this.u2cUrl = u2cUrl;
    }

    public String getDeviceName() {
        return deviceName;
    }

    public void setDeviceName(String deviceName) {
        this.deviceName = deviceName;
    }

    public boolean isPruneOtherGatewayDevices() {
        return pruneOtherGatewayDevices;
    }

    public void setPruneOtherGatewayDevices(boolean pruneOtherGatewayDevices) {
        this.pruneOtherGatewayDevices = pruneOtherGatewayDevices;
    }

    public boolean isDeleteDeviceOnStop() {
        return deleteDeviceOnStop;
    }

    public void setDeleteDeviceOnStop(boolean deleteDeviceOnStop) {
        this.deleteDeviceOnStop = deleteDeviceOnStop;
    }

    public long getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(long pingInterval) {
        this.pingInterval = pingInterval;
    }

    public long getPongTimeout() {
        return pongTimeout;
    }

    public void setPongTimeout(long pongTimeout) {
        this.pongTimeout = pongTimeout;
    }

    public long getReconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public void setReconnectInitialDelay(long reconnectInitialDelay) {
        this.reconnectInitialDelay = reconnectInitialDelay;
    }

    public long getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(long reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public int getMaxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    public void setMaxReconnectAttempts(int maxReconnectAttempts) {
        this.maxReconnectAttempts = maxReconnectAttempts;
    }

    public int getMaxDeviceReregistrations() {
        return maxDeviceReregistrations;
    }

    public void setMaxDeviceReregistrations(int maxDeviceReregistrations) {
        this.maxDeviceReregistrations = maxDeviceReregistrations;
    }

    public long getStartupTimeout() {
        return startupTimeout;
    }

    public void setStartupTimeout(long startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    public int getMaxFrameSize() {
        return maxFrameSize;
    }

    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getWorkerThreads() {
        return workerThreads;
    }

    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public long getWriteRetryBudget() {
        return writeRetryBudget;
    }

    public void setWriteRetryBudget(long writeRetryBudget) {
        this.writeRetryBudget = writeRetryBudget;
    }

    public int getMaxRequestAttempts() {
        return maxRequestAttempts;
    }

    public void setMaxRequestAttempts(int maxRequestAttempts) {
        this.maxRequestAttempts = maxRequestAttempts;
    }

    public int getConnectionPoolSize() {
        return connectionPoolSize;
    }

    public void setConnectionPoolSize(int connectionPoolSize) {
        this.connectionPoolSize = connectionPoolSize;
    }

    public long getCatchUpWindow() {
        return catchUpWindow;
    }

    public void setCatchUpWindow(long catchUpWindow) {
        this.catchUpWindow = catchUpWindow;
    }

    public long getEventTimeout() {
        return eventTimeout;
    }

    public void setEventTimeout(long eventTimeout) {
        this.eventTimeout = eventTimeout;
    }

    public long getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(long reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }

    public IdempotentRepository getEventRepository() {
        return eventRepository;
    }

    public void setEventRepository(IdempotentRepository eventRepository) {
        this.eventRepository = eventRepository;
    }

    public boolean isCallerWaits() {
        return callerWaits;
    }

    public void setCallerWaits(boolean callerWaits) {
        this.callerWaits = callerWaits;
    }

    public CheckpointStore getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
    }

    public String getCheckpointFile() {
        return checkpointFile;
    }

    public void setCheckpointFile(String checkpointFile) {
        this.checkpointFile = checkpointFile;
    }

    public String getProxyUrl() {
        return proxyUrl;
    }

    public void setProxyUrl(String proxyUrl) {
        this.proxyUrl = proxyUrl;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public String getIngress() {
        return ingress;
    }

    public void setIngress(String ingress) {
        // checked in validate(), not here: a setter that throws makes Camel's binding retry the value as a bean name
        this.ingress = ingress == null || ingress.isBlank() ? "mercury" : ingress.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Refuses options no endpoint can work with, naming the option (the component and each endpoint check theirs). */
    public void validate() {
        if (!ingress.equals("mercury") && !ingress.equals("webhook") && !ingress.equals("both")) {
            throw new IllegalArgumentException("ingress (WEBEX_INGRESS) must be mercury, webhook or both, not '" + ingress + "'");
        }
    }

    /** Whether the Mercury socket is opened. */
    public boolean mercuryIngress() {
        return !"webhook".equals(ingress);
    }

    /** Whether webhook deliveries are taken. */
    public boolean webhookIngress() {
        return !"mercury".equals(ingress);
    }
}
