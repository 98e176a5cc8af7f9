package io.github.webexcamel.gateway.config;

import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.spring.boot.routecontroller.SupervisingRouteControllerConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's supervising route controller, switched on in application.properties ({@code camel.routecontroller.enabled},
 * env {@code CAMEL_ROUTECONTROLLER_ENABLED}) and configured by camel-spring-boot's own {@code camel.routecontroller.*}
 * properties; this bean takes the place of the one camel-spring-boot would create, so that a routes reload leaves a
 * stopped route stopped ({@link GatewayRouteController}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "camel.routecontroller", name = "enabled")
@EnableConfigurationProperties(SupervisingRouteControllerConfiguration.class)
public class RouteControllerConfiguration {

    @Bean
    SupervisingRouteController supervisingRouteController(SupervisingRouteControllerConfiguration config) {
        GatewayRouteController controller = new GatewayRouteController();
        if (config.getIncludeRoutes() != null) {
            controller.setIncludeRoutes(config.getIncludeRoutes());
        }
        if (config.getExcludeRoutes() != null) {
            controller.setExcludeRoutes(config.getExcludeRoutes());
        }
        if (config.getThreadPoolSize() > 0) {
            controller.setThreadPoolSize(config.getThreadPoolSize());
        }
        if (config.getInitialDelay() > 0) {
            controller.setInitialDelay(config.getInitialDelay());
        }
        if (config.getBackOffDelay() > 0) {
            controller.setBackOffDelay(config.getBackOffDelay());
        }
        if (config.getBackOffMaxDelay() > 0) {
            controller.setBackOffMaxDelay(config.getBackOffMaxDelay());
        }
        if (config.getBackOffMaxElapsedTime() > 0) {
            controller.setBackOffMaxElapsedTime(config.getBackOffMaxElapsedTime());
        }
        if (config.getBackOffMaxAttempts() > 0) {
            controller.setBackOffMaxAttempts(config.getBackOffMaxAttempts());
        }
        if (config.getBackOffMultiplier() > 0) {
            controller.setBackOffMultiplier(config.getBackOffMultiplier());
        }
        controller.setUnhealthyOnExhausted(config.isUnhealthyOnExhausted());
        controller.setUnhealthyOnRestarting(config.isUnhealthyOnRestarting());
        return controller;
    }
}
