package io.github.webexcamel.gateway.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings ({@code webex.*} in application.properties; the environment variables
 * named in the README map onto them there).
 *
 * @param apiToken      the bot token; empty runs the gateway on the embedded Webex sandbox
 * @param apiUrl        Webex REST base
 * @param u2cUrl        U2C service catalog base
 * @param deviceName    name of the WDM device (reused after a crash)
 * @param proxyUrl      HTTP proxy for REST and the WebSocket
 * @param commandPrefix what starts a command ("/")
 * @param cardsDir      folder of Adaptive Card templates
 * @param cardMaxBytes  largest card (template or filled in) the gateway sends; a template over it fails start-up
 * @param workerThreads threads that run routes
 * @param eventTimeout  an event still running after this releases its space (logged as stuck)
 * @param readTimeout   a Webex REST read silent this long is retried
 */
@ConfigurationProperties("webex")
public record GatewayProperties(String apiToken,
                                @DefaultValue("https://webexapis.com/v1") String apiUrl,
                                @DefaultValue("https://u2c.wbx2.com/u2c/api/v1") String u2cUrl,
                                @DefaultValue("webex-camel-gateway") String deviceName,
                                String proxyUrl,
                                @DefaultValue("/") String commandPrefix,
                                @DefaultValue("routes/cards") String cardsDir,
                                @DefaultValue("16384") int cardMaxBytes,
                                @DefaultValue("16") int workerThreads,
                                @DefaultValue("5m") Duration eventTimeout,
                                @DefaultValue("5s") Duration readTimeout,
                                @DefaultValue Access access,
                                @DefaultValue State state,
                                @DefaultValue Mercury mercury,
                                @DefaultValue Sandbox sandbox) {

    public boolean sandboxMode() {
        return apiToken == null || apiToken.isBlank();
    }

    /**
     * @param approvedUsers   e-mail addresses allowed to use the bot
     * @param approvedDomains e-mail domains allowed to use the bot
     * @param approvedRooms   room ids whose messages (and whose members) are allowed
     * @param denyNotice      tell a denied user so (true) or stay silent (false)
     */
    public record Access(@DefaultValue("") List<String> approvedUsers, @DefaultValue("") List<String> approvedDomains,
                         @DefaultValue("") List<String> approvedRooms, @DefaultValue("true") boolean denyNotice) {
    }

    /**
     * Keep-alive and reconnection of the Mercury socket (the Webex JavaScript SDK's defaults).
     *
     * @param pingInterval          time between application pings
     * @param pongTimeout           a pong later than this means the socket is dead
     * @param reconnectInitialDelay first reconnect delay (doubles, with jitter)
     * @param reconnectMaxDelay     largest reconnect delay
     */
    public record Mercury(@DefaultValue("15s") Duration pingInterval, @DefaultValue("14s") Duration pongTimeout,
                          @DefaultValue("1s") Duration reconnectInitialDelay,
                          @DefaultValue("32s") Duration reconnectMaxDelay) {
    }

    /**
     * Where handled event ids are kept, so nothing runs twice across reconnects and restarts.
     *
     * @param store         file (embedded, the default), jdbc (PostgreSQL) or memory (lost on restart)
     * @param file          the file store's path
     * @param jdbcUrl       e.g. jdbc:postgresql://127.0.0.1:5432/gateway
     * @param jdbcUser      database user
     * @param jdbcPassword  database password
     * @param catchUpWindow how far back messages missed while disconnected are read and handled
     * @param checkpointFile when Webex was last heard (not used with the memory store)
     * @param reconcileInterval how often recent messages are read back to handle any the socket never delivered
     */
    public record State(@DefaultValue("file") String store, @DefaultValue("data/webex-events.dat") String file,
                        @DefaultValue("data/webex-checkpoint") String checkpointFile,
                        String jdbcUrl, String jdbcUser, String jdbcPassword,
                        @DefaultValue("10m") Duration catchUpWindow,
                        @DefaultValue("60s") Duration reconcileInterval) {
    }

    /**
     * @param port      port of the embedded sandbox (0 picks a free one)
     * @param userEmail the sandbox user the printed examples and the playground act as
     */
    public record Sandbox(@DefaultValue("7070") int port, @DefaultValue("alice@example.com") String userEmail) {
    }
}
