package io.github.webexcamel.gateway.routes;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.webexcamel.gateway.e2e.GatewayTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions a command file must follow, so that adding a file is all it takes: it loads, its id and
 * endpoint match its file name, its description (the help line) is there and unique, every placeholder
 * it uses is defined, and it holds no credentials.
 */
class RoutesLintTest extends GatewayTestSupport {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:?]+)(:[^}]*)?}}");
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(bearer\\s+[a-z0-9_\\-.]{12,}|https?://[^/\\s:@]+:[^/\\s@]+@|(token|password|secret|apikey|api-key)\\s*[=:]\\s*[a-z0-9]{8,})");

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteFileLoadsAndEveryCommandFollowsTheConventions() throws IOException {
        Set<String> descriptions = new HashSet<>();
        List<Path> commandFiles = yamlFiles(Path.of("routes/commands"));
        assertThat(commandFiles).isNotEmpty();
        for (Path file : commandFiles) {
            String keyword = file.getFileName().toString().replace(".camel.yaml", "");
            List<Map<String, Object>> routes = routes(file);
            assertThat(routes).as(file + " defines one command route").hasSize(1);
            Map<String, Object> route = routes.get(0);
            assertThat(route.get("id")).as(file + " id").isEqualTo("command-" + keyword);
            assertThat(route.get("group")).as(file + " group").isEqualTo("commands");
            Object description = route.get("description");
            assertThat(description).as(file + " description (its /help line)").isInstanceOf(String.class);
            assertThat((String) description).as(file + " help line names the command").startsWith("/" + keyword);
            assertThat(descriptions.add((String) description)).as(file + " description is unique").isTrue();
            Object from = ((Map<?, ?>) route.get("from")).get("uri");
            assertThat(String.valueOf(from)).as(file + " endpoint").matches("command:" + Pattern.quote(keyword) + "(\\?.*)?");
            assertThat(camel.getRoute("command-" + keyword)).as(file + " is loaded and running").isNotNull();
        }
    }

    @Test
    void everyPlaceholderIsDefinedAndNoRouteHoldsCredentials() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(reader);
        }
        List<Path> files = new ArrayList<>(yamlFiles(Path.of("routes")));
        for (Path file : files) {
            String text = Files.readString(file);
            Set<String> kameletParameters = kameletParameters(file);
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                boolean hasDefault = m.group(2) != null;
                assertThat(hasDefault || properties.containsKey(m.group(1)) || kameletParameters.contains(m.group(1)))
                        .as(file + " uses {{" + m.group(1) + "}} which application.properties does not define").isTrue();
            }
            assertThat(SECRET.matcher(text).find()).as(file + " must not contain credentials").isFalse();
        }
    }

    /**
     * A kamelet's {{placeholders}} may also be its own declared parameters (spec.definition.properties) and its
     * template's local beans; a route template's, its declared parameters.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> kameletParameters(Path file) throws IOException {
        if (!file.toString().endsWith(".kamelet.yaml")) {
            Set<String> names = new java.util.HashSet<>();
            try (Reader reader = Files.newBufferedReader(file)) {
                for (Object item : (List<Object>) new Yaml().load(reader)) {
                    Object template = ((Map<String, Object>) item).get("routeTemplate");
                    if (template != null) {
                        for (Object parameter : (List<Object>) ((Map<String, Object>) template).getOrDefault("parameters", List.of())) {
                            names.add(String.valueOf(((Map<String, Object>) parameter).get("name")));
                        }
                    }
                }
            }
            return names;
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> kamelet = new Yaml().load(reader);
            Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
            Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
            Set<String> names = new java.util.HashSet<>(((Map<String, Object>) definition.get("properties")).keySet());
            // and its template's local beans, which the template refers to as {{name}}
            Map<String, Object> template = (Map<String, Object>) spec.get("template");
            for (Object bean : (List<Object>) template.getOrDefault("beans", List.of())) {
                names.add(String.valueOf(((Map<String, Object>) bean).get("name")));
            }
            return names;
        }
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> p.toString().endsWith(".camel.yaml") || p.toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> routes(Path file) throws IOException {
        List<Map<String, Object>> routes = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object item : (List<Object>) new Yaml().load(reader)) {
                Object route = ((Map<String, Object>) item).get("route");
                if (route != null) {
                    routes.add((Map<String, Object>) route);
                }
            }
        }
        return routes;
    }
}
