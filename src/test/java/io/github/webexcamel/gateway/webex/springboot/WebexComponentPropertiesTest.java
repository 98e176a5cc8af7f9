package io.github.webexcamel.gateway.webex.springboot;

import io.github.webexcamel.gateway.config.WebexDurations;
import io.github.webexcamel.gateway.webex.WebexComponent;
import io.github.webexcamel.gateway.webex.WebexConfiguration;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** camel.component.webex.* reaches the component Camel creates, the WEBEX_* forms included (durations as 15s). */
class WebexComponentPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, WebexComponentConverter.class,
                    WebexComponentAutoConfiguration.class))
            // as the application does (META-INF/spring.factories): 3s becomes 3000 for the generated Long property
            .withInitializer(context -> new WebexDurations().postProcessEnvironment(context.getEnvironment(), null))
            .withBean("gatewayVertx", Vertx.class, Vertx::vertx, bean -> bean.setDestroyMethodName("close"));

    @Test
    void propertiesReachTheComponent() {
        runner.withPropertyValues("camel.component.webex.token=t0ken", "camel.component.webex.api-url=http://127.0.0.1:1/v1",
                        "camel.component.webex.max-in-flight=123", "camel.component.webex.ping-interval=3s",
                        "camel.component.webex.event-timeout=90000", "camel.component.webex.ingress=both",
                        "camel.component.webex.vertx=#gatewayVertx")
                .run(context -> {
                    WebexComponent webex = context.getBean(CamelContext.class).getComponent("webex", WebexComponent.class);
                    WebexConfiguration config = webex.getConfiguration();
                    assertThat(config.getToken()).isEqualTo("t0ken");
                    assertThat(config.getApiUrl()).isEqualTo("http://127.0.0.1:1/v1");
                    assertThat(config.getMaxInFlight()).isEqualTo(123);
                    assertThat(config.getPingInterval()).isEqualTo(3000);
                    assertThat(config.getEventTimeout()).isEqualTo(90000);
                    assertThat(config.getIngress()).isEqualTo("both");
                    assertThat(config.getWorkerThreads()).as("a default").isEqualTo(16);
                    assertThat(webex.getVertx()).isSameAs(context.getBean("gatewayVertx"));
                });
    }

    @Test
    void aValueTheComponentRefusesStopsItsStartNamingTheChoices() {
        runner.withPropertyValues("camel.component.webex.ingress=sideways").run(context ->
                assertThatThrownBy(() -> context.getBean(CamelContext.class).getComponent("webex"))
                        .hasStackTraceContaining("ingress (WEBEX_INGRESS) must be mercury, webhook or both, not 'sideways'"));
    }
}
