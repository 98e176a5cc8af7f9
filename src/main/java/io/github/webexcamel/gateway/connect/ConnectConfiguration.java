package io.github.webexcamel.gateway.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.command.CommandRegistry;
import io.github.webexcamel.gateway.config.StartupProblem;
import org.apache.camel.CamelContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans of routes/gateway/connect.camel.yaml. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectProperties.class)
public class ConnectConfiguration {

    @Bean(value = "webexConnect", destroyMethod = "close")
    ConnectChannel webexConnect(ConnectProperties properties, CamelContext camelContext, ObjectMapper mapper,
                                CommandRegistry commands) {
        if (properties.enabled() && properties.token().isBlank()) {
            // the events endpoint would otherwise be open to anyone who finds it
            throw new StartupProblem("WEBEX_CONNECT_WEBHOOK_URL is set but WEBEX_CONNECT_TOKEN is not: the Webex Connect"
                    + " channel needs the token its events must carry (README, Webex Connect)");
        }
        ConnectChannel channel = new ConnectChannel(properties, camelContext, mapper);
        // /help on the channel lists what the channel opens, nothing more
        commands.restrictChannel(ConnectChannel.CHANNEL, channel.commands());
        return channel;
    }

    @Bean("webexConnectRetry")
    ConnectRetry webexConnectRetry(ConnectProperties properties) {
        return new ConnectRetry(properties.replyRetryBudget().toMillis());
    }
}
