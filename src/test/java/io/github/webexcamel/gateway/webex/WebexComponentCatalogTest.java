package io.github.webexcamel.gateway.webex;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.webexcamel.gateway.config.WebexDurations;
import io.github.webexcamel.gateway.webex.springboot.WebexComponentConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The build turns the component's annotations into Camel's metadata, and Camel uses what it generated. */
class WebexComponentCatalogTest {

    private static final String CATALOG = "META-INF/io/github/webexcamel/gateway/webex/webex.json";

    @Test
    void theCatalogJsonDescribesTheComponentAndItsOptions() throws Exception {
        JsonNode json = catalog();
        assertThat(json.path("component").path("scheme").asText()).isEqualTo("webex");
        assertThat(json.path("component").path("syntax").asText()).isEqualTo("webex:kind");
        JsonNode options = json.path("componentProperties");
        assertThat(options.path("token").path("secret").asBoolean()).isTrue();
        assertThat(options.path("proxyPassword").path("secret").asBoolean()).isTrue();
        assertThat(options.path("apiUrl").path("defaultValue").asText()).isEqualTo("https://webexapis.com/v1");
        assertThat(options.path("pingInterval").path("type").asText()).isEqualTo("duration");
        assertThat(options.path("ingress").path("enum")).hasSize(3);
        assertThat(json.path("properties").path("kind").path("kind").asText()).isEqualTo("path");
        assertThat(json.path("properties").path("workerThreads").path("defaultValue").asInt()).isEqualTo(16);
        assertThat(json.path("headers").path("CamelWebexOperation").isObject()).isTrue();
    }

    @Test
    void everyComponentOptionIsASpringBootProperty() throws Exception {
        Set<String> spring = Arrays.stream(Introspector.getBeanInfo(WebexComponentConfiguration.class).getPropertyDescriptors())
                .filter(p -> p.getWriteMethod() != null).map(PropertyDescriptor::getName).collect(Collectors.toSet());
        catalog().path("componentProperties").fieldNames().forEachRemaining(option ->
                assertThat(spring).as("camel.component.webex.%s", option).contains(option));
    }

    @Test
    void everyDurationOptionTakesSpringsDurationText() throws Exception {
        // the generated Spring Boot configuration holds durations as Long milliseconds; WebexDurations converts 15s first
        Set<String> durations = new java.util.TreeSet<>();
        catalog().path("componentProperties").fields().forEachRemaining(option -> {
            if ("duration".equals(option.getValue().path("type").asText())) {
                durations.add(option.getKey().replaceAll("([A-Z])", "-$1").toLowerCase());
            }
        });
        assertThat(durations).isNotEmpty().containsExactlyInAnyOrderElementsOf(WebexDurations.OPTIONS);
    }

    @Test
    void camelCreatesTheComponentByNameAndConfiguresItWithTheGeneratedConfigurers() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            assertThat(camel.getComponent("webex")).isInstanceOf(WebexComponent.class);
            PropertyConfigurer component = PluginHelper.getConfigurerResolver(camel)
                    .resolvePropertyConfigurer("webex-component", camel);
            PropertyConfigurer endpoint = PluginHelper.getConfigurerResolver(camel)
                    .resolvePropertyConfigurer("webex-endpoint", camel);
            assertThat(component).isInstanceOf(WebexComponentConfigurer.class);
            assertThat(endpoint).isInstanceOf(WebexEndpointConfigurer.class);

            WebexComponent webex = camel.getComponent("webex", WebexComponent.class);
            component.configure(camel, webex, "pingInterval", "3s", false);
            assertThat(webex.getConfiguration().getPingInterval()).isEqualTo(3000);
            WebexEndpoint messages = camel.getEndpoint("webex:messages?readTimeout=2s&maxRequestAttempts=2",
                    WebexEndpoint.class);
            assertThat(messages.getConfiguration().getReadTimeout()).isEqualTo(2000);
            assertThat(messages.getConfiguration().getMaxRequestAttempts()).isEqualTo(2);
            assertThat(messages.getConfiguration().getPingInterval()).as("inherited from the component").isEqualTo(3000);
        }
    }

    private static JsonNode catalog() throws Exception {
        try (InputStream in = WebexComponent.class.getClassLoader().getResourceAsStream(CATALOG)) {
            assertThat(in).as(CATALOG).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}
