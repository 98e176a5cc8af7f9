package io.github.webexcamel.admin;

import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The management server (its own port, the default) starts one request thread instead of the ten spare ones
 * {@code server.tomcat.threads.min-spare} gives the application server: it serves probes, metrics and the operators'
 * API, a few requests a minute. More threads are still made on demand, up to the same maximum. Only in the management
 * server's own context ({@code CHILD}): on a shared port this would shrink the application server.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementServerConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementServerThreads() {
        return new OneSpareThread();
    }

    /** Last, so it overrides the spare threads that the {@code server.tomcat.*} customizer copied from the parent. */
    static final class OneSpareThread implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    protocol.setMinSpareThreads(1);
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
