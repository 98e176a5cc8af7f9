package io.github.webexcamel.gateway.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.cluster.Leadership;
import io.github.webexcamel.gateway.config.GatewayMode;
import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.config.StartupProblem;
import io.github.webexcamel.gateway.state.StateValues;
import io.github.webexcamel.gateway.webex.WebexComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Webex webhooks as an ingress (webex.ingress=webhook or both): their registration and their receiving end. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookConfiguration.class);

    @Bean("webexWebhooks")
    WebexWebhooks webexWebhooks(GatewayProperties properties, WebexComponent webex, StateValues values,
                                Environment environment, CamelContext camel, Leadership leadership,
                                ProducerTemplate producer, ObjectMapper mapper) {
        String ingress = webex.getConfiguration().getIngress();
        boolean enabled = webex.getConfiguration().webhookIngress();
        GatewayProperties.Webhook webhook = properties.webhook();
        String base = webhook.url() == null ? "" : webhook.url().trim();
        if (enabled && base.isEmpty() && !GatewayMode.sandboxMode(environment)) {
            throw new StartupProblem("WEBEX_INGRESS=" + ingress + " needs WEBEX_WEBHOOK_URL, the gateway's public"
                    + " base URL Webex delivers to (e.g. https://chatops.example.com)");
        }
        if (enabled && !base.isEmpty() && !base.startsWith("https://") && !base.startsWith("http://")) {
            throw new StartupProblem("WEBEX_WEBHOOK_URL must be an http(s) URL");
        }
        String path = webhook.path().startsWith("/") ? webhook.path() : "/" + webhook.path();
        WebexWebhooks webhooks = new WebexWebhooks(producer, mapper, values, webhook.secret(), () -> {
            // on the sandbox the gateway's own address: Webex (the sandbox) runs on this machine
            String b = base.isEmpty() ? "http://127.0.0.1:" + environment.getProperty("local.server.port") : base;
            return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
        }, enabled);
        if (enabled && webhook.cleanup()) {
            // before routes and components stop, while the REST client still works; only the leader registered them
            camel.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
                @Override
                public boolean isEnabled(CamelEvent event) {
                    return event instanceof CamelEvent.CamelContextStoppingEvent;
                }

                @Override
                public void notify(CamelEvent event) {
                    if (!leadership.isLeader()) {
                        return;
                    }
                    try {
                        webhooks.cleanup();
                    } catch (RuntimeException e) {
                        LOG.warn("Could not delete this gateway's webhooks on shutdown: {}", e.getMessage());
                    }
                }
            });
        }
        return webhooks;
    }

    @Bean("webexWebhookReceiver")
    WebhookReceiver webexWebhookReceiver(WebexComponent webex, WebexWebhooks webhooks, ObjectMapper mapper,
                                         GatewayProperties properties) {
        return new WebhookReceiver(webex, webhooks, mapper, properties.webhook().maxBodySize().toBytes(),
                webex.getConfiguration().mercuryIngress() && webex.getConfiguration().webhookIngress());
    }
}
