package io.github.webexcamel.gateway.config;

import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * With no bot token the gateway runs on the embedded Webex sandbox, in this process, so a newcomer has a
 * working bot without a Webex account. The sandbox speaks the real protocols; only the URLs differ.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${camel.component.webex.token:}'.isBlank()")
public class SandboxConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxConfiguration.class);

    /**
     * The sandbox stands for a remote service, so it gets its own Vert.x: sharing the gateway's event
     * loops made a busy gateway look like a slow Webex, and the other way round.
     */
    @Bean(destroyMethod = "close")
    Vertx sandboxVertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    }

    @Bean(destroyMethod = "close")
    WebexSandbox webexSandbox(@Qualifier("sandboxVertx") Vertx sandboxVertx, GatewayProperties properties) {
        WebexSandbox sandbox = new WebexSandbox(sandboxVertx, new SandboxOptions().setPort(properties.sandbox().port()));
        sandbox.start();
        return sandbox;
    }

    @Bean
    SandboxEndpoints sandboxEndpoints(WebexSandbox sandbox) {
        return new SandboxEndpoints(sandbox.botToken(), sandbox.apiUrl(), sandbox.u2cUrl(), sandbox.baseUrl());
    }

    @EventListener(ApplicationReadyEvent.class)
    void explain(ApplicationReadyEvent event) {
        WebexSandbox sandbox = event.getApplicationContext().getBean(WebexSandbox.class);
        GatewayProperties properties = event.getApplicationContext().getBean(GatewayProperties.class);
        String user = properties.sandbox().userEmail();
        String room = sandbox.directRoom(user).path("id").asText();
        String base = sandbox.baseUrl();
        String page = "http://localhost:" + event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080") + "/";
        LOG.info("""

                No WEBEX_API_TOKEN set: the bot runs on the embedded Webex sandbox at {}
                  Chat with it in the playground: {}
                  Or talk to it as {}:
                    curl -s -X POST {}/sandbox/api/messages -H 'Content-Type: application/json' -d '{"personEmail":"{}","text":"/help"}'
                  Read the conversation:
                    curl -s {}/sandbox/api/rooms/{}/messages
                """, base, page, user, base, user, base, room);
    }
}
