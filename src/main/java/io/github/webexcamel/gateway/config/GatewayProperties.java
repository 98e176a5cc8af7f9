package io.github.webexcamel.gateway.config;

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
 * @param workerThreads threads that run routes
 */
@ConfigurationProperties("webex")
public record GatewayProperties(String apiToken,
                                @DefaultValue("https://webexapis.com/v1") String apiUrl,
                                @DefaultValue("https://u2c.wbx2.com/u2c/api/v1") String u2cUrl,
                                @DefaultValue("webex-camel-gateway") String deviceName,
                                String proxyUrl,
                                @DefaultValue("/") String commandPrefix,
                                @DefaultValue("routes/cards") String cardsDir,
                                @DefaultValue("16") int workerThreads,
                                @DefaultValue Access access,
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
     * @param port      port of the embedded sandbox (0 picks a free one)
     * @param userEmail the sandbox user the printed examples and the playground act as
     */
    public record Sandbox(@DefaultValue("7070") int port, @DefaultValue("alice@example.com") String userEmail) {
    }
}
