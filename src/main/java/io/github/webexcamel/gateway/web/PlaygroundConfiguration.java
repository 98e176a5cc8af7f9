package io.github.webexcamel.gateway.web;

import java.util.Map;

import io.github.webexcamel.gateway.config.GatewayProperties;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The playground page, served at {@code /} only when the gateway runs on the embedded sandbox: with a real
 * Webex bot there is nothing for it to talk to.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(PlaygroundConfiguration.SANDBOX_MODE)
public class PlaygroundConfiguration implements WebMvcConfigurer {

    /** The same condition as the sandbox itself: no bot token. */
    static final String SANDBOX_MODE = "'${camel.component.webex.token:}'.isBlank()";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/**").addResourceLocations("classpath:/playground/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName("forward:/index.html");
    }

    /** Where the page finds the sandbox and who it acts as. */
    @RestController
    @ConditionalOnExpression(SANDBOX_MODE)
    static class PlaygroundConfigController {

        private final WebexSandbox sandbox;
        private final GatewayProperties properties;

        PlaygroundConfigController(WebexSandbox sandbox, GatewayProperties properties) {
            this.sandbox = sandbox;
            this.properties = properties;
        }

        @GetMapping("/playground/config.json")
        Map<String, String> config() {
            return Map.of("sandboxUrl", sandbox.baseUrl(), "botEmail", sandbox.botEmail(),
                    "botDisplayName", sandbox.options().getBotDisplayName(),
                    "userEmail", properties.sandbox().userEmail());
        }
    }
}
