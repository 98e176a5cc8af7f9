package io.github.webexcamel.gateway.cluster;

import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which replica runs the singleton routes (the Webex socket, pollers, housekeeping): {@code routePolicy: "#webexLeader"}. */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    /** A single gateway leads alone: the policy changes nothing. */
    @Bean("webexLeader")
    RoutePolicy webexLeader() {
        return new RoutePolicySupport() {
        };
    }
}
