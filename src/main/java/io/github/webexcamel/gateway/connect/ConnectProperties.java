package io.github.webexcamel.gateway.connect;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Webex Connect bot channel ({@code webex.connect.*}; environment variables in application.properties and the
 * README). The channel is on when {@code webhookUrl} is set.
 *
 * @param path              where Webex Connect POSTs its events, on the application port
 * @param webhookUrl        the integration's inbound webhook (replies and handovers go there); empty: channel off
 * @param verificationToken the integration's verification token, returned in the body of every answer
 * @param token             shared secret every event must carry ({@code Authorization: Bearer} or {@code ?token=})
 * @param commands          command keywords Connect customers may run (none by default)
 * @param defaultRoute      where a customer's text that is no command goes
 * @param handoverKeywords  what a customer writes (the whole message, any case) to be handed to an agent
 * @param replyRetryBudget  how long a reply Webex Connect answers with 5xx or not at all is retried
 * @param maxBodyBytes      largest event accepted (413 above it)
 * @param maxQueued         events accepted and not yet handled above which new ones get 503 (Connect retries later)
 * @param workerThreads     conversations handled at once
 */
@ConfigurationProperties("webex.connect")
public record ConnectProperties(@DefaultValue("/connect/events") String path,
                                @DefaultValue("") String webhookUrl,
                                @DefaultValue("") String verificationToken,
                                @DefaultValue("") String token,
                                @DefaultValue("") List<String> commands,
                                @DefaultValue("direct:connect-default") String defaultRoute,
                                @DefaultValue("agent,human") List<String> handoverKeywords,
                                @DefaultValue("2m") Duration replyRetryBudget,
                                @DefaultValue("65536") int maxBodyBytes,
                                @DefaultValue("1000") int maxQueued,
                                @DefaultValue("8") int workerThreads) {

    public boolean enabled() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }
}
